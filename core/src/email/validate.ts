/**
 * Whether a string is an address a CRM would accept for a lead, and its normalized form.
 *
 * Deliberately stricter than the WHATWG grammar (which accepts `a@b` and `.a@x.org`) and
 * looser than ASCII-only rules (letters of any script are allowed). Quoted local parts, IP
 * literals and comments are rejected: no signup form produces them and CRMs refuse them.
 *
 * Written as one pass over the characters with no regular expression that could backtrack,
 * so the cost is linear in the input whatever it contains.
 */

const MAX_TOTAL = 254;
const MAX_LOCAL = 64;
const MAX_LABEL = 63;
const MAX_DOMAIN = 253;
// Room for surrounding white space in a form field; longer strings cannot hold one address.
const MAX_INPUT = 4096;

// RFC 5322 atext besides letters and digits.
const ATEXT_SYMBOLS = new Set("!#$%&'*+-/=?^_`{|}~");
// One code point at a time: a single-character test cannot backtrack.
const UNICODE_WORD = /^[\p{L}\p{M}\p{N}]$/u;

function isAsciiAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isInternationalLetter(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code > 127 && UNICODE_WORD.test(char);
}

function isLocalChar(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  if (code < 128) return isAsciiAlnum(code) || ATEXT_SYMBOLS.has(char);
  return isInternationalLetter(char);
}

function isDomainChar(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  if (code < 128) return isAsciiAlnum(code) || char === '-';
  return isInternationalLetter(char);
}

/** Code points of `text`, or undefined when it holds a lone surrogate (not a real character). */
function codePoints(text: string): string[] | undefined {
  const out: string[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) return undefined;
    out.push(char);
  }
  return out;
}

function validLocalPart(chars: readonly string[]): boolean {
  if (chars.length === 0 || chars.length > MAX_LOCAL) return false;
  if (chars[0] === '.' || chars[chars.length - 1] === '.') return false;
  let previousDot = false;
  for (const char of chars) {
    if (char === '.') {
      if (previousDot) return false;
      previousDot = true;
      continue;
    }
    previousDot = false;
    if (!isLocalChar(char)) return false;
  }
  return true;
}

function validDomain(chars: readonly string[]): boolean {
  if (chars.length === 0 || chars.length > MAX_DOMAIN) return false;
  let labels = 0;
  let labelLength = 0;
  let labelStart = '';
  let previous = '';
  let labelAllDigits = true;
  const closeLabel = (): boolean => {
    if (labelLength === 0 || labelLength > MAX_LABEL) return false;
    if (labelStart === '-' || previous === '-') return false;
    labels += 1;
    return true;
  };
  for (const char of chars) {
    if (char === '.') {
      if (!closeLabel()) return false;
      labelLength = 0;
      labelAllDigits = true;
      previous = char;
      continue;
    }
    if (!isDomainChar(char)) return false;
    if (labelLength === 0) labelStart = char;
    labelLength += 1;
    if (char < '0' || char > '9') labelAllDigits = false;
    previous = char;
  }
  if (!closeLabel()) return false;
  // A numeric top-level label means an IP address or a typo, never a mailbox domain.
  return labels >= 2 && !labelAllDigits;
}

/** The normalized address (trimmed, domain lowercased), or null when `input` is not one. */
export function normalizeEmail(input: string): string | null {
  // Cheap rejections first, so a huge string costs a length check, not a trim.
  if (input.length > MAX_INPUT) return null;
  const text = input.trim();
  if (text.length === 0 || text.length > MAX_TOTAL * 2) return null;
  const at = text.indexOf('@');
  if (at <= 0 || at !== text.lastIndexOf('@')) return null;
  const chars = codePoints(text);
  if (!chars || chars.length > MAX_TOTAL) return null;
  const atIndex = chars.indexOf('@');
  const local = chars.slice(0, atIndex);
  const domain = chars.slice(atIndex + 1);
  if (!validLocalPart(local) || !validDomain(domain)) return null;
  return `${local.join('')}@${domain.join('').toLowerCase()}`;
}

export function isEmail(input: unknown): input is string {
  return typeof input === 'string' && normalizeEmail(input) !== null;
}
