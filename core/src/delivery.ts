import { headerValue } from './http/headers';
import type { HeaderBag } from './http/types';
import type { LeadRecord, ProviderId } from './normalize/record';
import { providerById } from './providers/registry';
import type { VerifyFailureReason, VerifyInput } from './signatures/types';
import { verifySignature } from './verify-signature';

/**
 * The whole receiving side of a webhook in one call, so Zapier's `perform` and n8n's
 * `webhook()` behave the same: verify the raw bytes, decode, normalize, filter by event.
 */

/** Bodies above this are refused rather than parsed (n8n's own default limit is 16 MB). */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
/** JSON nested deeper than this is refused: no lead is, and deeper values break serializers downstream. */
export const MAX_BODY_DEPTH = 64;

export interface DeliveryInput extends VerifyInput {
  provider: ProviderId;
  /** The event the hook was subscribed to (Wisepops bodies do not say). */
  event?: string;
  /** Keep only records of these events; empty or absent keeps all. */
  events?: readonly string[];
  maxBodyBytes?: number;
}

export type DeliveryFailureReason = VerifyFailureReason | 'empty-body' | 'invalid-encoding' | 'invalid-json' | 'too-deep' | 'too-large';

export type DeliveryResult =
  | {
      ok: true;
      records: LeadRecord[];
      /** Records left out by the event filter (answered 200, not an error). */
      ignored: number;
    }
  | {
      ok: false;
      /** The HTTP status to answer the sender with. */
      status: 400 | 401 | 413;
      reason: DeliveryFailureReason;
      /** Safe to log and to send back: no secret, no body content. */
      message: string;
    };

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as text, or undefined when it is not UTF-8. The lenient decoder is fast and marks
 * bad bytes with U+FFFD; only then does the strict one decide, since U+FFFD may also be real.
 */
function decode(rawBody: Uint8Array | string): string | undefined {
  if (typeof rawBody === 'string') return rawBody;
  const text = Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength).toString('utf8');
  if (!text.includes('\ufffd')) return text;
  try {
    return fatalUtf8.decode(rawBody);
  } catch {
    return undefined;
  }
}

function byteLength(rawBody: Uint8Array | string): number {
  return typeof rawBody === 'string' ? Buffer.byteLength(rawBody, 'utf8') : rawBody.byteLength;
}

/** Whether nesting exceeds `max`, without recursion (a hostile body must not overflow the stack). */
function deeperThan(value: unknown, max: number): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const current = values.pop() as object;
    const depth = depths.pop() as number;
    if (depth > max) return true;
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i += 1) {
        const child: unknown = current[i];
        if (child !== null && typeof child === 'object') {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in current) {
        const child: unknown = (current as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}

/** A form post as an object; no prototype, so a `__proto__` field stays a field. */
function formObject(text: string): Record<string, string | string[]> {
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined;
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

type DeliveryRefusal = Extract<DeliveryResult, { ok: false }>;

function refuse(status: 400 | 401 | 413, reason: DeliveryFailureReason, message: string): DeliveryRefusal {
  return { ok: false, status, reason, message };
}

/** Decodes a verified body: JSON, or a form post when the Content-Type says so. */
export function decodeBody(rawBody: Uint8Array | string, headers: HeaderBag): { ok: true; body: unknown } | DeliveryRefusal {
  const text = decode(rawBody);
  if (text === undefined) return refuse(400, 'invalid-encoding', 'The body is not valid UTF-8.');
  const trimmed = text.charCodeAt(0) === 0xfeff ? text.slice(1).trim() : text.trim();
  if (trimmed === '') return refuse(400, 'empty-body', 'The body is empty: expected JSON.');
  const type = (headerValue(headers, 'content-type') ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) return { ok: true, body: formObject(trimmed) };
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    return refuse(400, 'invalid-json', 'The body is not valid JSON.');
  }
  if (body !== null && typeof body === 'object' && deeperThan(body, MAX_BODY_DEPTH)) return refuse(400, 'too-deep', `The JSON is nested deeper than ${MAX_BODY_DEPTH} levels.`);
  return { ok: true, body };
}

/** Never throws: every input, however broken, gives records or a status to answer with. */
export function receiveDelivery(input: DeliveryInput): DeliveryResult {
  if (!input || typeof input !== 'object') return refuse(400, 'malformed', 'Nothing to receive.');
  const provider = providerById(input.provider);
  if (!provider) return refuse(400, 'malformed', 'Unknown provider.');
  const limit = input.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (input.rawBody !== undefined && (typeof input.rawBody === 'string' || input.rawBody instanceof Uint8Array) && byteLength(input.rawBody) > limit) {
    return refuse(413, 'too-large', `The body is larger than ${limit} bytes.`);
  }
  const verified = verifySignature(input.provider, input);
  if (!verified.ok) return refuse(401, verified.reason, verified.message);

  const decoded = decodeBody(input.rawBody, input.headers);
  if (!decoded.ok) return decoded;
  const records = provider.normalize(decoded.body, { event: input.event, headers: input.headers });
  const filter = Array.isArray(input.events) ? input.events.filter((event) => typeof event === 'string' && event !== '') : [];
  if (filter.length === 0) return { ok: true, records, ignored: 0 };
  const kept = records.filter((record) => filter.includes(record.event));
  return { ok: true, records: kept, ignored: records.length - kept.length };
}

/** Drops records whose id was already seen (backfill pages overlap at their boundary). */
export function uniqueById(records: readonly LeadRecord[], seen: Set<string> = new Set()): LeadRecord[] {
  const out: LeadRecord[] = [];
  for (const record of records) {
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    out.push(record);
  }
  return out;
}
