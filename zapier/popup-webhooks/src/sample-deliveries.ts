import type { ProviderId } from '@popup-leads/core';

/**
 * One delivery per tool, shaped like the tool's own documentation, for the triggers' samples.
 * Cool Popup and Popsee are their documented examples (Cool Popup's page shows its address
 * obfuscated, so a real-looking one stands in). Popup and Standard Webhooks document an
 * envelope but no example: these follow their id/type/timestamp/payload shape.
 */
export interface SampleDelivery {
  body: unknown;
  /** Headers that carry part of the record (Standard Webhooks' id and time). */
  headers?: Record<string, string>;
}

export const SAMPLE_DELIVERIES: Readonly<Partial<Record<ProviderId, SampleDelivery>>> = {
  coolpopup: {
    body: {
      event: 'popup.converted',
      campaign_id: 'camp_abc123',
      campaign_name: 'Summer Sale Popup',
      timestamp: '2026-04-26T12:00:00Z',
      visitor: { email: 'jane.smith@example.com', fields: { name: 'Jane Smith', email: 'jane.smith@example.com' } },
      page_url: 'https://yoursite.com/products/summer-sale',
    },
  },
  popsee: {
    body: {
      event: 'response.completed',
      timestamp: '2024-01-22T12:00:00.000Z',
      origin: 'web',
      survey: { id: '550e8400-e29b-41d4-a716-446655440000', name: 'Customer Satisfaction Survey' },
      response: {
        id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
        answers: [
          { questionId: 'q1', value: 9 },
          { questionId: 'q2', value: 'Great service!' },
        ],
        customParams: { userId: 'user_12345', email: 'customer@example.com', plan: 'pro' },
        completedAt: '2024-01-22T12:00:00.000Z',
        pageUrl: 'https://yoursite.com/checkout',
      },
    },
  },
  popup: {
    body: {
      id: 'evt_01J9Z6Q2K8M4',
      type: 'subscriber.created',
      timestamp: '2026-04-26T12:00:00Z',
      payload: { email: 'jane.smith@example.com', first_name: 'Jane', last_name: 'Smith', venue: 'Downtown' },
    },
  },
  'standard-webhooks': {
    body: {
      type: 'contact.created',
      timestamp: '2026-04-26T12:00:00Z',
      data: { email: 'jane.smith@example.com', name: 'Jane Smith', source: 'newsletter-popup' },
    },
    headers: { 'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', 'webhook-timestamp': '1777204800' },
  },
};
