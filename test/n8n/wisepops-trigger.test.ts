import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { receiveDelivery, signatureHeaders } from '@popup-leads/core';

import { WisepopsTrigger } from '../../n8n/nodes/WisepopsTrigger/WisepopsTrigger.node';
import { BACKFILL_BATCH_SIZE } from '../../n8n/nodes/WisepopsTrigger/backfill';
import { seedText } from '../helpers/fixtures';
import { API_KEY, BASE_URL, hookContext, PRODUCTION_URL, TEST_URL, webhookContext, type SentRequest } from './context';

const trigger = new WisepopsTrigger();
const methods = trigger.webhookMethods.default;
const asHook = (context: unknown) => context as IHookFunctions;
const asWebhook = (context: unknown) => context as IWebhookFunctions;

const created = { statusCode: 200, body: { id: 42 } };

describe('Wisepops Trigger: hook lifecycle', () => {
	it('creates the hook through the core request and keeps id, url, event and campaign', async () => {
		const { context, staticData, sent } = hookContext({ params: { event: 'email', campaign: '12345' }, replies: [created] });
		expect(await methods.create.call(asHook(context))).toBe(true);
		expect(sent).toHaveLength(1);
		const request = sent[0] as SentRequest;
		expect(request.credential).toBe('wisepopsApi');
		expect(request.method).toBe('POST');
		expect(request.url).toBe(`${BASE_URL}/api2/hooks`);
		expect(request.body).toEqual({ event: 'email', target_url: PRODUCTION_URL, wisepop_id: 12345 });
		expect(request.headers).toMatchObject({ 'Content-Type': 'application/json' });
		expect(staticData).toEqual({ hookId: 42, url: PRODUCTION_URL, event: 'email', campaign: '12345' });
	});

	it('sends no wisepop_id when no campaign is chosen', async () => {
		const { context, sent } = hookContext({ params: { event: 'phone', campaign: '' }, replies: [created] });
		await methods.create.call(asHook(context));
		expect(sent[0]?.body).toEqual({ event: 'phone', target_url: PRODUCTION_URL });
	});

	it('checkExists recognises its stored hook, so a restart never creates a second one', async () => {
		const { context, staticData, sent } = hookContext({ params: { event: 'email', campaign: '' }, replies: [created] });
		expect(await methods.checkExists.call(asHook(context))).toBe(false);
		await methods.create.call(asHook(context));
		// n8n's start-up path: checkExists, then create only when it said false.
		const restart = hookContext({ params: { event: 'email', campaign: '' }, staticData: { ...staticData } });
		expect(await methods.checkExists.call(asHook(restart.context))).toBe(true);
		expect(restart.sent).toHaveLength(0);
		expect(sent).toHaveLength(1);
	});

	it('replaces its own hook when the event or campaign changed (old one deleted, new one created)', async () => {
		const stored = { hookId: 7, url: PRODUCTION_URL, event: 'email', campaign: '' };
		const { context, staticData, sent } = hookContext({
			params: { event: 'survey', campaign: '' },
			staticData: { ...stored },
			replies: [{ statusCode: 200, body: {} }, created],
		});
		expect(await methods.checkExists.call(asHook(context))).toBe(false);
		expect(sent[0]).toMatchObject({ method: 'DELETE', url: `${BASE_URL}/api2/hooks`, qs: { hook_id: '7' } });
		await methods.create.call(asHook(context));
		expect(sent[1]?.body).toEqual({ event: 'survey', target_url: PRODUCTION_URL });
		expect(staticData).toEqual({ hookId: 42, url: PRODUCTION_URL, event: 'survey', campaign: '' });

		const campaignChanged = hookContext({ params: { event: 'email', campaign: '99' }, staticData: { ...stored }, replies: [{ statusCode: 404 }] });
		expect(await methods.checkExists.call(asHook(campaignChanged.context))).toBe(false);
		expect(campaignChanged.sent).toHaveLength(1);
	});

	it('forgets, without deleting, a stored hook for another URL (a copied workflow, a test listen)', async () => {
		const { context, staticData, sent } = hookContext({
			params: { event: 'email', campaign: '' },
			webhookUrl: TEST_URL,
			mode: 'manual',
			staticData: { hookId: 7, url: PRODUCTION_URL, event: 'email', campaign: '' },
		});
		expect(await methods.checkExists.call(asHook(context))).toBe(false);
		expect(sent).toHaveLength(0);
		expect(staticData.hookId).toBeUndefined();
	});

	it('delete removes the hook by its stored id, clears it and records the deactivation time', async () => {
		const { context, staticData, sent } = hookContext({
			params: { event: 'email' },
			staticData: { hookId: 42, url: PRODUCTION_URL, event: 'email', campaign: '' },
			replies: [{ statusCode: 200, body: '' }],
		});
		const before = Date.now();
		expect(await methods.delete.call(asHook(context))).toBe(true);
		expect(sent[0]).toMatchObject({ credential: 'wisepopsApi', method: 'DELETE', url: `${BASE_URL}/api2/hooks`, qs: { hook_id: '42' } });
		expect(staticData.hookId).toBeUndefined();
		expect(staticData.url).toBeUndefined();
		expect(Date.parse(String(staticData.inactiveSince))).toBeGreaterThanOrEqual(before - 1000);
	});

	it('treats a hook that is already gone (404) as deleted', async () => {
		const { context, staticData } = hookContext({
			params: { event: 'email' },
			staticData: { hookId: 42, url: PRODUCTION_URL, event: 'email', campaign: '' },
			replies: [{ statusCode: 404, body: { error: 'not found' } }],
		});
		await expect(methods.delete.call(asHook(context))).resolves.toBe(true);
		expect(staticData.hookId).toBeUndefined();
	});

	it('fails delete on a rejected key and keeps the hook id for a later try', async () => {
		const { context, staticData } = hookContext({
			params: { event: 'email' },
			staticData: { hookId: 42, url: PRODUCTION_URL, event: 'email', campaign: '' },
			replies: [{ statusCode: 401, body: { error: 'bad key' } }],
		});
		await expect(methods.delete.call(asHook(context))).rejects.toThrow(/rejected the API key/);
		expect(staticData.hookId).toBe(42);
	});

	it('reports a refused hook creation as a node error and stores nothing', async () => {
		const { context, staticData } = hookContext({ params: { event: 'email', campaign: '' }, replies: [{ statusCode: 403, body: { message: 'plan' } }] });
		await expect(methods.create.call(asHook(context))).rejects.toMatchObject({ name: 'NodeApiError' });
		expect(staticData).toEqual({});
	});

	it('does not record a deactivation for a test listen', async () => {
		const { context, staticData } = hookContext({
			params: { event: 'email' },
			mode: 'manual',
			webhookUrl: TEST_URL,
			staticData: { hookId: 5, url: TEST_URL, event: 'email', campaign: '' },
			replies: [{ statusCode: 200 }],
		});
		await methods.delete.call(asHook(context));
		expect(staticData.inactiveSince).toBeUndefined();
	});
});

