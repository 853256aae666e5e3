/** Epoch values below this are seconds, above it milliseconds (1e11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;
const NUMERIC = /^-?\d+(\.\d+)?$/;
// What Wisepops sends and toISOString writes (`2019-10-10T10:10:58.389Z`) is kept as it is once
// its numbers are in range, which saves a Date round trip per lead on the hot path.
const CANONICAL_SHAPE = 'dddd-dd-ddTdd:dd:dd.dddZ';
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function number(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i += 1) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}

function canonicalInRange(text: string): boolean {
  for (let i = 0; i < CANONICAL_SHAPE.length; i += 1) {
    const code = text.charCodeAt(i);
    const want = CANONICAL_SHAPE.charCodeAt(i);
    if (want === 100 /* d */ ? code < 48 || code > 57 : code !== want) return false;
  }
  const year = number(text, 0, 4);
  const month = number(text, 5, 2);
  const day = number(text, 8, 2);
  if (month < 1 || month > 12 || day < 1 || number(text, 11, 2) > 23 || number(text, 14, 2) > 59 || number(text, 17, 2) > 59) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && !leap ? 28 : (DAYS[month - 1] as number));
}

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
    if (text.length === 24 && canonicalInRange(text)) return text;
    if (NUMERIC.test(text)) return toIsoTime(Number(text));
    ms = Date.parse(text);
  } else {
    return null;
  }
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
