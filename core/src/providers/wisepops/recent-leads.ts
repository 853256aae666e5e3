import type { HttpRequest } from '../../http/types';
import type { LeadRecord } from '../../normalize/record';
import { uniqueById } from '../../delivery';
import { buildListContactsRequest, CONTACTS_MAX_PAGE_SIZE, type WisepopsApiOptions } from './api';
import { normalizeWisepopsLead } from './descriptor';
import type { WisepopsEvent } from './schemas';

/**
 * Real recent leads to map from in an editor (Zapier's "test trigger", n8n's sample data),
 * normalized exactly as live deliveries are, for one API call (Wisepops allows about 1,500 a
 * month):
 * - `/api2/contacts` lists oldest first and has no "newest" order. Asking from 30 days back with
 *   the largest page returns the newest leads of most websites; a website with more than 1,000
 *   leads in 30 days gets its oldest 1,000 of that window, which are still real leads of the
 *   same shape. A shorter window would leave quieter websites with nothing to map from.
 * - Contacts do not say which block collected them, so each lead's event is inferred from its
 *   fields (an email field, a phone field, or a survey), and only the wanted event is kept.
 * - Newest first, a few at most: editors show a handful, and ids stay unique.
 */
export const RECENT_WINDOW_DAYS = 30;
export const RECENT_LEADS_LIMIT = 10;

export function buildRecentLeadsRequest(campaignId: string | number | undefined, options: WisepopsApiOptions = {}, now: Date = new Date()): HttpRequest {
  const collectedAfter = new Date(now.getTime() - RECENT_WINDOW_DAYS * 24 * 60 * 60 * 1000);
  return buildListContactsRequest({ collectedAfter, campaignId, pageSize: CONTACTS_MAX_PAGE_SIZE }, options);
}

function newestFirst(a: LeadRecord, b: LeadRecord): number {
  return Date.parse(b.occurred_at ?? '') - Date.parse(a.occurred_at ?? '') || 0;
}

/** The parsed contacts as records of `event`, newest first, at most `limit`. */
export function recentLeadRecords(leads: readonly unknown[], event: WisepopsEvent, limit = RECENT_LEADS_LIMIT): LeadRecord[] {
  const records = leads.map((lead) => normalizeWisepopsLead(lead)).filter((record) => record.event === event);
  return uniqueById(records.sort(newestFirst)).slice(0, limit);
}
