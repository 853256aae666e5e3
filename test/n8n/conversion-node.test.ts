import type { ICredentialTestFunctions, IExecuteFunctions } from 'n8n-workflow';
import { normalize } from '@popup-leads/core';

import { ConversionNotification } from '../../n8n/nodes/ConversionNotification/ConversionNotification.node';
import { seedJson } from '../helpers/fixtures';
import { executeContext } from './context';

const node = new ConversionNotification();
const run = (context: unknown) => node.execute.call(context as IExecuteFunctions);
const WEBHOOK = 'https://api.provesrc.com/webhooks/track/abcdef0123456789';
const credentials = { secretWebhookUrl: WEBHOOK };

describe('Conversion Notification node', () => {
	it('is usable as a tool and keeps the webhook URL in a credential', () => {
		expect(node.description.usableAsTool).toBe(true);
		expect(node.description.credentials?.[0]?.name).toBe('conversionWebhookApi');
	});

	it('sends a JSON body with the mapped fields and products', async () => {
		const { context, sent } = executeContext({
			items: [{ anything: true }],
			credentials,
			params: {
				format: 'json',
				email: 'jane@example.com',
				additionalFields: { firstName: 'Jane', lastName: 'Smith', timestamp: '1528611279398', total: 55, currency: 'USD', city: 'Miami' },
				products: { product: [{ name: 'T-Shirt', link: 'https://mystore.com/t-shirt', id: '123', price: 55, quantity: 2 }] },
			},
			replies: [{ statusCode: 200, body: { success: true } }],
		});
		const [items] = await run(context);
		expect(sent[0]).toMatchObject({
			credential: 'conversionWebhookApi',
			method: 'POST',
			url: WEBHOOK,
			headers: { 'Content-Type': 'application/json' },
			body: {
				email: 'jane@example.com',
				firstName: 'Jane',
				lastName: 'Smith',
				timestamp: 1528611279398,
				total: 55,
				currency: 'USD',
				city: 'Miami',
				products: [{ name: 'T-Shirt', link: 'https://mystore.com/t-shirt', id: '123', price: 55, quantity: 2 }],
			},
		});
		expect(items?.[0]).toMatchObject({ json: { sent: true, status: 200 }, pairedItem: { item: 0 } });
	});

	it('sends a form body when asked, email found automatically in a Wisepops lead item', async () => {
		const [record] = normalize('wisepops', seedJson('wisepops-hook-payload.json'), { event: 'email' });
		const { context, sent } = executeContext({
			items: [record as unknown as Record<string, never>],
			credentials,
			params: { format: 'form', email: '', additionalFields: {} },
			replies: [{ statusCode: 200, body: '' }],
		});
		await run(context);
		const request = sent[0];
		expect(request?.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
		expect(typeof request?.body).toBe('string');
		const form = new URLSearchParams(String(request?.body));
		expect(form.get('email')).toBe('example@example.com');
		expect(form.get('ip')).toBe('127.0.0.1');
		expect(form.get('countryCode')).toBe('US');
	});

	it('fails an item without any email with a clear NodeOperationError naming the item', async () => {
		const { context, sent } = executeContext({ items: [{ name: 'no address here' }], credentials, params: { format: 'json', email: '' } });
		await expect(run(context)).rejects.toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringMatching(/No email address found/),
			context: { itemIndex: 0 },
		});
		expect(sent).toHaveLength(0);
	});

	it('continues on fail with an error item paired to the failing input, and sends the others', async () => {
		const { context, sent } = executeContext({
			items: [{ email: 'a@example.com' }, { note: 'nothing' }, { contact: { mail: 'c@example.com' } }],
			credentials,
			params: { format: 'json', email: '' },
			continueOnFail: true,
			replies: [
				{ statusCode: 200, body: {} },
				{ statusCode: 200, body: {} },
			],
		});
		const [items] = await run(context);
		expect(sent.map((request) => (request.body as { email: string }).email)).toEqual(['a@example.com', 'c@example.com']);
		expect(items?.[1]).toEqual({ json: { error: expect.stringMatching(/No email address found/) }, pairedItem: { item: 1 } });
		expect(items?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('never shows the webhook URL in an error', async () => {
		const refused = executeContext({
			items: [{ email: 'a@example.com' }],
			credentials,
			params: { format: 'json', email: '' },
			replies: [{ statusCode: 400, body: { message: `bad webhook ${WEBHOOK}` } }],
		});
		const error = await run(refused.context).then(
			() => undefined,
			(thrown: Error) => thrown,
		);
		expect(error?.message).toMatch(/refused the request \(HTTP 400\)/);
		expect(JSON.stringify({ message: error?.message, description: (error as { description?: string }).description })).not.toContain('abcdef0123456789');

		const down = executeContext({
			items: [{ email: 'a@example.com' }],
			credentials,
			params: { format: 'json', email: '' },
			httpError: new Error(`getaddrinfo ENOTFOUND ${WEBHOOK}`),
		});
		const network = await run(down.context).then(
			() => undefined,
			(thrown: Error) => thrown,
		);
		expect(network).toMatchObject({ name: 'NodeApiError' });
		const shown = network as { message: string; description?: string; messages?: string[] };
		expect(JSON.stringify([shown.message, shown.description, shown.messages])).toMatch(/Could not reach/);
		expect(JSON.stringify([shown.message, shown.description, shown.messages])).not.toContain('abcdef0123456789');
	});

	it('tests the credential without calling the URL', async () => {
		const test = node.methods.credentialTest.conversionWebhookTest;
		const self = {} as ICredentialTestFunctions;
		expect((await test.call(self, { id: '1', name: 'c', type: 'conversionWebhookApi', data: { secretWebhookUrl: WEBHOOK } })).status).toBe('OK');
		expect((await test.call(self, { id: '1', name: 'c', type: 'conversionWebhookApi', data: { secretWebhookUrl: 'not a url' } })).status).toBe('Error');
	});
});
