import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import type { DigestEncoding } from './types';

export const SHA256_BYTES = 32;

export function bodyBytes(rawBody: Uint8Array | string): Buffer {
  return typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
}

export function hmacSha256(key: string | Buffer, ...parts: (Buffer | string)[]): Buffer {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The bytes of a written SHA-256 digest, or undefined when the text is not one. Buffer.from
 * alone would silently stop at the first bad character and accept a truncated value.
 */
export function decodeDigest(text: string, encoding: DigestEncoding): Buffer | undefined {
  const value = text.trim();
  const asHex = encoding !== 'base64' && value.length === SHA256_BYTES * 2 && HEX.test(value);
  if (asHex) return Buffer.from(value, 'hex');
  if (encoding === 'hex') return undefined;
  if (value.length > 64 || !BASE64.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === SHA256_BYTES ? bytes : undefined;
}

/** Constant-time equality that is also safe for values of different lengths. */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time comparison of two texts of any length, through their hashes. */
export function safeEqualText(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** The usable secrets: trimmed, empty ones dropped. */
export function secretList(secrets: unknown): string[] {
  const list = typeof secrets === 'string' ? [secrets] : Array.isArray(secrets) ? secrets : [];
  const out: string[] = [];
  for (const secret of list) if (typeof secret === 'string' && secret.trim()) out.push(secret.trim());
  return out;
}

export function isRawBody(value: unknown): value is Uint8Array | string {
  return typeof value === 'string' || value instanceof Uint8Array;
}
