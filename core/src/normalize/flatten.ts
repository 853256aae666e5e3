import type { FlatValue } from './record';

/**
 * Flat keys for nested data, because Zapier's field picker and n8n's expressions both map flat
 * scalar keys most easily. Scheme: `<prefix>_<slug>` where the slug is the key lowercased with
 * every run of characters other than letters and digits turned into one `_`
 * (`fields["First name"]` → `field_first_name`); nested objects add `_<slug>` per level,
 * arrays of objects `_<n>` from 1, arrays of scalars become one comma-separated text.
 * A slug that is already taken gets `_2`, `_3`. Originals stay untouched in `raw`.
 */

const MAX_DEPTH = 4;
const MAX_SLUG = 64;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

// Form labels repeat from lead to lead: remember their slugs (bounded, so hostile keys cannot grow it).
const SLUG_CACHE = new Map<string, string>();
const SLUG_CACHE_MAX = 2000;

export function slug(key: string): string {
  const cached = SLUG_CACHE.get(key);
  if (cached !== undefined) return cached;
  const made = makeSlug(key);
  if (SLUG_CACHE.size >= SLUG_CACHE_MAX) SLUG_CACHE.clear();
  if (key.length <= 128) SLUG_CACHE.set(key, made);
  return made;
}

function makeSlug(key: string): string {
  const text = key.toLowerCase().replace(NOT_WORD, '_');
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === '_') start += 1;
  while (end > start && text[end - 1] === '_') end -= 1;
  return text.slice(start, Math.min(end, start + MAX_SLUG));
}

function scalar(value: unknown): value is FlatValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function put(out: Record<string, unknown>, key: string, value: FlatValue): void {
  let name = key;
  for (let n = 2; Object.prototype.hasOwnProperty.call(out, name); n += 1) name = `${key}_${n}`;
  out[name] = value;
}

/** JSON text for what is too deep to flatten; never throws. */
function text(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '[unprintable value]';
  }
}

export function flattenInto(out: Record<string, unknown>, prefix: string, value: unknown, depth = 0): void {
  if (scalar(value)) {
    put(out, prefix, value);
    return;
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return;
  if (typeof value !== 'object') {
    // bigint, NaN, Infinity: not JSON, kept as text.
    put(out, prefix, String(value));
    return;
  }
  if (depth >= MAX_DEPTH) {
    put(out, prefix, text(value));
    return;
  }
  if (Array.isArray(value)) {
    if (value.every(scalar)) {
      put(out, prefix, value.map((item) => (item === null ? '' : String(item))).join(', '));
      return;
    }
    value.forEach((item, index) => flattenInto(out, `${prefix}_${index + 1}`, item, depth + 1));
    return;
  }
  const entries = Object.entries(value);
  entries.forEach(([key, item], index) => {
    const part = slug(key) || String(index + 1);
    flattenInto(out, `${prefix}_${part}`, item, depth + 1);
  });
}

/** Flattens each own property of `object` under `prefix`. */
export function flattenFields(out: Record<string, unknown>, prefix: string, object: unknown): void {
  if (object && typeof object === 'object' && !Array.isArray(object)) {
    Object.entries(object).forEach(([key, item], index) => {
      flattenInto(out, `${prefix}_${slug(key) || String(index + 1)}`, item, 1);
    });
  } else if (object !== undefined) {
    flattenInto(out, prefix, object, 1);
  }
}
