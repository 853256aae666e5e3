import {
	afterBackfillPage,
	backfillRequestInput,
	buildListContactsRequest,
	normalize,
	parseListContactsResponse,
	uniqueById,
	type BackfillCursor,
	type LeadRecord,
} from '@popup-leads/core';

import { callWisepops, type ApiContext } from './transport';

export interface ContactsPaging {
	/** Calls to spend at most (the API quota is small). */
	maxPages: number;
	/** A smaller page than the API's largest, when fewer leads are wanted. */
	pageSize?: number;
}

/**
 * Reads `/api2/contacts` page by page from `cursor`, the way the core pages it (collection time
 * first, page number only when a page shares one time), and hands each page's leads to
 * `onPage`, normalized and each id once. `onPage` returns false when it has enough. Used by
 * Lead > Get Many and by the trigger's missed-leads backfill.
 */
export async function readContacts(
	context: ApiContext,
	options: { baseUrl?: string },
	cursor: BackfillCursor,
	paging: ContactsPaging,
	onPage: (records: LeadRecord[]) => boolean,
): Promise<{ fetched: number; truncated: boolean }> {
	const seen = new Set<string>();
	let fetched = 0;
	for (let current = cursor; ; ) {
		const query = backfillRequestInput(current);
		if (paging.pageSize !== undefined) query.pageSize = paging.pageSize;
		const page = parseListContactsResponse(await callWisepops(context, buildListContactsRequest(query, options)));
		fetched += page.length;
		const more = onPage(uniqueById(normalize('wisepops', page), seen));
		const step = afterBackfillPage(current, page, paging.maxPages);
		if (!more) return { fetched, truncated: false };
		if (step.done) return { fetched, truncated: step.truncated };
		current = step.next;
	}
}
