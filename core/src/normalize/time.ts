/** Epoch values below this are seconds, above it milliseconds (1e11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;
const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * ISO 8601 (UTC) for an ISO string or an epoch in seconds or milliseconds; null when the
 * value is not a time. The original stays in `raw`.
 */
export function toIsoTime(value: unknown): string | null {
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    ms = Math.abs(value) < SECONDS_LIMIT ? value * 1000 : value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (!text || text.length > 64) return null;
    if (NUMERIC.test(text)) return toIsoTime(Number(text));
    ms = Date.parse(text);
  } else {
    return null;
  }
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
