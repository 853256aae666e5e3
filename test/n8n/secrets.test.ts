import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { signatureHeaders } from '@popup-leads/core';

import { deliverySecrets, forgetSecrets, SECRET_TTL_MS, type SecretSource } from '../../n8n/nodes/shared/secrets';
import { PopupWebhookTrigger } from '../../n8n/nodes/PopupWebhookTrigger/PopupWebhookTrigger.node';
import { WisepopsTrigger } from '../../n8n/nodes/WisepopsTrigger/WisepopsTrigger.node';
import { seedText } from '../helpers/fixtures';
import { webhookContext } from './context';

const trigger = new WisepopsTrigger();
const asWebhook = (context: unknown) => context as IWebhookFunctions;
const SOURCE: SecretSource = { credentialType: 'wisepopsApi', pick: (credential) => [String(credential.apiKey)] };
const T0 = 1_800_000_000_000;

/** A webhook context whose credential's key can be changed between calls, as a user edits it. */
function withKey(credentialId: string | undefined, key: { apiKey: string }, workflowId?: string) {
	const { context } = webhookContext({ params: { event: 'email' }, credentials: key, rawBody: undefined, headers: {}, credentialId, workflowId });
	return context;
}

beforeEach(() => forgetSecrets());

describe('deliverySecrets', () => {
	it('reads a credential once and keeps its secrets for SECRET_TTL_MS', async () => {
		const context = withKey('7', { apiKey: 'first' });
		expect((await deliverySecrets(asWebhook(context), SOURCE, T0)).secrets).toEqual(['first']);
		expect((await deliverySecrets(asWebhook(context), SOURCE, T0 + SECRET_TTL_MS - 1)).secrets).toEqual(['first']);
		expect(context.getCredentials).toHaveBeenCalledTimes(1);
	});

	it('reads it again once SECRET_TTL_MS has passed, so a removed or replaced secret stops being accepted', async () => {
		const key = { apiKey: 'first' };
		const context = withKey('7', key);
		await deliverySecrets(asWebhook(context), SOURCE, T0);
		key.apiKey = 'second';
		expect((await deliverySecrets(asWebhook(context), SOURCE, T0 + SECRET_TTL_MS)).secrets).toEqual(['second']);
		expect(context.getCredentials).toHaveBeenCalledTimes(2);
	});

	it('keeps each credential apart', async () => {
		await deliverySecrets(asWebhook(withKey('7', { apiKey: 'seven' })), SOURCE, T0);
		expect((await deliverySecrets(asWebhook(withKey('8', { apiKey: 'eight' })), SOURCE, T0)).secrets).toEqual(['eight']);
		expect((await deliverySecrets(asWebhook(withKey('7', { apiKey: 'changed' })), SOURCE, T0)).secrets).toEqual(['seven']);
	});

	it('keeps them per workflow: workflows sharing a credential never share an entry', async () => {
		await deliverySecrets(asWebhook(withKey('7', { apiKey: 'seven' }, 'workflow-1')), SOURCE, T0);
		const other = withKey('7', { apiKey: 'seven' }, 'workflow-2');
		await deliverySecrets(asWebhook(other), SOURCE, T0);
		expect(other.getCredentials).toHaveBeenCalledTimes(1);
	});

	it('keeps nothing for a node without a saved credential id', async () => {
		const context = withKey(undefined, { apiKey: 'first' });
		await deliverySecrets(asWebhook(context), SOURCE, T0);
		await deliverySecrets(asWebhook(context), SOURCE, T0);
		expect(context.getCredentials).toHaveBeenCalledTimes(2);
	});

	it('re-reads on refresh and keeps what it read', async () => {
		const key = { apiKey: 'first' };
		const context = withKey('7', key);
		await deliverySecrets(asWebhook(context), SOURCE, T0);
		key.apiKey = 'second';

		const kept = await deliverySecrets(asWebhook(context), SOURCE, T0 + 1);
		expect(kept.secrets).toEqual(['first']);
		expect(await kept.refresh()).toEqual(['second']);
		expect((await deliverySecrets(asWebhook(context), SOURCE, T0 + 2)).secrets).toEqual(['second']);
		expect(context.getCredentials).toHaveBeenCalledTimes(2);
	});

	it('never lets a slower, older read replace a newer one', async () => {
		const context = withKey('7', { apiKey: 'unused' });
		let finishOld: (value: { apiKey: string }) => void = () => undefined;
		context.getCredentials
			.mockImplementationOnce(async () => await new Promise<{ apiKey: string }>((resolve) => (finishOld = resolve)))
			.mockImplementationOnce(async () => ({ apiKey: 'new' }));
		const older = deliverySecrets(asWebhook(context), SOURCE, T0);
		await deliverySecrets(asWebhook(context), SOURCE, T0 + 1);
		finishOld({ apiKey: 'old' });
		expect((await older).secrets).toEqual(['old']);
		expect((await deliverySecrets(asWebhook(context), SOURCE, T0 + 2)).secrets).toEqual(['new']);
	});

	it('reads again when the clock stepped back', async () => {
		const context = withKey('7', { apiKey: 'first' });
		await deliverySecrets(asWebhook(context), SOURCE, T0);
		await deliverySecrets(asWebhook(context), SOURCE, T0 - 1);
		expect(context.getCredentials).toHaveBeenCalledTimes(2);
	});

	it('has nothing to refresh when the secrets were just read', async () => {
		const read = await deliverySecrets(asWebhook(withKey('7', { apiKey: 'first' })), SOURCE, T0);
		expect(await read.refresh()).toBeUndefined();
	});
});

