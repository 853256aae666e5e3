import { z } from 'zod';

import { makeRecord, objectOf, phoneIn, textOf } from '../normalize/build-record';
import { flattenFields } from '../normalize/flatten';
import type { LeadRecord, NormalizeContext } from '../normalize/record';
import { contentId } from '../normalize/stable-id';
import { toIsoTime } from '../normalize/time';
import { AnyObjectSchema, tolerantObject } from '../normalize/tolerant';
import { verifyHmacHeader } from '../signatures/hmac-header';
import type { ProviderDescriptor } from './descriptor';
import { itemsOf, originalObject, unknownKeys } from './items';

/** Cool Popup: one JSON event per request (seed 001). `visitor.fields` holds free labels. */
const readEvent = tolerantObject({
  event: z.string().optional(),
  campaign_id: z.union([z.string(), z.number()]).optional(),
  campaign_name: z.string().optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  visitor: z.looseObject({ email: z.unknown().optional(), fields: AnyObjectSchema.optional() }).optional(),
  page_url: z.string().optional(),
});

const KNOWN = new Set(['event', 'campaign_id', 'campaign_name', 'timestamp', 'visitor', 'page_url']);
const KNOWN_VISITOR = new Set(['email', 'fields']);

function normalizeEvent(item: unknown, context: NormalizeContext): LeadRecord {
  const parsed = readEvent(item);
  const event = parsed ?? {};
  const visitor = originalObject(item, 'visitor', event.visitor);
  const fields = originalObject(visitor, 'fields', event.visitor?.fields);
  return makeRecord(
    {
      // The payload carries no event id: identical content (a retry) gives an identical id.
      id: contentId('coolpopup', item),
      provider: 'coolpopup',
      event: event.event ?? context.event ?? 'unknown',
      occurred_at: toIsoTime(event.timestamp),
      phone: phoneIn(fields),
      campaign_id: textOf(event.campaign_id),
      campaign_name: event.campaign_name ?? null,
      page_url: event.page_url ?? null,
    },
    item,
    (out) => {
      flattenFields(out, 'field', fields);
      if (visitor) flattenFields(out, 'visitor', unknownKeys(visitor, KNOWN_VISITOR));
      flattenFields(out, 'extra', parsed ? unknownKeys(objectOf(item) ?? {}, KNOWN) : item);
    },
  );
}

export const coolpopup: ProviderDescriptor = {
  id: 'coolpopup',
  name: 'Cool Popup',
  events: [
    { value: 'popup.shown', label: 'Popup Shown' },
    { value: 'popup.clicked', label: 'Popup Clicked' },
    { value: 'popup.converted', label: 'Popup Converted (form submitted)' },
    { value: 'popup.closed', label: 'Popup Closed' },
  ],
  setup: 'In Cool Popup, go to Settings > Webhooks > Add Webhook, paste this URL and choose the events to send.',
  secret: {
    label: 'Webhook Secret',
    help: 'Cool Popup shows it in Dashboard > Settings > Webhooks, next to the endpoint.',
  },
  // The docs do not say how the digest is written: accept hex and base64.
  verify: (input) => verifyHmacHeader(input, { header: 'X-CoolPopup-Signature', encoding: 'auto' }),
  normalize: (body, context) => itemsOf(body).map((item) => normalizeEvent(item, context)),
};
