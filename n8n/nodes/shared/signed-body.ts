import type { IWebhookFunctions } from 'n8n-workflow';

/** Why a body never reached the signature check; the core's reasons cover everything after it. */
export type BodyRefusalReason = 'unsupported-media-type' | 'unreadable-body' | 'too-large';

export type SignedBody =
	| { ok: true; bytes: Buffer }
	| { ok: false; status: 400 | 413 | 415; reason: BodyRefusalReason; message: string };

const MULTIPART = /^multipart\//i;

function isTooLarge(error: unknown): boolean {
	const fields = error as { status?: unknown; type?: unknown } | null;
	return typeof fields === 'object' && fields !== null && (fields.status === 413 || fields.type === 'entity.too.large');
}

/**
 * The exact bytes the sender signed.
 * - n8n keeps them as `rawBody` when it parses the body itself (JSON, text, form, XML).
 * - For other content types, or none, it leaves the body unread for nodes above version 1, so
 *   it is read here, as n8n's own Webhook node does; a read that fails is answered, not thrown
 *   (a throw would be a 500 and a failed execution for every such request).
 * - Multipart bodies n8n parses itself for every node version and keeps no bytes of, so no
 *   signature can be checked: they are refused (n8n's Webhook node skips reading them too).
 */
export async function signedBody(context: IWebhookFunctions): Promise<SignedBody> {
	const request = context.getRequestObject();
	// Typed as always present, but absent until something has read the body.
	const held = request.rawBody as Buffer | undefined;
	if (held !== undefined) return { ok: true, bytes: held };
	if (MULTIPART.test(String(request.headers['content-type'] ?? ''))) {
		return {
			ok: false,
			status: 415,
			reason: 'unsupported-media-type',
			message: 'A multipart body cannot be verified: n8n reads it before the node and keeps no signed bytes. Send JSON.',
		};
	}
	try {
		await request.readRawBody();
	} catch (error) {
		return isTooLarge(error)
			? { ok: false, status: 413, reason: 'too-large', message: 'The body is larger than this n8n accepts (N8N_PAYLOAD_SIZE_MAX).' }
			: { ok: false, status: 400, reason: 'unreadable-body', message: 'The body could not be read.' };
	}
	return { ok: true, bytes: (request.rawBody as Buffer | undefined) ?? Buffer.alloc(0) };
}
