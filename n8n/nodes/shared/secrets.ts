import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

/**
 * The signing secrets of a trigger's credential, kept for a short while per workflow and credential.
 *
 * Why: n8n reads a credential from its database, decrypts it and (with its default expression
 * engine) starts a fresh expression isolate every time `getCredentials` is called. A trigger that
 * checks every delivery's signature would pay that per request: in `npm run bench:n8n` it halves
 * the deliveries n8n accepts per second. Only the secrets are kept, in this process's memory
 * (where n8n holds the decrypted credential anyway), never logged and never stored.
 *
 * A changed secret is picked up at once: a delivery that fails the signature check with the
 * kept secrets is checked again with freshly read ones (so a forged request costs what every
 * request costs without the cache, no more). The replaced secret is refused from then on; a
 * removed or unshared credential stops being accepted after SECRET_TTL_MS.
 */

export const SECRET_TTL_MS = 60_000;
/** A bound on the entries, far above the credentials one n8n instance holds. */
const MAX_ENTRIES = 1_000;

interface Entry {
	secrets: string[];
	readAt: number;
}

const kept = new Map<string, Entry>();

export interface SecretSource {
	/** The credential type, as the node declares it. */
	credentialType: string;
	/** The secrets a signature may be made with, from the decrypted credential. */
	pick(credential: ICredentialDataDecryptedObject): string[];
}

export interface DeliverySecrets {
	secrets: string[];
	/** Freshly read secrets after a failed signature check, or undefined when these were just read. */
	refresh(): Promise<string[] | undefined>;
}

/**
 * Per workflow, not only per credential: each workflow's first delivery goes through n8n's own
 * check that the workflow may use the credential.
 */
function keyOf(context: IWebhookFunctions, credentialType: string): string | undefined {
	const workflowId = context.getWorkflow().id;
	const credentialId = context.getNode().credentials?.[credentialType]?.id;
	return workflowId && credentialId ? JSON.stringify([workflowId, credentialType, credentialId]) : undefined;
}

async function read(context: IWebhookFunctions, source: SecretSource, key: string | undefined, now: number): Promise<string[]> {
	const secrets = source.pick(await context.getCredentials(source.credentialType));
	if (key !== undefined) {
		if (kept.size >= MAX_ENTRIES) kept.clear();
		kept.set(key, { secrets, readAt: now });
	}
	return secrets;
}

export async function deliverySecrets(context: IWebhookFunctions, source: SecretSource, now = Date.now()): Promise<DeliverySecrets> {
	const key = keyOf(context, source.credentialType);
	const entry = key === undefined ? undefined : kept.get(key);
	if (key === undefined || entry === undefined || now - entry.readAt >= SECRET_TTL_MS) {
		return { secrets: await read(context, source, key, now), refresh: async () => undefined };
	}
	return {
		secrets: entry.secrets,
		refresh: async () => await read(context, source, key, now),
	};
}

/** Forgets every kept secret (tests). */
export function forgetSecrets(): void {
	kept.clear();
}
