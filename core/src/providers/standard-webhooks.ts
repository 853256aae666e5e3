import { headerValue } from '../http/headers';
import { verifyStandardWebhooks } from '../signatures/standard-webhooks';
import type { ProviderDescriptor } from './descriptor';
import { normalizeEnvelope } from './envelope';
import { itemsOf } from './items';

/** Any sender following the Standard Webhooks spec: `{ type, timestamp, data }`, id in a header. */
export const standardWebhooks: ProviderDescriptor = {
  id: 'standard-webhooks',
  name: 'Standard Webhooks',
  events: [],
  setup: "In the sending tool's webhook settings, add an endpoint and paste this URL.",
  secret: {
    label: 'Signing Secret',
    help: 'The whsec_… secret the sending tool shows for this endpoint.',
  },
  verify: verifyStandardWebhooks,
  normalize: (body, context) => {
    const deliveryId = headerValue(context.headers, 'webhook-id') ?? null;
    const deliveredAt = headerValue(context.headers, 'webhook-timestamp') ?? null;
    const items = itemsOf(body);
    // One message may be a batch; its elements share the header id, so number them.
    return items.map((item, index) =>
      normalizeEnvelope(item, context, {
        provider: 'standard-webhooks',
        deliveryId: deliveryId && items.length > 1 ? `${deliveryId}:${index + 1}` : deliveryId,
        deliveredAt,
      }),
    );
  },
};
