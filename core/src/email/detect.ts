import { normalizeEmail } from './validate';

export interface DetectedEmail {
  /** The address, trimmed, with its domain lowercased. */
  email: string;
  /** Where it was found, e.g. `visitor.email` or `response.answers[2].value`. */
  path: string;
}

/** Nesting deeper than this is not searched: no lead form nests its email further. */
export const EMAIL_SEARCH_MAX_DEPTH = 32;

// Keys compared after lowercasing and dropping "-", "_", "." and spaces.
const EMAIL_KEYS = new Set(['email', 'emailaddress', 'mail']);
// Keys typed answers use for their value (Typeform-like `{ type: "email", email }` is covered by EMAIL_KEYS).
const ANSWER_VALUE_KEYS = new Set(['value', 'answer', 'text']);

/** How sure a place is to hold the lead's email; lower wins. */
const Tier = {
  /** A key that names an email, or the value of an answer typed as email. */
  Named: 1,
  /** A key that ends in "email" (work_email, q3_email). */
  Suffixed: 2,
  /** Any string that is a complete address. */
  Anywhere: 3,
} as const;
type Tier = (typeof Tier)[keyof typeof Tier];

function keyForm(key: string): string {
  let out = '';
  for (let i = 0; i < key.length; i += 1) {
    const char = key[i] as string;
    if (char === '-' || char === '_' || char === ' ' || char === '.') continue;
    out += char;
  }
  return out.toLowerCase();
}

interface Node {
  value: object;
  parent: number;
  key: string | number;
  depth: number;
}

function isTypedAsEmail(object: object): boolean {
  const type = (object as Record<string, unknown>).type;
  return typeof type === 'string' && type.toLowerCase() === 'email';
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function pathOf(nodes: readonly Node[], index: number, key: string | number): string {
  const parts: (string | number)[] = [key];
  for (let at = index; at > 0; at = (nodes[at] as Node).parent) parts.push((nodes[at] as Node).key);
  let path = '';
  for (let i = parts.length - 1; i >= 0; i -= 1) {
    const part = parts[i] as string | number;
    if (typeof part === 'number') path += `[${part}]`;
    else if (IDENTIFIER.test(part)) path += path ? `.${part}` : part;
    else path += `[${JSON.stringify(part)}]`;
  }
  return path;
}

/**
 * Finds the email address in a lead, as the conversion tool's "automatic email search" does:
 * first under keys that name an email (at any depth, shallowest first), then under keys that
 * end in "email", then in any string that is a complete address. Breadth-first, so the cost
 * is linear in the size of the value, and bounded in depth, so cycles cannot loop.
 */
export function detectEmail(value: unknown): DetectedEmail | null {
  if (typeof value === 'string') {
    const email = normalizeEmail(value);
    return email ? { email, path: '' } : null;
  }
  if (value === null || typeof value !== 'object') return null;

  // nodes[0] is the root; its key is never printed.
  const nodes: Node[] = [{ value, parent: -1, key: '', depth: 0 }];
  // Values handed over by a platform (not parsed from JSON) may share or loop references.
  const seen = new Set<object>([value]);
  let best: { tier: Tier; email: string; path: string } | undefined;

  for (let head = 0; head < nodes.length; head += 1) {
    const node = nodes[head] as Node;
    const container = node.value;
    const typedEmail = !Array.isArray(container) && isTypedAsEmail(container);
    const entries: [string | number, unknown][] = Array.isArray(container)
      ? container.map((item, index): [number, unknown] => [index, item])
      : Object.entries(container);

    for (const [key, child] of entries) {
      if (typeof child === 'string') {
        let tier: Tier = Tier.Anywhere;
        if (typeof key === 'string') {
          const form = keyForm(key);
          if (EMAIL_KEYS.has(form) || (typedEmail && ANSWER_VALUE_KEYS.has(form))) tier = Tier.Named;
          else if (form.endsWith('email') || form.endsWith('emailaddress')) tier = Tier.Suffixed;
        }
        if (best && best.tier <= tier) continue;
        const email = normalizeEmail(child);
        if (!email) continue;
        best = { tier, email, path: pathOf(nodes, head, key) };
        if (tier === Tier.Named) return { email: best.email, path: best.path };
      } else if (child !== null && typeof child === 'object' && node.depth < EMAIL_SEARCH_MAX_DEPTH && !seen.has(child)) {
        seen.add(child);
        nodes.push({ value: child, parent: head, key, depth: node.depth + 1 });
      }
    }
  }
  return best ? { email: best.email, path: best.path } : null;
}
