import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { receiveDelivery, type DeliveryInput, type HeaderBag } from '@popup-leads/core';

/**
 * The answer to one delivery, shared by both triggers. The core verifies, decodes, normalizes
 * and filters; this maps its result onto n8n's webhook contract:
 * - a refusal (bad signature 401, bad body 400, too large 413) is answered directly, with no
 *   execution: `noWebhookResponse` tells n8n the response was already sent;
 * - nothing left to emit (an empty array, or every event filtered out) is a 200 without an
 *   execution;
 * - otherwise one execution with one item per lead.
 * Static data is never written here: in queue mode this runs in whichever process got the
 * request, and saving would overwrite what the lifecycle methods stored.
 */
export function answerDelivery(
	context: IWebhookFunctions,
	input: Omit<DeliveryInput, 'rawBody' | 'headers'>,
): IWebhookResponseData {
	const request = context.getRequestObject();
	const raw: unknown = (request as { rawBody?: unknown }).rawBody;
	const rawBody = Buffer.isBuffer(raw) || typeof raw === 'string' ? raw : Buffer.alloc(0);
	const headers = request.headers as HeaderBag;
	const result = receiveDelivery({ ...input, rawBody, headers } as DeliveryInput);
	if (!result.ok) {
		context.getResponseObject().status(result.status).send({ error: result.reason, message: result.message });
		return { noWebhookResponse: true };
	}
	if (result.records.length === 0) return {};
	return { workflowData: [result.records.map((record) => ({ json: record as unknown as IDataObject }))] };
}
