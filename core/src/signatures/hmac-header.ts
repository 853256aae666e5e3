import { headerValues } from '../http/headers';
import { bodyBytes, decodeDigest, hmacSha256, isRawBody, safeEqual, secretList } from './digest';
import { fail, OK, type DigestEncoding, type VerifyInput, type VerifyResult } from './types';

export interface HmacHeaderScheme {
  /** The header carrying the digest, e.g. `X-Wisepops-Signature`. */
  header: string;
  encoding: DigestEncoding;
  /** Text before the digest, compared without regard to case (`sha256=`). */
  prefix?: string;
}

/**
 * The candidate digests sent in the header. A repeated header, or Node's ", " join of one,
 * gives several; each is an HMAC only a secret holder can produce, so any one matching is
 * proof enough, as with Standard Webhooks' signature lists.
 */
function candidates(input: VerifyInput, scheme: HmacHeaderScheme): string[] {
  const out: string[] = [];
  for (const value of headerValues(input.headers, scheme.header)) {
    for (const part of value.split(',')) if (part.trim()) out.push(part.trim());
  }
  return out;
}

/** Verifies a header holding HMAC-SHA256(secret, raw body): Wisepops, Cool Popup, Popsee, Popup. */
export function verifyHmacHeader(input: VerifyInput, scheme: HmacHeaderScheme): VerifyResult {
  const secrets = secretList(input.secrets);
  if (secrets.length === 0) return fail('no-secret', 'No signing secret is configured, so the delivery cannot be checked.');
  const sent = candidates(input, scheme);
  if (sent.length === 0) return fail('missing-header', `The ${scheme.header} header is missing.`);
  if (!isRawBody(input.rawBody)) return fail('malformed', 'The raw request body is not available as bytes or text.');

  const prefix = scheme.prefix?.toLowerCase();
  const digests: Buffer[] = [];
  for (const candidate of sent) {
    if (prefix && !candidate.toLowerCase().startsWith(prefix)) continue;
    const digest = decodeDigest(prefix ? candidate.slice(prefix.length) : candidate, scheme.encoding);
    if (digest) digests.push(digest);
  }
  if (digests.length === 0) {
    const shape = `${scheme.prefix ?? ''}${scheme.encoding === 'base64' ? 'base64' : scheme.encoding === 'hex' ? 'hex' : 'hex or base64'} SHA-256 digest`;
    return fail('malformed', `The ${scheme.header} header is not a ${shape}.`);
  }

  const body = bodyBytes(input.rawBody);
  for (const secret of secrets) {
    const expected = hmacSha256(secret, body);
    for (const digest of digests) if (safeEqual(expected, digest)) return OK;
  }
  return fail('mismatch', `The ${scheme.header} signature does not match the body and the configured secret.`);
}
