import { CONTACTS_MAX_PAGE_SIZE, type ListContactsInput } from './api';
import type { WisepopsLead } from './schemas';

/**
 * Paging through `/api2/contacts` the way Wisepops advises: move `collected_after` to the
 * newest lead seen instead of counting pages, so leads collected meanwhile cannot shift pages.
 * Only when a whole page shares one timestamp (the cursor cannot move) does it fall back to
 * the page number. Pure: the adapters run the requests and feed the pages back.
 */
export interface BackfillCursor {
  collectedAfter: string;
  page: number;
  campaignId?: string;
  pagesFetched: number;
}

/** Calls a backfill may spend before it stops and says so (the API quota is ~1,500 a month). */
export const BACKFILL_MAX_PAGES = 10;

export function startBackfill(since: Date | string, campaignId?: string): BackfillCursor {
  const collectedAfter = new Date(since).toISOString();
  return { collectedAfter, page: 1, campaignId, pagesFetched: 0 };
}

export function backfillRequestInput(cursor: BackfillCursor): ListContactsInput {
  return { collectedAfter: cursor.collectedAfter, campaignId: cursor.campaignId, page: cursor.page, pageSize: CONTACTS_MAX_PAGE_SIZE };
}

export type BackfillStep =
  | { done: true; truncated: boolean; newestCollectedAt: string | undefined }
  | { done: false; next: BackfillCursor; newestCollectedAt: string | undefined };

function newest(leads: readonly WisepopsLead[]): string | undefined {
  let best: string | undefined;
  let bestMs = -Infinity;
  for (const lead of leads) {
    if (lead.collected_at === undefined) continue;
    const ms = new Date(lead.collected_at).getTime();
    if (!Number.isNaN(ms) && ms > bestMs) {
      bestMs = ms;
      best = new Date(ms).toISOString();
    }
  }
  return best;
}

/** What to do after a page: stop (short page, or the page budget spent) or fetch the next one. */
export function afterBackfillPage(cursor: BackfillCursor, page: readonly WisepopsLead[], maxPages = BACKFILL_MAX_PAGES): BackfillStep {
  const newestCollectedAt = newest(page);
  const pagesFetched = cursor.pagesFetched + 1;
  if (page.length < CONTACTS_MAX_PAGE_SIZE) return { done: true, truncated: false, newestCollectedAt };
  if (pagesFetched >= maxPages) return { done: true, truncated: true, newestCollectedAt };
  const moved = newestCollectedAt !== undefined && newestCollectedAt !== cursor.collectedAfter;
  const next: BackfillCursor = moved
    ? { ...cursor, collectedAfter: newestCollectedAt, page: 1, pagesFetched }
    : { ...cursor, page: cursor.page + 1, pagesFetched };
  return { done: false, next, newestCollectedAt };
}
