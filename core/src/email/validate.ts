/**
 * Whether a string is an address a CRM would accept for a lead, and its normalized form.
 *
 * Deliberately stricter than the WHATWG grammar (which accepts `a@b` and `.a@x.org`) and
 * looser than ASCII-only rules (letters of any script are allowed). Quoted local parts, IP
 * literals and comments are rejected: no signup form produces them and CRMs refuse them.
 *
 * One pass over the characters, in place, with no regular expression that could backtrack:
 * the cost is linear in the input whatever it contains.
 */

const MAX_TOTAL = 254;
const MAX_LOCAL = 64;
const MAX_LABEL = 63;
const MAX_DOMAIN = 253;
/** Room for surrounding white space in a form field; longer strings cannot hold one address. */
export const MAX_EMAIL_INPUT = 4096;

// RFC 5322 atext besides letters and digits, by character code.
const ATEXT_SYMBOL = new Uint8Array(128);
for (const char of "!#$%&'*+-/=?^_`{|}~") ATEXT_SYMBOL[char.charCodeAt(0)] = 1;
// One code point at a time: a single-character test cannot backtrack.
const UNICODE_WORD = /^[\p{L}\p{M}\p{N}]$/u;

const DOT = 46;
const HYPHEN = 45;

function isAsciiAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A letter, mark or digit of any script beyond ASCII. */
function isInternational(code: number): boolean {
  return code > 127 && UNICODE_WORD.test(String.fromCodePoint(code));
}

/** The code point at `index`, or -1 for a lone surrogate (not a real character). */
function codePointAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 0xd800 || code > 0xdfff) return code;
  if (code >= 0xdc00) return -1;
  const next = text.charCodeAt(index + 1);
  if (!(next >= 0xdc00 && next <= 0xdfff)) return -1;
  return (code - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
}

/** Length in code points of a valid local part `text[start, end)`, or -1. */
function localPartLength(text: string, start: number, end: number): number {
  if (end <= start || text.charCodeAt(start) === DOT || text.charCodeAt(end - 1) === DOT) return -1;
  let count = 0;
  let previousDot = false;
  for (let i = start; i < end; ) {
    const code = codePointAt(text, i);
    if (code < 0) return -1;
    i += code > 0xffff ? 2 : 1;
    count += 1;
    if (count > MAX_LOCAL) return -1;
    if (code === DOT) {
      if (previousDot) return -1;
      previousDot = true;
      continue;
    }
    previousDot = false;
    if (code < 128 ? !(isAsciiAlnum(code) || ATEXT_SYMBOL[code] === 1) : !isInternational(code)) return -1;
  }
  return count;
}

/** Length in code points of a valid domain `text[start, end)`, or -1. */
function domainLength(text: string, start: number, end: number): number {
  let count = 0;
  let labels = 0;
  let labelLength = 0;
  let labelAllDigits = true;
  let previous = DOT;
  const closeLabel = (): boolean => {
    if (labelLength === 0 || labelLength > MAX_LABEL || previous === HYPHEN) return false;
    labels += 1;
    return true;
  };
  for (let i = start; i < end; ) {
    const code = codePointAt(text, i);
    if (code < 0) return -1;
    i += code > 0xffff ? 2 : 1;
    count += 1;
    if (count > MAX_DOMAIN) return -1;
    if (code === DOT) {
      if (!closeLabel()) return -1;
      labelLength = 0;
      labelAllDigits = true;
      previous = code;
      continue;
    }
    if (code < 128 ? !(isAsciiAlnum(code) || code === HYPHEN) : !isInternational(code)) return -1;
    if (labelLength === 0 && code === HYPHEN) return -1;
    labelLength += 1;
    if (!isDigit(code)) labelAllDigits = false;
    previous = code;
  }
  if (!closeLabel()) return -1;
  // A numeric top-level label means an IP address or a typo, never a mailbox domain.
  return labels >= 2 && !labelAllDigits ? count : -1;
}

/** The normalized address (trimmed, domain lowercased), or null when `input` is not one. */
export function normalizeEmail(input: string): string | null {
  // Cheap rejections first, so a huge string costs a length check, not a trim.
  if (input.length > MAX_EMAIL_INPUT) return null;
  const text = input.trim();
  if (text.length === 0 || text.length > MAX_TOTAL * 2) return null;
  const at = text.indexOf('@');
  if (at <= 0 || at !== text.lastIndexOf('@')) return null;
  const local = localPartLength(text, 0, at);
  if (local < 0) return null;
  // Validate the lowercased domain, since that is what is returned: lowercasing can lengthen
  // a label ('İ' becomes two code points).
  const domainText = text.slice(at + 1).toLowerCase();
  const domain = domainLength(domainText, 0, domainText.length);
  if (domain < 0 || local + 1 + domain > MAX_TOTAL) return null;
  return `${text.slice(0, at)}@${domainText}`;
}

export function isEmail(input: unknown): input is string {
  return typeof input === 'string' && normalizeEmail(input) !== null;
}
