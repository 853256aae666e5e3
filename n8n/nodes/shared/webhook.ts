import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { receiveDelivery, type DeliveryFailureReason, type DeliveryInput, type HeaderBag } from '@popup-leads/core';

import { deliverySecrets, type SecretSource } from './secrets';

/** Refusals that a secret changed in the credential since it was kept would explain. */
const MAYBE_A_CHANGED_SECRET: ReadonlySet<DeliveryFailureReason> = new Set(['mismatch', 'no-secret']);

interface N8nRequestBody {
	rawBody?: unknown;
	readRawBody?: () => Promise<void>;
}

/**
 * The exact bytes the sender signed. n8n keeps them as `rawBody` when it parses the body itself
 * (JSON, text, form, XML); for other content types, or none, it leaves the body unread for nodes
 * above version 1, so it is read here.
 */
async function signedBytes(request: object): Promise<Buffer | string> {
	const body = request as N8nRequestBody;
	if (body.rawBody === undefined && typeof body.readRawBody === 'function') await body.readRawBody();
	const raw = body.rawBody;
	return Buffer.isBuffer(raw) || typeof raw === 'string' ? raw : Buffer.alloc(0);
}

/**
 * The answer to one delivery, shared by both triggers. The core verifies, decodes, normalizes
 * and filters, with the credential's secrets as `secrets.ts` keeps them; this maps its result
 * onto n8n's webhook contract:
 * - a refusal (bad signature 401, bad body 400, too large 413) is answered directly, with no
 *   execution: `noWebhookResponse` tells n8n the response was already sent;
 * - nothing left to emit (an empty array, or every event filtered out) is a 200 without an
 *   execution;
 * - otherwise one execution with one item per lead.
 * Static data is never written here: in queue mode this runs in whichever process got the
 * request, and saving would overwrite what the lifecycle methods stored.
 */
export async function answerDelivery(
	context: IWebhookFunctions,
	input: Omit<DeliveryInput, 'rawBody' | 'headers' | 'secrets'>,
	source: SecretSource,
): Promise<IWebhookResponseData> {
	const request = context.getRequestObject();
	const rawBody = await signedBytes(request);
	const headers = request.headers as HeaderBag;
	const keys = await deliverySecrets(context, source);
	let result = receiveDelivery({ ...input, secrets: keys.secrets, rawBody, headers } as DeliveryInput);
	if (!result.ok && MAYBE_A_CHANGED_SECRET.has(result.reason)) {
		const fresh = await keys.refresh();
		if (fresh !== undefined) result = receiveDelivery({ ...input, secrets: fresh, rawBody, headers } as DeliveryInput);
	}
	if (!result.ok) {
		context.getResponseObject().status(result.status).send({ error: result.reason, message: result.message });
		return { noWebhookResponse: true };
	}
	if (result.records.length === 0) return {};
	return { workflowData: [result.records.map((record) => ({ json: record as unknown as IDataObject }))] };
}