describe('Wisepops Trigger: deliveries', () => {
	const payload = seedText('wisepops-hook-payload.json');

	it('emits one item per lead of a signed seed payload, normalized by the core', async () => {
		const rawBody = Buffer.from(payload);
		const { context, response, request } = webhookContext({
			params: { event: 'email' },
			credentials: { apiKey: API_KEY },
			rawBody,
			headers: { 'Content-Type': 'application/json', ...signatureHeaders({ scheme: 'wisepops', body: rawBody, secret: API_KEY }) },
		});
		const result = await trigger.webhook.call(asWebhook(context));
		const items = result.workflowData?.[0] ?? [];
		expect(items).toHaveLength(2);
		expect(items.map((item) => item.json.email)).toEqual(['example@example.com', 'other.example@example.com']);
		expect(items[0]?.json).toMatchObject({ provider: 'wisepops', event: 'email', campaign_id: '12345', field_city: 'New York' });
		expect(response.status).not.toHaveBeenCalled();
		expect(context.getWorkflowStaticData).not.toHaveBeenCalled();
		// n8n had the body already: it is not read twice.
		expect(request.readRawBody).not.toHaveBeenCalled();
	});

	it('answers a multipart body with 415 and starts nothing: n8n keeps no signed bytes of it', async () => {
		const { context, response } = webhookContext({
			params: { event: 'email' },
			credentials: { apiKey: API_KEY },
			rawBody: undefined,
			unread: true,
			headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
		});
		expect(await trigger.webhook.call(asWebhook(context))).toEqual({ noWebhookResponse: true });
		expect(response.status).toHaveBeenCalledWith(415);
		expect(context.getCredentials).not.toHaveBeenCalled();
	});

	it('answers 401 with no items when the signature is forged', async () => {
		const rawBody = Buffer.from(payload);
		const { context, response } = webhookContext({
			params: { event: 'email' },
			credentials: { apiKey: API_KEY },
			rawBody,
			headers: signatureHeaders({ scheme: 'wisepops', body: rawBody, secret: 'someone-else' }),
		});
		const result = await trigger.webhook.call(asWebhook(context));
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.status).toHaveBeenCalledWith(401);
		expect(response.send).toHaveBeenCalledTimes(1);
	});

	it('answers 401 when the signature header is missing, and 400 for a signed non-JSON body', async () => {
		const missing = webhookContext({ params: { event: 'email' }, credentials: { apiKey: API_KEY }, rawBody: Buffer.from(payload), headers: {} });
		expect(await trigger.webhook.call(asWebhook(missing.context))).toEqual({ noWebhookResponse: true });
		expect(missing.response.status).toHaveBeenCalledWith(401);

		const body = Buffer.from('not json');
		const bad = webhookContext({
			params: { event: 'email' },
			credentials: { apiKey: API_KEY },
			rawBody: body,
			headers: signatureHeaders({ scheme: 'wisepops', body, secret: API_KEY }),
		});
		expect(await trigger.webhook.call(asWebhook(bad.context))).toEqual({ noWebhookResponse: true });
		expect(bad.response.status).toHaveBeenCalledWith(400);
	});

	it('answers 200 without an execution for a signed empty array', async () => {
		const body = Buffer.from('[]');
		const { context, response } = webhookContext({
			params: { event: 'email' },
			credentials: { apiKey: API_KEY },
			rawBody: body,
			headers: signatureHeaders({ scheme: 'wisepops', body, secret: API_KEY }),
		});
		expect(await trigger.webhook.call(asWebhook(context))).toEqual({});
		expect(response.status).not.toHaveBeenCalled();
	});

	it('emits N items for an N-lead array', async () => {
		const leads = Array.from({ length: 7 }, (_, index) => ({
			collected_at: `2026-01-01T00:00:0${index}.000Z`,
			wisepop_id: 1,
			form_session: `s${index}`,
			fields: { email: `lead${index}@example.com` },
		}));
		const body = Buffer.from(JSON.stringify(leads));
		const { context } = webhookContext({
			params: { event: 'email' },
			credentials: { apiKey: API_KEY },
			rawBody: body,
			headers: signatureHeaders({ scheme: 'wisepops', body, secret: API_KEY }),
		});
		const result = await trigger.webhook.call(asWebhook(context));
		expect(result.workflowData?.[0]).toHaveLength(7);
	});
});

