/**
 * The leads in a body: each element of an array, or the body itself. A JSON `null` (or no
 * body) holds none; anything else is one lead, so no content is ever skipped.
 */
export function itemsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body === null || body === undefined) return [];
  return [body];
}

/** Flattens the keys of `object` that are not in `known` under `prefix`. */
export function unknownKeys(object: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) if (!known.has(key)) out[key] = object[key];
  return out;
}
