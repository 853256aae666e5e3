import { createHash } from 'node:crypto';

/** Nodes written at most: past this the rest of the value is summarized, never looped over. */
const MAX_NODES = 100_000;
const MAX_DEPTH = 64;

/**
 * JSON-like text with object keys sorted, so the same content always gives the same text.
 * Safe for what JSON.stringify refuses: BigInt, shared and looping references (platforms may
 * hand over values that were never JSON).
 */
function canonical(value: unknown): string {
  let nodes = 0;
  const ancestors = new Set<object>();
  const write = (item: unknown, depth: number): string => {
    nodes += 1;
    if (typeof item === 'bigint') return `"${item}n"`;
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') return 'null';
    if (item === null || typeof item !== 'object') return JSON.stringify(item) ?? 'null';
    if (ancestors.has(item)) return '"[cycle]"';
    if (depth > MAX_DEPTH || nodes > MAX_NODES) return '"…"';
    ancestors.add(item);
    let text: string;
    if (Array.isArray(item)) {
      const parts: string[] = [];
      for (let i = 0; i < item.length && nodes <= MAX_NODES; i += 1) parts.push(write(item[i], depth + 1));
      text = `[${parts.join(',')}]`;
    } else {
      const record = item as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(record).sort()) {
        if (nodes > MAX_NODES) break;
        parts.push(`${JSON.stringify(key)}:${write(record[key], depth + 1)}`);
      }
      text = `{${parts.join(',')}}`;
    }
    ancestors.delete(item);
    return text;
  };
  return write(value, 0);
}

/**
 * An id from content alone, for providers whose payloads carry none: a retried delivery has
 * the same content and so the same id, which lets a downstream step drop the duplicate.
 */
export function contentId(provider: string, value: unknown): string {
  const digest = createHash('sha256').update(canonical(value)).digest('hex').slice(0, 32);
  return `${provider}:${digest}`;
}
