/**
 * The leads in a body: each element of an array, or the body itself. A JSON `null` (or no
 * body) holds none; anything else is one lead, so no content is ever skipped. Holes in a
 * sparse array (never produced by JSON) hold nothing and are passed over.
 */
export function itemsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body.filter(() => true);
  if (body === null || body === undefined) return [];
  return [body];
}

/**
 * The properties of `object` not in `known`. The result has no prototype, so a `__proto__`
 * key sent by a tool stays an ordinary key instead of becoming the object's prototype.
 */
export function unknownKeys(object: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(object)) if (!known.has(key)) out[key] = object[key];
  return out;
}

/**
 * The original object under `key` of `item`, once its schema accepted it. Flattening reads the
 * original because schema output copies objects and leaves out keys such as `__proto__`.
 */
export function originalObject(item: unknown, key: string, accepted: unknown): Record<string, unknown> | undefined {
  if (accepted === undefined || !item || typeof item !== 'object') return undefined;
  const value = (item as Record<string, unknown>)[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
