import { headerValues } from '../http/headers';
import { bodyBytes, hmacSha256, isRawBody, safeEqual, secretList, SHA256_BYTES } from './digest';
import { fail, OK, type VerifyInput, type VerifyResult } from './types';

/** The spec's recommended tolerance between the sender's clock and ours. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DIGITS = /^\d{1,15}$/;

/** The HMAC key of a `whsec_<base64>` secret (the prefix is optional, as in the reference library). */
export function standardWebhooksKey(secret: string): Buffer | undefined {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (!BASE64.test(encoded)) return undefined;
  const key = Buffer.from(encoded, 'base64');
  return key.length > 0 ? key : undefined;
}

function single(input: VerifyInput, name: string): string | undefined {
  const values = headerValues(input.headers, name);
  return values.length > 0 ? values.join(' ').trim() : undefined;
}

/** v1 signatures from a space-separated `v1,<base64>` list; other versions are not ours to check. */
function v1Signatures(header: string): Buffer[] {
  const out: Buffer[] = [];
  for (const entry of header.split(/\s+/)) {
    // Node joins a repeated header with ", ", leaving a trailing comma on the first entry.
    const clean = entry.endsWith(',') ? entry.slice(0, -1) : entry;
    const comma = clean.indexOf(',');
    if (comma < 0 || clean.slice(0, comma) !== 'v1') continue;
    const encoded = clean.slice(comma + 1);
    if (!BASE64.test(encoded)) continue;
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.length === SHA256_BYTES) out.push(bytes);
  }
  return out;
}

/**
 * Standard Webhooks (standardwebhooks.com): HMAC-SHA256 over `id.timestamp.body`, keyed by the
 * decoded `whsec_` secret, with a timestamp window against replays.
 */
export function verifyStandardWebhooks(input: VerifyInput): VerifyResult {
  const keys: Buffer[] = [];
  for (const secret of secretList(input.secrets)) {
    const key = standardWebhooksKey(secret);
    if (key) keys.push(key);
  }
  if (keys.length === 0) return fail('no-secret', 'No usable signing secret is configured (expected whsec_ followed by base64).');

  const id = single(input, 'webhook-id');
  const timestamp = single(input, 'webhook-timestamp');
  const signature = single(input, 'webhook-signature');
  const missing = [!id && 'webhook-id', !timestamp && 'webhook-timestamp', !signature && 'webhook-signature'].filter(Boolean);
  if (!id || !timestamp || !signature) return fail('missing-header', `Missing header(s): ${missing.join(', ')}.`);
  if (!isRawBody(input.rawBody)) return fail('malformed', 'The raw request body is not available as bytes or text.');
  if (!DIGITS.test(timestamp)) return fail('malformed', 'The webhook-timestamp header is not a number of seconds.');

  const now = typeof input.now === 'number' && Number.isFinite(input.now) ? input.now : Math.floor(Date.now() / 1000);
  const tolerance =
    typeof input.toleranceSeconds === 'number' && input.toleranceSeconds >= 0 ? input.toleranceSeconds : DEFAULT_TOLERANCE_SECONDS;
  const sentAt = Number(timestamp);
  if (sentAt < now - tolerance) return fail('stale-timestamp', 'The webhook-timestamp is too old: the delivery may be a replay.');
  if (sentAt > now + tolerance) return fail('stale-timestamp', 'The webhook-timestamp is in the future: check the sender clock.');

  const signatures = v1Signatures(signature);
  if (signatures.length === 0) return fail('malformed', 'The webhook-signature header holds no v1 signature.');

  const body = bodyBytes(input.rawBody);
  for (const key of keys) {
    const expected = hmacSha256(key, `${id}.${timestamp}.`, body);
    for (const sent of signatures) if (safeEqual(expected, sent)) return OK;
  }
  return fail('mismatch', 'No webhook-signature matches the body and the configured secret.');
}