describe('Wisepops Trigger with kept secrets', () => {
	const payload = Buffer.from(seedText('wisepops-hook-payload.json'));
	const delivery = (key: { apiKey: string }, signedWith: string) =>
		webhookContext({
			params: { event: 'email' },
			credentials: key,
			rawBody: payload,
			headers: { 'Content-Type': 'application/json', ...signatureHeaders({ scheme: 'wisepops', body: payload, secret: signedWith }) },
			credentialId: '7',
		});

	it('accepts a delivery signed with a key changed in the credential since it was kept, and refuses the old key', async () => {
		const key = { apiKey: 'old-key' };
		const first = delivery(key, 'old-key');
		expect((await trigger.webhook.call(asWebhook(first.context))).workflowData?.[0]).toHaveLength(2);

		key.apiKey = 'new-key';
		const second = delivery(key, 'new-key');
		expect((await trigger.webhook.call(asWebhook(second.context))).workflowData?.[0]).toHaveLength(2);
		expect(second.response.status).not.toHaveBeenCalled();

		const stale = delivery(key, 'old-key');
		expect(await trigger.webhook.call(asWebhook(stale.context))).toEqual({ noWebhookResponse: true });
		expect(stale.response.status).toHaveBeenCalledWith(401);
	});

	it('reads the credential once for a run of genuine deliveries, and once more for each forged one', async () => {
		const key = { apiKey: 'the-key' };
		const genuine = [delivery(key, 'the-key'), delivery(key, 'the-key'), delivery(key, 'the-key')];
		for (const { context } of genuine) await trigger.webhook.call(asWebhook(context));
		expect(genuine.map(({ context }) => context.getCredentials.mock.calls.length)).toEqual([1, 0, 0]);

		const forged = delivery(key, 'not-the-key');
		expect(await trigger.webhook.call(asWebhook(forged.context))).toEqual({ noWebhookResponse: true });
		expect(forged.response.status).toHaveBeenCalledWith(401);
		expect(forged.context.getCredentials).toHaveBeenCalledTimes(1);
	});

	it('accepts the key set in a credential that was saved empty, from the next delivery', async () => {
		const key = { apiKey: '' };
		const empty = delivery(key, 'the-key');
		expect(await trigger.webhook.call(asWebhook(empty.context))).toEqual({ noWebhookResponse: true });
		expect(empty.response.status).toHaveBeenCalledWith(401);

		key.apiKey = 'the-key';
		const fixed = delivery(key, 'the-key');
		expect((await trigger.webhook.call(asWebhook(fixed.context))).workflowData?.[0]).toHaveLength(2);
	});
});

describe('Popup Webhook Trigger with kept secrets', () => {
	const popup = new PopupWebhookTrigger();
	const body = Buffer.from(JSON.stringify({ event: 'popup.converted', data: { email: 'ada@example.com' } }));
	const delivery = (credential: IDataObject, signedWith: string) =>
		webhookContext({
			params: { provider: 'coolpopup', coolpopupEvents: [] },
			credentials: credential,
			rawBody: body,
			headers: { 'Content-Type': 'application/json', ...signatureHeaders({ scheme: 'coolpopup', body, secret: signedWith }) },
			credentialId: '9',
		});

	it('keeps accepting a second secret removed from the credential until the secrets are read again', async () => {
		const now = jest.spyOn(Date, 'now').mockReturnValue(T0);
		const credential: IDataObject = { secret: 'new-secret', secondSecret: 'old-secret' };
		expect((await popup.webhook.call(asWebhook(delivery(credential, 'old-secret').context))).workflowData?.[0]).toHaveLength(1);

		delete credential.secondSecret;
		const withinTtl = delivery(credential, 'old-secret');
		expect((await popup.webhook.call(asWebhook(withinTtl.context))).workflowData?.[0]).toHaveLength(1);

		now.mockReturnValue(T0 + SECRET_TTL_MS);
		const afterTtl = delivery(credential, 'old-secret');
		expect(await popup.webhook.call(asWebhook(afterTtl.context))).toEqual({ noWebhookResponse: true });
		expect(afterTtl.response.status).toHaveBeenCalledWith(401);
		now.mockRestore();
	});
});
