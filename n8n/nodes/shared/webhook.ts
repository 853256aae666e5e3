import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { receiveDelivery, type DeliveryFailureReason, type DeliveryInput, type HeaderBag } from '@popup-leads/core';

import { deliverySecrets, type SecretSource } from './secrets';
import { signedBody } from './signed-body';

/** Refusals that a secret changed in the credential since it was kept would explain. */
const MAYBE_A_CHANGED_SECRET: ReadonlySet<DeliveryFailureReason> = new Set(['mismatch', 'no-secret']);

/**
 * The answer to one delivery, shared by both triggers. The core verifies, decodes, normalizes
 * and filters, with the credential's secrets as `secrets.ts` keeps them; this maps its result
 * onto n8n's webhook contract:
 * - a refusal (bad signature 401, bad body 400, too large 413, multipart 415) is answered
 *   directly, with no execution;
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
	const body = await signedBody(context);
	if (!body.ok) return refuse(context, body);
	const rawBody = body.bytes;
	const headers = context.getRequestObject().headers as HeaderBag;
	const keys = await deliverySecrets(context, source);
	let result = receiveDelivery({ ...input, secrets: keys.secrets, rawBody, headers } as DeliveryInput);
	if (!result.ok && MAYBE_A_CHANGED_SECRET.has(result.reason)) {
		const fresh = await keys.refresh();
		if (fresh !== undefined) result = receiveDelivery({ ...input, secrets: fresh, rawBody, headers } as DeliveryInput);
	}
	if (!result.ok) return refuse(context, result);
	if (result.records.length === 0) return {};
	return { workflowData: [result.records.map((record) => ({ json: record as unknown as IDataObject }))] };
}

/** Answers the sender at once; `noWebhookResponse` tells n8n the response was already sent. */
function refuse(context: IWebhookFunctions, refusal: { status: number; reason: string; message: string }): IWebhookResponseData {
	context.getResponseObject().status(refusal.status).send({ error: refusal.reason, message: refusal.message });
	return { noWebhookResponse: true };
}
