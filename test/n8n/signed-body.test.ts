import type { IWebhookFunctions } from 'n8n-workflow';

import { signedBody } from '../../n8n/nodes/shared/signed-body';
import { webhookContext } from './context';

const asWebhook = (context: unknown) => context as IWebhookFunctions;
const BYTES = Buffer.from('[{"fields":{"email":"ada@example.com"}}]');

function bodyOf(options: { contentType?: string; unread?: boolean; readError?: unknown }) {
	return webhookContext({
		params: {},
		credentials: {},
		rawBody: BYTES,
		headers: options.contentType === undefined ? {} : { 'Content-Type': options.contentType },
		unread: options.unread,
		readError: options.readError,
	});
}

describe('signedBody', () => {
	it('takes the bytes n8n kept when it parsed the body, without reading again', async () => {
		const { context, request } = bodyOf({ contentType: 'application/json' });
		expect(await signedBody(asWebhook(context))).toEqual({ ok: true, bytes: BYTES });
		expect(request.readRawBody).not.toHaveBeenCalled();
	});

	it('reads a body n8n left unread (a content type it does not parse, or none)', async () => {
		for (const contentType of ['application/octet-stream', undefined]) {
			const { context, request } = bodyOf({ contentType, unread: true });
			expect(await signedBody(asWebhook(context))).toEqual({ ok: true, bytes: BYTES });
			expect(request.readRawBody).toHaveBeenCalledTimes(1);
		}
	});

	it('refuses a multipart body with 415 without reading: n8n consumed it and kept no bytes', async () => {
		const { context, request } = bodyOf({ contentType: 'multipart/form-data; boundary=x', unread: true });
		expect(await signedBody(asWebhook(context))).toEqual({
			ok: false,
			status: 415,
			reason: 'unsupported-media-type',
			message: expect.stringContaining('multipart'),
		});
		expect(request.readRawBody).not.toHaveBeenCalled();
	});

	it('answers 413 when the body is above n8n\'s limit, and 400 when it cannot be read, instead of throwing', async () => {
		const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' });
		const large = bodyOf({ contentType: 'application/octet-stream', unread: true, readError: tooLarge });
		expect(await signedBody(asWebhook(large.context))).toMatchObject({ ok: false, status: 413, reason: 'too-large' });

		const aborted = bodyOf({ contentType: 'application/octet-stream', unread: true, readError: new Error('Request body stream was aborted') });
		expect(await signedBody(asWebhook(aborted.context))).toEqual({ ok: false, status: 400, reason: 'unreadable-body', message: 'The body could not be read.' });
	});
});