function lead(index: number, fields: Record<string, string>, second = index) {
	return {
		collected_at: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
		wisepop_id: 12345,
		form_session: `session-${index}`,
		ip: '127.0.0.1',
		country_code: 'US',
		fields,
	};
}

describe('Wisepops Trigger: leads missed while inactive', () => {
	const since = '2026-01-01T00:00:00.000Z';

	it('fetches the contacts since the deactivation and delivers them, signed, to its own URL', async () => {
		const page = [lead(1, { email: 'a@example.com' }), lead(2, { 'Your answer': 'Blue' }), lead(3, { email: 'b@example.com' })];
		const { context, staticData, sent, selfSent } = hookContext({
			params: { event: 'email', campaign: '12345', options: { backfill: true } },
			staticData: { inactiveSince: since },
			replies: [created, { statusCode: 200, body: page }],
		});
		await methods.create.call(asHook(context));

		expect(sent[1]).toMatchObject({
			method: 'GET',
			url: `${BASE_URL}/api2/contacts`,
			qs: { collected_after: since, wisepop_id: '12345', page_size: '1000' },
		});
		// Only a timestamp was kept, and it is used up.
		expect(staticData).toEqual({ hookId: 42, url: PRODUCTION_URL, event: 'email', campaign: '12345' });

		expect(selfSent).toHaveLength(1);
		const delivery = selfSent[0] as SentRequest;
		expect(delivery.method).toBe('POST');
		expect(delivery.url).toBe(PRODUCTION_URL);
		const body = String(delivery.body);
		expect(JSON.parse(body)).toEqual([page[0], page[2]]);

		// What the node sent is exactly what its webhook() accepts as a Wisepops delivery.
		const headers = delivery.headers as Record<string, string>;
		const verified = receiveDelivery({ provider: 'wisepops', event: 'email', rawBody: Buffer.from(body), headers, secrets: [API_KEY] });
		expect(verified.ok && verified.records.map((record) => record.email)).toEqual(['a@example.com', 'b@example.com']);

		const { context: webhook } = webhookContext({ params: { event: 'email' }, credentials: { apiKey: API_KEY }, rawBody: Buffer.from(body), headers });
		const result = await trigger.webhook.call(asWebhook(webhook));
		expect(result.workflowData?.[0]).toHaveLength(2);
	});

	it('follows the core paging across full pages and drops the duplicate at the page boundary', async () => {
		const first = Array.from({ length: 1000 }, (_, index) => lead(index, { email: `p${index}@example.com` }, Math.floor(index / 100)));
		const newest = first[999]?.collected_at;
		const second = [first[999], lead(5000, { email: 'last@example.com' }, 30)];
		const { context, sent, selfSent } = hookContext({
			params: { event: 'email', campaign: '', options: { backfill: true } },
			staticData: { inactiveSince: since },
			replies: [created, { statusCode: 200, body: first }, { statusCode: 200, body: second }],
		});
		await methods.create.call(asHook(context));
		expect(sent).toHaveLength(3);
		expect(sent[2]?.qs).toMatchObject({ collected_after: newest });
		const delivered = selfSent.flatMap((request) => JSON.parse(String(request.body)) as unknown[]);
		expect(delivered).toHaveLength(1001);
		expect(selfSent).toHaveLength(Math.ceil(1001 / BACKFILL_BATCH_SIZE));
	});

	it('does nothing more when the option is off, on a first activation, or in a test listen', async () => {
		const off = hookContext({ params: { event: 'email', campaign: '', options: {} }, staticData: { inactiveSince: since }, replies: [created] });
		await methods.create.call(asHook(off.context));
		expect(off.sent).toHaveLength(1);
		expect(off.selfSent).toHaveLength(0);

		const first = hookContext({ params: { event: 'email', campaign: '', options: { backfill: true } }, replies: [created] });
		await methods.create.call(asHook(first.context));
		expect(first.sent).toHaveLength(1);

		const manual = hookContext({
			params: { event: 'email', campaign: '', options: { backfill: true } },
			mode: 'manual',
			webhookUrl: TEST_URL,
			staticData: { inactiveSince: since },
			replies: [created],
		});
		await methods.create.call(asHook(manual.context));
		expect(manual.sent).toHaveLength(1);
		expect(manual.selfSent).toHaveLength(0);
	});

	it('keeps the activation and the hook when the backfill fails, and says so in the log', async () => {
		const { context, staticData, selfSent } = hookContext({
			params: { event: 'email', campaign: '', options: { backfill: true } },
			staticData: { inactiveSince: since },
			replies: [created, { statusCode: 429, headers: { 'retry-after': '60' } }],
		});
		await expect(methods.create.call(asHook(context))).resolves.toBe(true);
		expect(staticData.hookId).toBe(42);
		expect(selfSent).toHaveLength(0);
		expect(context.logger.warn).toHaveBeenCalledWith(expect.stringContaining('limiting requests'));
	});

	it('keeps the start time of a failed backfill, and a later deactivation does not move it forward', async () => {
		const failed = hookContext({
			params: { event: 'email', campaign: '', options: { backfill: true } },
			staticData: { inactiveSince: since },
			replies: [created, { statusCode: 500, body: 'down' }],
		});
		await methods.create.call(asHook(failed.context));
		expect(failed.staticData.inactiveSince).toBe(since);

		const off = hookContext({ params: { event: 'email', campaign: '', options: { backfill: true } }, staticData: { ...failed.staticData }, replies: [{ statusCode: 200, body: {} }] });
		await methods.delete.call(asHook(off.context));
		expect(off.staticData.inactiveSince).toBe(since);

		const again = hookContext({
			params: { event: 'email', campaign: '', options: { backfill: true } },
			staticData: { inactiveSince: since },
			replies: [created, { statusCode: 200, body: [] }],
		});
		await methods.create.call(asHook(again.context));
		expect(again.sent[1]?.qs).toMatchObject({ collected_after: since });
		expect(again.staticData.inactiveSince).toBeUndefined();
	});
});
