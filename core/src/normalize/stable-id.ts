import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so the same content always gives the same text. */
function canonical(value: unknown, depth = 0): string {
  if (depth > 64) return '"…"';
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item, depth + 1)).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key], depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * An id from content alone, for providers whose payloads carry none: a retried delivery has
 * the same content and so the same id, which lets a downstream step drop the duplicate.
 */
export function contentId(provider: string, value: unknown): string {
  const digest = createHash('sha256').update(canonical(value)).digest('hex').slice(0, 32);
  return `${provider}:${digest}`;
}
