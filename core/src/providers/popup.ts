import { z } from 'zod';

import { verifyBearer } from '../signatures/bearer';
import { verifyHmacHeader } from '../signatures/hmac-header';
import { verifyStandardWebhooks } from '../signatures/standard-webhooks';
import { fail, type VerifyInput, type VerifyResult } from '../signatures/types';
import type { ProviderDescriptor } from './descriptor';
import { normalizeEnvelope } from './envelope';
import { itemsOf } from './items';

/**
 * Popup's options are user input (seed 004 does not publish header names or the algorithm), so
 * they are checked before use.
 */
const PopupOptionsSchema = z.object({
  mode: z.enum(['signature', 'bearer']).default('signature'),
  header: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'a header name')
    .optional(),
  encoding: z.enum(['hex', 'base64', 'auto']).default('auto'),
  prefix: z.string().max(32).optional(),
});

/**
 * Signed-secret mode checks Standard Webhooks headers unless a header is named, then a plain
 * HMAC of the body in that header; bearer mode compares `Authorization: Bearer <token>`.
 */
function verifyPopup(input: VerifyInput): VerifyResult {
  const options = PopupOptionsSchema.safeParse({ mode: input.mode, header: input.header || undefined, encoding: input.encoding, prefix: input.prefix || undefined });
  if (!options.success) {
    const problem = options.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    return fail('malformed', `The Popup verification settings are invalid (${problem}).`);
  }
  const { mode, header, encoding, prefix } = options.data;
  if (mode === 'bearer') return verifyBearer(input);
  if (header) return verifyHmacHeader(input, { header, encoding, prefix });
  return verifyStandardWebhooks(input);
}

export const popup: ProviderDescriptor = {
  id: 'popup',
  name: 'Popup',
  events: [],
  setup: 'In Popup, open your venue dashboard > Settings > Webhooks > Add endpoint, paste this URL, pick the events and an authentication mode.',
  secret: {
    label: 'Signing Secret or Bearer Token',
    help: 'Popup shows it once when you create the endpoint (venue dashboard > Settings > Webhooks).',
  },
  verify: verifyPopup,
  normalize: (body, context) => itemsOf(body).map((item) => normalizeEnvelope(item, context, { provider: 'popup' })),
};
