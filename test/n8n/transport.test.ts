import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { buildCreateHookRequest, buildListContactsRequest } from '@popup-leads/core';

import { callWisepops, REQUEST_TIMEOUT_MS, toRequestOptions } from '../../n8n/nodes/shared/transport';
import { API_KEY, BASE_URL, NODE } from './context';

/** A context whose authenticated request fails the way n8n's helper fails: with a NodeApiError. */
function failingContext(cause: Error) {
	return {
		getCredentials: jest.fn(async () => ({ apiKey: API_KEY, baseUrl: BASE_URL })),
		getNode: () => NODE,
		helpers: {
			httpRequestWithAuthentication: jest.fn(async () => {
				throw new NodeApiError(NODE, cause as unknown as ConstructorParameters<typeof NodeApiError>[1]);
			}),
		},
	} as unknown as IExecuteFunctions;
}

describe('transport', () => {
	it('gives every call a time limit far below n8n’s default of five minutes', () => {
		const options = toRequestOptions(buildListContactsRequest({}, { baseUrl: BASE_URL }));
		expect(options.timeout).toBe(REQUEST_TIMEOUT_MS);
		expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(30_000);
	});

	it('words a call that timed out as a timeout, naming the call, not as a server that is offline', async () => {
		// What axios throws for its `timeout`; n8n rewords ECONNABORTED as "perhaps the server is offline".
		const timeout = Object.assign(new Error('timeout of 15000ms exceeded'), { code: 'ECONNABORTED', isAxiosError: true });
		const request = buildListContactsRequest({}, { baseUrl: BASE_URL });
		await expect(callWisepops(failingContext(timeout), request)).rejects.toMatchObject({
			name: 'NodeApiError',
			message: `Wisepops did not answer within ${REQUEST_TIMEOUT_MS / 1000} seconds while listing contacts. It may be busy or down: try again later.`,
		});
	});

	it('says what it was doing when Wisepops cannot be reached, without the key', async () => {
		const refused = Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:9 (${API_KEY})`), { code: 'ECONNREFUSED' });
		const request = buildCreateHookRequest({ event: 'email', targetUrl: 'https://n8n.example.com/webhook/x/webhook' }, { baseUrl: BASE_URL });
		const error = (await callWisepops(failingContext(refused), request).catch((caught: unknown) => caught)) as Error;
		expect(error.message).toMatch(/^Could not reach Wisepops while creating the hook: /);
		expect(JSON.stringify({ message: error.message })).not.toContain(API_KEY);
	});
});
