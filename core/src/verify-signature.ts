import type { ProviderId } from './normalize/record';
import { providerById } from './providers/registry';
import { fail, type VerifyInput, type VerifyResult } from './signatures/types';

export type SignatureScheme = ProviderId;

/**
 * Checks that a delivery was signed by the tool it claims to come from. Never throws: any
 * input, however broken, gives `{ ok: true }` or `{ ok: false, reason, message }`.
 */
export function verifySignature(scheme: SignatureScheme, input: VerifyInput): VerifyResult {
  const provider = providerById(scheme);
  if (!provider) return fail('malformed', `Unknown signature scheme "${String(scheme).slice(0, 40)}".`);
  if (!input || typeof input !== 'object') return fail('malformed', 'Nothing to verify.');
  return provider.verify(input);
}
