import {
  buildListContactsRequest,
  CONTACTS_MAX_PAGE_SIZE,
  normalize,
  parseListContactsResponse,
  uniqueById,
  type LeadRecord,
  type WisepopsEvent,
} from '@popup-leads/core';
import type { ZObject } from 'zapier-platform-core';

import { wisepopsApiOptions } from '../base-url';
import { callWisepops } from '../call-wisepops';

/**
 * Recent leads for the Zap editor's "test trigger" step (`performList`), normalized exactly as
 * live deliveries are, so the fields a user maps from are the fields live runs carry.
 *
 * Choices, all for one API call (Wisepops allows about 1,500 a month):
 * - `/api2/contacts` lists oldest first and has no "newest" order. Asking from 30 days back with
 *   the largest page (1,000) returns the newest leads of most websites; a website with more than
 *   1,000 leads in 30 days gets its oldest 1,000 of that window, which are still real leads of
 *   the same shape. A shorter window would leave quieter websites with nothing to map from.
 * - Contacts do not say which block collected them, so each lead's event is inferred by the
 *   core from its fields (an email field, a phone field, or a survey), and only the trigger's
 *   event is kept.
 * - Newest first, at most `RECENT_LEADS_LIMIT`: the editor shows a few, and ids stay unique.
 */
export const RECENT_WINDOW_DAYS = 30;
export const RECENT_LEADS_LIMIT = 10;

export function recentWindowStart(now: Date = new Date()): Date {
  return new Date(now.getTime() - RECENT_WINDOW_DAYS * 24 * 60 * 60 * 1000);
}

function newestFirst(a: LeadRecord, b: LeadRecord): number {
  return Date.parse(b.occurred_at ?? '') - Date.parse(a.occurred_at ?? '') || 0;
}

export async function recentLeads(z: ZObject, event: WisepopsEvent, campaignId: unknown, now: Date = new Date()): Promise<LeadRecord[]> {
  const request = buildListContactsRequest(
    {
      collectedAfter: recentWindowStart(now),
      campaignId: typeof campaignId === 'string' || typeof campaignId === 'number' ? campaignId : undefined,
      pageSize: CONTACTS_MAX_PAGE_SIZE,
    },
    wisepopsApiOptions(),
  );
  const leads = parseListContactsResponse(await callWisepops(z, request, { action: 'listing recent leads' }));
  const records = normalize('wisepops', leads).filter((record) => record.event === event);
  return uniqueById(records.sort(newestFirst)).slice(0, RECENT_LEADS_LIMIT);
}
