import { z } from 'zod';

import { makeRecord, objectOf, textOf } from '../normalize/build-record';
import { flattenFields } from '../normalize/flatten';
import type { LeadRecord, NormalizeContext, ProviderId } from '../normalize/record';
import { contentId } from '../normalize/stable-id';
import { toIsoTime } from '../normalize/time';
import { tolerantObject } from '../normalize/tolerant';
import { unknownKeys } from './items';

/**
 * The id/type/timestamp/payload envelope that Popup (seed 004) and Standard Webhooks senders
 * use. The payload key differs (`payload` or `data`), so both are read.
 */
const readEnvelope = tolerantObject({
  id: z.union([z.string(), z.number()]).optional(),
  type: z.string().optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
});

const KNOWN = new Set(['id', 'type', 'timestamp', 'payload', 'data']);

export interface EnvelopeOptions {
  provider: ProviderId;
  /** An id that travelled outside the body (Standard Webhooks' webhook-id header). */
  deliveryId?: string | null;
  /** A time that travelled outside the body, in epoch seconds. */
  deliveredAt?: string | null;
}

export function normalizeEnvelope(item: unknown, context: NormalizeContext, options: EnvelopeOptions): LeadRecord {
  const envelope = readEnvelope(item) ?? {};
  const object = objectOf(item);
  const eventId = textOf(envelope.id) ?? options.deliveryId ?? null;
  const payload = object ? (object.payload ?? object.data) : undefined;
  const payloadObject = objectOf(payload);
  return makeRecord(
    {
      id: eventId ? `${options.provider}:${eventId}` : contentId(options.provider, item),
      provider: options.provider,
      event: envelope.type ?? context.event ?? 'unknown',
      occurred_at: toIsoTime(envelope.timestamp ?? options.deliveredAt),
      campaign_id: textOf(payloadObject?.campaign_id ?? payloadObject?.campaignId),
      campaign_name: textOf(payloadObject?.campaign_name ?? payloadObject?.campaignName),
      ip: textOf(payloadObject?.ip),
      page_url: textOf(payloadObject?.page_url ?? payloadObject?.pageUrl),
    },
    item,
    (out) => {
      if (eventId) out.event_id = eventId;
      flattenFields(out, 'data', payload);
      // A "custom payload format" is not an envelope at all: keep all of it.
      flattenFields(out, 'extra', object ? unknownKeys(object, KNOWN) : item);
    },
  );
}
