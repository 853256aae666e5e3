import { randomUUID } from 'node:crypto';

import { signatureHeaders, type SignInput } from '@popup-leads/core';
import { z } from 'zod';

import { postOnce, type PostResult, type RequestTracker } from './post';

/**
 * Signed deliveries in the formats of the other tools' documents, sent to any URL: the way to
 * feed a receiver (the Popup Webhook Trigger, a Zap) without an account at each tool. Bodies
 * follow each document's example; signatures come from the core's `signatureHeaders`, the
 * inverse of the verification the receivers run.
 */

export const SendInputSchema = z.object({
  provider: z.enum(['wisepops', 'coolpopup', 'popsee', 'popup', 'standard-webhooks']),
  url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }),
  /** The signing secret (Wisepops: the API key; Standard Webhooks: `whsec_…`; Popup bearer mode: the token). */
  secret: z.string().min(1, 'secret is required'),
  /** Replaces the sample body; a string is sent byte for byte. */
  body: z.unknown().optional(),
  /** The email to put in the sample body. */
  email: z.string().optional(),
  /** The event/type to put in the sample body. */
  event: z.string().optional(),
  /** Popup only: how its endpoint is secured (seed 004 publishes no header names, see the core). */
  popup: z
    .object({
      mode: z.enum(['standard-webhooks', 'hmac', 'bearer']).default('standard-webhooks'),
      header: z.string().default('X-Popup-Signature'),
      encoding: z.enum(['hex', 'base64']).default('hex'),
      prefix: z.string().optional(),
    })
    .default({ mode: 'standard-webhooks', header: 'X-Popup-Signature', encoding: 'hex' }),
  /** Standard Webhooks / Popup: the webhook-id and webhook-timestamp (seconds) to sign; default a new id and now. */
  id: z.string().optional(),
  timestamp: z.number().int().nonnegative().optional(),
  timeoutMs: z.number().int().positive().default(10_000),
});
export type SendInput = z.input<typeof SendInputSchema>;

export interface SendResult {
  /** What was sent: exact body and headers, for assertions. */
  sent: { url: string; headers: Record<string, string>; body: string };
  response: PostResult;
}

const DEFAULT_EMAIL = 'jane.smith@example.com';

/** A sample body in the provider's documented format. */
export function sampleBody(provider: z.output<typeof SendInputSchema>['provider'], email = DEFAULT_EMAIL, event?: string, now = new Date()): unknown {
  const timestamp = now.toISOString();
  switch (provider) {
    case 'wisepops':
      return [
        {
          collected_at: timestamp,
          wisepop_id: 12345,
          form_session: randomUUID(),
          ip: '203.0.113.10',
          country_code: 'US',
          fields: { email, Gender: 'female', City: 'Seattle' },
        },
      ];
    case 'coolpopup':
      return {
        event: event ?? 'popup.converted',
        campaign_id: 'camp_abc123',
        campaign_name: 'Summer Sale Popup',
        timestamp: timestamp.replace(/\.\d{3}Z$/, 'Z'),
        visitor: { email, fields: { name: 'Jane Smith', email } },
        page_url: 'https://yoursite.com/products/summer-sale',
      };
    case 'popsee':
      return {
        event: event ?? 'response.completed',
        timestamp,
        origin: 'web',
        survey: { id: '550e8400-e29b-41d4-a716-446655440000', name: 'Customer Satisfaction Survey' },
        response: {
          id: randomUUID(),
          answers: [
            { questionId: 'q1', value: 9 },
            { questionId: 'q2', value: 'Great service!' },
          ],
          customParams: { userId: 'user_12345', email, plan: 'pro' },
          completedAt: timestamp,
          pageUrl: 'https://yoursite.com/checkout',
        },
      };
    case 'popup':
      return {
        id: `evt_${randomUUID()}`,
        type: event ?? 'lead.created',
        timestamp,
        payload: { email, first_name: 'Jane', last_name: 'Smith', campaign_id: 'venue_42', page_url: 'https://yoursite.com/' },
      };
    case 'standard-webhooks':
      return {
        type: event ?? 'lead.created',
        timestamp,
        data: { email, name: 'Jane Smith', campaign_id: 'form_7' },
      };
  }
}

/** The headers a provider sends with `body`, from the core's signing functions. */
export function providerHeaders(input: z.output<typeof SendInputSchema>, body: string): Record<string, string> {
  const id = input.id ?? `msg_${randomUUID()}`;
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  let signing: SignInput;
  switch (input.provider) {
    case 'wisepops':
    case 'coolpopup':
    case 'popsee':
      signing = { scheme: input.provider, body, secret: input.secret };
      break;
    case 'standard-webhooks':
      signing = { scheme: 'standard-webhooks', body, secret: input.secret, id, timestamp };
      break;
    case 'popup':
      if (input.popup.mode === 'bearer') signing = { scheme: 'bearer', token: input.secret };
      else if (input.popup.mode === 'hmac') {
        signing = { scheme: 'popup-hmac', body, secret: input.secret, header: input.popup.header, encoding: input.popup.encoding, ...(input.popup.prefix ? { prefix: input.popup.prefix } : {}) };
      } else signing = { scheme: 'standard-webhooks', body, secret: input.secret, id, timestamp };
      break;
  }
  return { 'Content-Type': 'application/json', ...signatureHeaders(signing) };
}

/** Builds, signs and posts one delivery. Throws on invalid input or when no answer comes. */
export async function sendSigned(input: SendInput, tracker?: RequestTracker): Promise<SendResult> {
  const parsed = SendInputSchema.parse(input);
  const value = parsed.body === undefined ? sampleBody(parsed.provider, parsed.email, parsed.event) : parsed.body;
  const body = typeof value === 'string' ? value : JSON.stringify(value);
  const headers = providerHeaders(parsed, body);
  const response = await postOnce(parsed.url, body, headers, parsed.timeoutMs, tracker);
  return { sent: { url: parsed.url, headers, body }, response };
}
