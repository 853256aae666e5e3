import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { BACKFILL_MAX_PAGES, signatureHeaders, startBackfill } from '@popup-leads/core';

import { readContacts } from '../shared/contacts';
import { toNodeError, wisepopsOptions, WISEPOPS_CREDENTIAL } from '../shared/transport';

/**
 * "Fetch leads missed while inactive".
 *
 * n8n gives lifecycle methods (checkExists / create / delete) no way to emit items, so the
 * missed leads are handed to the workflow the way Wisepops itself would: as signed deliveries
 * (a JSON array of leads, `X-Wisepops-Signature` = HMAC of the body with the API key) POSTed to
 * this node's own production webhook URL right after the hook is created. Each one goes
 * through `webhook()` like any live delivery: same verification, same normalization, one
 * execution per batch, one item per lead.
 *
 * Where the leads come from: `/api2/contacts` since the moment the workflow was deactivated
 * (the only thing kept in static data), paged by the core's cursor through
 * `readContacts` (at most BACKFILL_MAX_PAGES calls: the API quota is small), duplicates dropped
 * by the core's stable lead id. The contacts API does not say which
 * block collected a lead, so the core's inference from the fields (email / phone / survey)
 * selects the leads of the subscribed event. A lead collected while the hook was being
 * created may arrive twice (once live, once here) with the same `id`: dedupe on `id`
 * downstream if that matters. Nothing is lost that way; the reverse choice could lose leads.
 *
 * Behaviour that depends on n8n itself, not on this code:
 * - the production URL must already answer while `create()` runs. n8n stores the webhook row
 *   before calling checkExists/create (ActiveWorkflowManager.addWebhooks) and the live webhook
 *   handler reads the workflow from the database. Checked end to end (activation through the
 *   public API, a local Wisepops stand-in) on n8n 2.8.4 and on n8n 2.41.1 with and without the
 *   workflow publication service: the missed leads arrived as one execution each time. A
 *   future n8n that registers the webhook only after create() returns would break this:
 *   re-check on each n8n major.
 * - the instance must reach its own public webhook URL (WEBHOOK_URL / N8N_WEBHOOK_URL) from
 *   inside, which is not true behind every proxy.
 * - a failed backfill is logged (this.logger.warn) and does not fail the activation, because a
 *   failing create() makes n8n remove the webhook without our hook id, orphaning the hook.
 *   Its start time is kept, so the next activation fetches that period again: leads delivered
 *   live in between then arrive twice, with the same `id`, rather than a period being lost.
 */

/** Leads per self-delivery: keeps each body far below the core's and n8n's size limits. */
export const BACKFILL_BATCH_SIZE = 500;

export interface BackfillReport {
	fetched: number;
	delivered: number;
	truncated: boolean;
	/** The contacts could not be read or delivered: the caller keeps the start time to try again. */
	failed: boolean;
}

interface BackfillRequest {
	since: string;
	event: string;
	campaign: string;
	webhookUrl: string;
}

/** The missed leads of the subscribed event, raw as Wisepops lists them, each once. */
export async function fetchMissedLeads(
	context: IHookFunctions,
	request: Omit<BackfillRequest, 'webhookUrl'>,
): Promise<{ leads: unknown[]; fetched: number; truncated: boolean }> {
	const options = await wisepopsOptions(context);
	const leads: unknown[] = [];
	try {
		const cursor = startBackfill(request.since, request.campaign || undefined);
		const { fetched, truncated } = await readContacts(context, options, cursor, { maxPages: BACKFILL_MAX_PAGES }, (records) => {
			// No event was given to normalize: the core inferred each lead's event from its fields.
			for (const record of records) if (record.event === request.event) leads.push(record.raw);
			return true;
		});
		return { leads, fetched, truncated };
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}

async function signingKey(context: IHookFunctions): Promise<string> {
	const credentials = await context.getCredentials(WISEPOPS_CREDENTIAL);
	return String(credentials.apiKey ?? '');
}

/** POSTs the leads to the node's own webhook URL in signed batches, as Wisepops would. */
export async function deliverToSelf(
	context: IHookFunctions,
	webhookUrl: string,
	leads: readonly unknown[],
	apiKey: string,
): Promise<number> {
	let delivered = 0;
	for (let start = 0; start < leads.length; start += BACKFILL_BATCH_SIZE) {
		const batch = leads.slice(start, start + BACKFILL_BATCH_SIZE);
		const body = JSON.stringify(batch);
		const headers: IDataObject = {
			'Content-Type': 'application/json',
			...signatureHeaders({ scheme: 'wisepops', body, secret: apiKey }),
		};
		await context.helpers.httpRequest({ method: 'POST', url: webhookUrl, body, headers, json: false });
		delivered += batch.length;
	}
	return delivered;
}

/** The whole backfill; never throws (see above), reports what it did in the log. */
export async function backfillMissedLeads(context: IHookFunctions, request: BackfillRequest): Promise<BackfillReport> {
	const report: BackfillReport = { fetched: 0, delivered: 0, truncated: false, failed: false };
	try {
		const missed = await fetchMissedLeads(context, request);
		report.fetched = missed.fetched;
		report.truncated = missed.truncated;
		if (missed.leads.length > 0) {
			report.delivered = await deliverToSelf(context, request.webhookUrl, missed.leads, await signingKey(context));
		}
		if (report.truncated) {
			context.logger.warn(
				`Wisepops Trigger: the page limit was reached while fetching leads missed since ${request.since}; the most recent leads beyond it were not fetched.`,
			);
		}
		context.logger.info(`Wisepops Trigger: delivered ${report.delivered} lead(s) missed since ${request.since}.`);
	} catch (error) {
		report.failed = true;
		const message = error instanceof Error ? error.message : String(error);
		context.logger.warn(
			`Wisepops Trigger: could not fetch or deliver the leads missed since ${request.since} (${report.delivered} delivered): ${message}. The next activation tries again from that time.`,
		);
	}
	return report;
}
