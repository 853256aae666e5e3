import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { Wisepops } from '../../n8n/nodes/Wisepops/Wisepops.node';
import { seedJson } from '../helpers/fixtures';
import { API_KEY, BASE_URL, authenticatedHttp, executeContext, NODE } from './context';

const node = new Wisepops();
const run = (context: unknown) => node.execute.call(context as IExecuteFunctions);

function lead(index: number, second = index) {
	return {
		collected_at: new Date(Date.UTC(2026, 2, 1, 0, 0, second)).toISOString(),
		wisepop_id: 7,
		form_session: `s-${index}`,
		fields: { email: `lead${index}@example.com` },
	};
}

describe('Wisepops node', () => {
	it('is usable as a tool', () => {
		expect(node.description.usableAsTool).toBe(true);
	});

	it('never repeats the API key when Wisepops echoes it in an error', async () => {
		const { context } = executeContext({
			items: [{}],
			params: { resource: 'campaign', operation: 'getAll', returnAll: true },
			replies: [{ statusCode: 400, body: { message: `key ${API_KEY} is not allowed here` } }],
		});
		const error = (await run(context).catch((caught: unknown) => caught)) as Error & { description?: string };
		expect(error).toBeInstanceOf(Error);
		expect(JSON.stringify({ message: error.message, description: error.description })).not.toContain(API_KEY);
		expect(error.description).toContain('[redacted]');
	});

	it('Campaign > Get Many lists the campaigns, with a limit', async () => {
		const campaigns = [{ id: 1, label: 'Welcome' }, { id: 2, label: 'Exit' }, { id: 3, label: 'Survey' }];
		const { context, sent } = executeContext({
			items: [{}],
			params: { resource: 'campaign', operation: 'getAll', returnAll: false, limit: 2 },
			replies: [{ statusCode: 200, body: campaigns }],
		});
		const [items] = await run(context);
		expect(sent[0]).toMatchObject({ credential: 'wisepopsApi', method: 'GET', url: `${BASE_URL}/api2/wisepops` });
		expect(items?.map((item) => item.json.label)).toEqual(['Welcome', 'Exit']);
		expect(items?.every((item) => JSON.stringify(item.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
	});

	it('Lead > Get Many sends collected_after and the campaign, and gives one normalized item per lead', async () => {
		const payload = seedJson<unknown[]>('wisepops-hook-payload.json');
		const { context, sent } = executeContext({
			items: [{}],
			params: { resource: 'lead', operation: 'getAll', collectedAfter: '2019-10-01T00:00:00.000Z', campaign: '12345', returnAll: false, limit: 50 },
			replies: [{ statusCode: 200, body: payload }],
		});
		const [items] = await run(context);
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({
			method: 'GET',
			url: `${BASE_URL}/api2/contacts`,
			qs: { collected_after: '2019-10-01T00:00:00.000Z', wisepop_id: '12345', page_size: '50' },
		});
		expect(items).toHaveLength(2);
		expect(items?.[1]?.json).toMatchObject({ provider: 'wisepops', email: 'other.example@example.com', event: 'email', field_city: 'Seattle' });
	});

	it('Lead > Get Many with Return All pages by collection time until a short page', async () => {
		const first = Array.from({ length: 1000 }, (_, index) => lead(index, Math.floor(index / 10)));
		const second = [first[999], lead(2000, 200), lead(2001, 201)];
		const { context, sent } = executeContext({
			items: [{}],
			params: { resource: 'lead', operation: 'getAll', collectedAfter: '', campaign: '', returnAll: true },
			replies: [
				{ statusCode: 200, body: first },
				{ statusCode: 200, body: second },
			],
		});
		const [items] = await run(context);
		expect(sent).toHaveLength(2);
		expect(sent[0]?.qs).toMatchObject({ collected_after: '1970-01-01T00:00:00.000Z', page_size: '1000' });
		expect(sent[0]?.qs?.wisepop_id).toBeUndefined();
		expect(sent[1]?.qs).toMatchObject({ collected_after: first[999]?.collected_at });
		expect(items).toHaveLength(1002);
	});

	it('Lead > Get Many with a limit above one page stops at the limit', async () => {
		const first = Array.from({ length: 1000 }, (_, index) => lead(index, Math.floor(index / 10)));
		const second = Array.from({ length: 1000 }, (_, index) => lead(3000 + index, 200 + Math.floor(index / 10)));
		const { context, sent } = executeContext({
			items: [{}],
			params: { resource: 'lead', operation: 'getAll', returnAll: false, limit: 1500 },
			replies: [
				{ statusCode: 200, body: first },
				{ statusCode: 200, body: second },
			],
		});
		const [items] = await run(context);
		expect(sent).toHaveLength(2);
		expect(items).toHaveLength(1500);
	});

	it('Person > Erase Data sends DELETE /api2/data-privacy with email and phone', async () => {
		const { context, sent } = executeContext({
			items: [{}],
			params: { resource: 'person', operation: 'erase', email: 'Jane@Example.com', phone: '+33 6 12 34 56 78' },
			replies: [{ statusCode: 200, body: {} }],
		});
		const [items] = await run(context);
		expect(sent[0]).toMatchObject({ method: 'DELETE', url: `${BASE_URL}/api2/data-privacy`, body: { email: 'Jane@example.com', phone: '+33612345678' } });
		expect(items?.[0]?.json).toEqual({ erased: true, email: 'Jane@example.com', phone: '+33612345678' });
	});

	it('Person > Erase Data without email or phone is an item error naming the problem', async () => {
		const { context, sent } = executeContext({ items: [{}], params: { resource: 'person', operation: 'erase', email: '', phone: '' } });
		await expect(run(context)).rejects.toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(/email, a phone number, or both/) });
		expect(sent).toHaveLength(0);
	});

	it('Hook > Create and Hook > Delete use the core requests', async () => {
		const { context, sent } = executeContext({
			items: [{}, {}],
			params: (name: string, index: number) =>
				({
					resource: 'hook',
					operation: index === 0 ? 'create' : 'delete',
					event: 'survey',
					targetUrl: 'https://example.com/hook',
					campaign: '',
					hookId: '42',
				})[name],
			replies: [
				{ statusCode: 200, body: { id: 42 } },
				{ statusCode: 404, body: {} },
			],
		});
		const [items] = await run(context);
		expect(sent[0]).toMatchObject({ method: 'POST', url: `${BASE_URL}/api2/hooks`, body: { event: 'survey', target_url: 'https://example.com/hook' } });
		expect(sent[1]).toMatchObject({ method: 'DELETE', url: `${BASE_URL}/api2/hooks`, qs: { hook_id: '42' } });
		expect(items?.[0]).toEqual({ json: { id: 42, event: 'survey', target_url: 'https://example.com/hook' }, pairedItem: { item: 0 } });
		expect(items?.[1]).toEqual({ json: { id: '42', deleted: true, alreadyGone: true }, pairedItem: { item: 1 } });
	});

	it('turns an API refusal into a NodeApiError, or an error item with Continue On Fail', async () => {
		const params = { resource: 'campaign', operation: 'getAll', returnAll: true };
		const failing = executeContext({ items: [{}], params, replies: [{ statusCode: 401, body: { error: 'invalid key' } }] });
		await expect(run(failing.context)).rejects.toMatchObject({ name: 'NodeApiError', message: expect.stringMatching(/rejected the API key/) });

		const tolerant = executeContext({ items: [{}], params, replies: [{ statusCode: 401 }], continueOnFail: true });
		const [items] = await run(tolerant.context);
		expect(items).toEqual([{ json: { error: expect.stringMatching(/rejected the API key/) }, pairedItem: { item: 0 } }]);
	});

	it('loads campaign options for the dropdown, "All Campaigns" first', async () => {
		const http = authenticatedHttp([{ statusCode: 200, body: [{ id: 5, label: 'Spring', activated: false }] }]);
		const context = {
			getCredentials: jest.fn(async () => ({ apiKey: 'k', baseUrl: BASE_URL })),
			getNode: () => NODE,
			helpers: { httpRequestWithAuthentication: http.fn },
		};
		const options = await node.methods.loadOptions.getCampaigns.call(context as unknown as ILoadOptionsFunctions);
		expect(options).toEqual([
			{ name: 'All Campaigns', value: '' },
			{ name: 'Spring (inactive)', value: '5' },
		]);
	});
});
