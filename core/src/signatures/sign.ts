import { bodyBytes, hmacSha256 } from './digest';
import { standardWebhooksKey } from './standard-webhooks';
import type { DigestEncoding } from './types';

/**
 * The headers each tool would send with a body: for the local Wisepops sandbox, demos and
 * tests of receivers. The inverse of verification, built from the same primitives.
 */
export type SignInput =
  | { scheme: 'wisepops' | 'coolpopup' | 'popsee'; body: Uint8Array | string; secret: string }
  | { scheme: 'standard-webhooks'; body: Uint8Array | string; secret: string; id: string; timestamp: number }
  | { scheme: 'popup-hmac'; body: Uint8Array | string; secret: string; header: string; encoding?: Exclude<DigestEncoding, 'auto'>; prefix?: string }
  | { scheme: 'bearer'; token: string };

export function signatureHeaders(signing: SignInput): Record<string, string> {
  // Verification ignores white space around a secret; signing does the same so the two agree.
  const input: SignInput = signing.scheme === 'bearer' ? { ...signing, token: signing.token.trim() } : { ...signing, secret: signing.secret.trim() };
  switch (input.scheme) {
    case 'wisepops':
      return { 'X-Wisepops-Signature': hmacSha256(input.secret, bodyBytes(input.body)).toString('hex') };
    case 'coolpopup':
      return { 'X-CoolPopup-Signature': hmacSha256(input.secret, bodyBytes(input.body)).toString('hex') };
    case 'popsee':
      return { 'X-Popsee-Signature': `sha256=${hmacSha256(input.secret, bodyBytes(input.body)).toString('hex')}` };
    case 'popup-hmac':
      return { [input.header]: `${input.prefix ?? ''}${hmacSha256(input.secret, bodyBytes(input.body)).toString(input.encoding ?? 'hex')}` };
    case 'bearer':
      return { Authorization: `Bearer ${input.token}` };
    case 'standard-webhooks': {
      const key = standardWebhooksKey(input.secret);
      if (!key) throw new Error('A Standard Webhooks secret is whsec_ followed by base64.');
      const timestamp = String(Math.floor(input.timestamp));
      const signature = hmacSha256(key, `${input.id}.${timestamp}.`, bodyBytes(input.body)).toString('base64');
      return { 'webhook-id': input.id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
    }
  }
}
