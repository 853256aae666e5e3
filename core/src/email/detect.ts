import { MAX_EMAIL_INPUT, normalizeEmail } from './validate';

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
const SEPARATORS = /[-_ .]/g;

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

function tierOf(key: string | number, typedEmail: boolean): Tier {
  if (typeof key === 'number') return Tier.Anywhere;
  const form = key.toLowerCase().replace(SEPARATORS, '');
  if (EMAIL_KEYS.has(form) || (typedEmail && ANSWER_VALUE_KEYS.has(form))) return Tier.Named;
  if (form.endsWith('email') || form.endsWith('emailaddress')) return Tier.Suffixed;
  return Tier.Anywhere;
}

function isTypedAsEmail(object: object): boolean {
  const type = (object as Record<string, unknown>).type;
  return typeof type === 'string' && type.toLowerCase() === 'email';
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function pathOf(parents: readonly number[], keys: readonly (string | number)[], index: number, key: string | number): string {
  const parts: (string | number)[] = [key];
  for (let at = index; at > 0; at = parents[at] as number) parts.push(keys[at] as string | number);
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
 * is linear in the size of the value, and bounded in depth, and visits each object once, so
 * shared or looping references cannot make it run away.
 */
export function detectEmail(value: unknown): DetectedEmail | null {
  if (typeof value === 'string') {
    const email = normalizeEmail(value);
    return email ? { email, path: '' } : null;
  }
  if (value === null || typeof value !== 'object') return null;

  // The breadth-first queue as parallel arrays: index 0 is the root, whose key is never printed.
  const containers: object[] = [value];
  const parents: number[] = [-1];
  const keys: (string | number)[] = [''];
  const depths: number[] = [0];
  // Values handed over by a platform (not parsed from JSON) may share or loop references:
  // each object is visited once, which keeps the search linear.
  const seen = new Set<object>([value]);
  let best: { tier: Tier; email: string; path: string } | undefined;

  const visit = (head: number, key: string | number, child: unknown, typedEmail: boolean): boolean => {
    if (typeof child === 'string') {
      // Most strings are too long or hold no "@": they are dismissed before their key is even
      // looked at, and a huge string costs a length check, not a scan.
      if (child.length > MAX_EMAIL_INPUT || child.indexOf('@') < 0) return false;
      const tier = tierOf(key, typedEmail);
      if (best && best.tier <= tier) return false;
      const email = normalizeEmail(child);
      if (!email) return false;
      best = { tier, email, path: pathOf(parents, keys, head, key) };
      return tier === Tier.Named;
    }
    if (child !== null && typeof child === 'object' && (depths[head] as number) < EMAIL_SEARCH_MAX_DEPTH && !seen.has(child)) {
      seen.add(child);
      containers.push(child);
      parents.push(head);
      keys.push(key);
      depths.push((depths[head] as number) + 1);
    }
    return false;
  };

  const found = (): DetectedEmail | null => (best ? { email: best.email, path: best.path } : null);
  for (let head = 0; head < containers.length; head += 1) {
    const container = containers[head] as object;
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i += 1) if (visit(head, i, container[i], false)) return found();
    } else {
      const typedEmail = isTypedAsEmail(container);
      const record = container as Record<string, unknown>;
      for (const key of Object.keys(record)) if (visit(head, key, record[key], typedEmail)) return found();
    }
  }
  return found();
}
