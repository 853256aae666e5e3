import type { HeaderBag } from '../http/types';

export type VerifyFailureReason = 'missing-header' | 'malformed' | 'mismatch' | 'stale-timestamp' | 'no-secret';

/** What a verification concluded. `message` is safe to log: it never holds a secret or signature. */
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailureReason; message: string };

export interface VerifyInput {
  /** The exact bytes received. Never re-serialized JSON: one changed space breaks the HMAC. */
  rawBody: Uint8Array | string;
  headers: HeaderBag;
  /** The signing secret(s); several during a rotation. Surrounding white space is ignored. */
  secrets: string | readonly string[];
  /** Popup only: how the endpoint is secured (default: signature). */
  mode?: 'signature' | 'bearer';
  /** Popup only: the header holding an HMAC of the body; unset means Standard Webhooks headers. */
  header?: string;
  /** Popup only: how that HMAC is written (default: auto, hex or base64). */
  encoding?: DigestEncoding;
  /** Popup only: text before the digest, e.g. `sha256=`. */
  prefix?: string;
  /** Timestamped schemes: the current time in epoch seconds (default: the clock). */
  now?: number;
  /** Timestamped schemes: how far a timestamp may be from `now` (default 300 s). */
  toleranceSeconds?: number;
}

export type DigestEncoding = 'hex' | 'base64' | 'auto';

export function fail(reason: VerifyFailureReason, message: string): VerifyResult {
  return { ok: false, reason, message };
}

export const OK: VerifyResult = Object.freeze({ ok: true });
