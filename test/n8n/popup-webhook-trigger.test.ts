import type { ICredentialTestFunctions, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { signatureHeaders } from '@popup-leads/core';

import { PopupWebhookTrigger } from '../../n8n/nodes/PopupWebhookTrigger/PopupWebhookTrigger.node';
import { seedText } from '../helpers/fixtures';
import { hookContext, webhookContext } from './context';

const trigger = new PopupWebhookTrigger();
const asWebhook = (context: unknown) => context as IWebhookFunctions;
const SECRET = 'shared-secret-1';
const WHSEC = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

const coolpopup = seedText('coolpopup-popup-converted.json');
const popsee = seedText('popsee-response-completed.json');
const envelope = JSON.stringify({
	id: 'evt_1',
	type: 'lead.created',
	timestamp: '2026-11-23T10:00:00Z',
	payload: { email: 'jane@example.com', campaign_id: 'c1' },
});
const wisepops = seedText('wisepops-hook-payload.json');
const now = () => Math.floor(Date.now() / 1000);

interface Case {
	name: string;
	params: Record<string, unknown>;
	credentials: Record<string, string>;
	body: string;
	headers: () => Record<string, string>;
	forged: () => Record<string, string>;
	items: number;
	email?: string | null;
}

const cases: Case[] = [
	{
		name: 'Cool Popup',
		params: { provider: 'coolpopup' },
		credentials: { secret: SECRET },
		body: coolpopup,
		headers: () => signatureHeaders({ scheme: 'coolpopup', body: coolpopup, secret: SECRET }),
		forged: () => signatureHeaders({ scheme: 'coolpopup', body: coolpopup, secret: 'wrong' }),
		items: 1,
	},
	{
		name: 'Popsee',
		params: { provider: 'popsee' },
		credentials: { secret: SECRET },
		body: popsee,
		headers: () => signatureHeaders({ scheme: 'popsee', body: popsee, secret: SECRET }),
		forged: () => signatureHeaders({ scheme: 'popsee', body: `${popsee} `, secret: SECRET }),
		items: 1,
		email: 'customer@example.com',
	},
	{
		name: 'Popup (Standard Webhooks headers)',
		params: { provider: 'popup', popupMode: 'signature', popupHeader: '' },
		credentials: { secret: WHSEC },
		body: envelope,
		headers: () => signatureHeaders({ scheme: 'standard-webhooks', body: envelope, secret: WHSEC, id: 'msg_1', timestamp: now() }),
		forged: () => signatureHeaders({ scheme: 'standard-webhooks', body: envelope, secret: WHSEC, id: 'msg_1', timestamp: now() - 3600 }),
		items: 1,
		email: 'jane@example.com',
	},
	{
		name: 'Popup (own signature header)',
		params: { provider: 'popup', popupMode: 'signature', popupHeader: 'X-Popup-Signature', popupEncoding: 'base64', popupPrefix: 'sha256=' },
		credentials: { secret: SECRET },
		body: envelope,
		headers: () => signatureHeaders({ scheme: 'popup-hmac', body: envelope, secret: SECRET, header: 'X-Popup-Signature', encoding: 'base64', prefix: 'sha256=' }),
		forged: () => signatureHeaders({ scheme: 'popup-hmac', body: envelope, secret: SECRET, header: 'X-Popup-Signature', encoding: 'hex', prefix: 'sha256=' }),
		items: 1,
	},
	{
		name: 'Popup (bearer token)',
		params: { provider: 'popup', popupMode: 'bearer' },
		credentials: { secret: 'token-abc' },
		body: envelope,
		headers: () => signatureHeaders({ scheme: 'bearer', token: 'token-abc' }),
		forged: () => signatureHeaders({ scheme: 'bearer', token: 'token-abd' }),
		items: 1,
	},
	{
		name: 'Standard Webhooks',
		params: { provider: 'standard-webhooks' },
		credentials: { secret: WHSEC },
		body: envelope,
		headers: () => signatureHeaders({ scheme: 'standard-webhooks', body: envelope, secret: WHSEC, id: 'msg_2', timestamp: now() }),
		forged: () => signatureHeaders({ scheme: 'standard-webhooks', body: envelope, secret: `whsec_${Buffer.from('another key entirely!').toString('base64')}`, id: 'msg_2', timestamp: now() }),
		items: 1,
	},
	{
		name: 'Wisepops (hand-made hook)',
		params: { provider: 'wisepops' },
		credentials: { secret: SECRET },
		body: wisepops,
		headers: () => signatureHeaders({ scheme: 'wisepops', body: wisepops, secret: SECRET }),
		forged: () => signatureHeaders({ scheme: 'wisepops', body: wisepops, secret: 'wrong' }),
		items: 2,
		email: 'example@example.com',
	},
];

describe('Popup Webhook Trigger: every provider', () => {
	it.each(cases)('$name: a valid delivery gives its leads', async (entry) => {
		const { context, response } = webhookContext({
			params: entry.params,
			credentials: entry.credentials,
			rawBody: Buffer.from(entry.body),
			headers: { 'Content-Type': 'application/json', ...entry.headers() },
		});
		const result = await trigger.webhook.call(asWebhook(context));
		const items = result.workflowData?.[0] ?? [];
		expect(items).toHaveLength(entry.items);
		expect(items[0]?.json.provider).toBe(entry.params.provider);
		if (entry.email !== undefined) expect(items[0]?.json.email).toBe(entry.email);
		expect(response.status).not.toHaveBeenCalled();
	});

	it.each(cases)('$name: a forged delivery is refused with 401 and no items', async (entry) => {
		const { context, response } = webhookContext({
			params: entry.params,
			credentials: entry.credentials,
			rawBody: Buffer.from(entry.body),
			headers: { 'Content-Type': 'application/json', ...entry.forged() },
		});
		const result = await trigger.webhook.call(asWebhook(context));
		expect(result).toEqual({ noWebhookResponse: true });
		expect(result.workflowData).toBeUndefined();
		expect(response.status).toHaveBeenCalledWith(401);
	});
});

describe('Popup Webhook Trigger: options', () => {
	it('accepts the second secret during a rotation', async () => {
		const { context } = webhookContext({
			params: { provider: 'coolpopup' },
			credentials: { secret: 'old-secret', secondSecret: 'new-secret' },
			rawBody: Buffer.from(coolpopup),
			headers: signatureHeaders({ scheme: 'coolpopup', body: coolpopup, secret: 'new-secret' }),
		});
		expect((await trigger.webhook.call(asWebhook(context))).workflowData?.[0]).toHaveLength(1);
	});

	it('filters by event: a filtered-out event is a 200 without an execution', async () => {
		const headers = signatureHeaders({ scheme: 'coolpopup', body: coolpopup, secret: SECRET });
		const skipped = webhookContext({ params: { provider: 'coolpopup', coolpopupEvents: ['popup.shown'] }, credentials: { secret: SECRET }, rawBody: Buffer.from(coolpopup), headers });
		expect(await trigger.webhook.call(asWebhook(skipped.context))).toEqual({});
		expect(skipped.response.status).not.toHaveBeenCalled();

		const kept = webhookContext({
			params: { provider: 'coolpopup', coolpopupEvents: ['popup.converted', 'popup.shown'] },
			credentials: { secret: SECRET },
			rawBody: Buffer.from(coolpopup),
			headers,
		});
		expect((await trigger.webhook.call(asWebhook(kept.context))).workflowData?.[0]?.[0]?.json.event).toBe('popup.converted');
	});

	it('offers an event filter exactly for the providers that have events', () => {
		const filters = trigger.description.properties.filter((property) => property.type === 'multiOptions').map((property) => property.name);
		expect(filters.sort()).toEqual(['coolpopupEvents', 'popseeEvents', 'wisepopsEvents']);
	});

	it('shows where to paste the URL and has harmless lifecycle methods', async () => {
		expect(trigger.description.properties.some((property) => property.type === 'notice' && /Production URL/.test(property.displayName))).toBe(true);
		const { context, sent, staticData } = hookContext({ params: {} });
		const hook = context as unknown as IHookFunctions;
		expect(await trigger.webhookMethods.default.checkExists.call(hook)).toBe(true);
		expect(await trigger.webhookMethods.default.create.call(hook)).toBe(true);
		expect(await trigger.webhookMethods.default.delete.call(hook)).toBe(true);
		expect(sent).toHaveLength(0);
		expect(staticData).toEqual({});
	});

	it('tests the credential honestly: an empty secret is an error, a filled one is saved', async () => {
		const test = trigger.methods.credentialTest.popupWebhookSecretTest;
		const self = {} as ICredentialTestFunctions;
		expect((await test.call(self, { id: '1', name: 'c', type: 'popupWebhookSecretApi', data: { secret: ' ' } })).status).toBe('Error');
		expect((await test.call(self, { id: '1', name: 'c', type: 'popupWebhookSecretApi', data: { secret: 's' } })).status).toBe('OK');
	});
});
