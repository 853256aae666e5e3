import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

/**
 * The signing secrets of a trigger's credential, kept for a few seconds per workflow and
 * credential.
 *
 * Why: n8n reads a credential from its database, decrypts it and (with its default expression
 * engine) starts a fresh expression isolate every time `getCredentials` is called. A trigger that
 * checks every delivery's signature would pay that per request: in `npm run bench:n8n` it costs
 * as much as all the rest of a delivery. Only the secrets are kept, in this process's memory,
 * never logged and never stored.
 *
 * What it changes, and how far:
 * - A new secret works from the next delivery on: a delivery that fails the check with the kept
 *   secrets is checked again with freshly read ones (so a forged request costs what every
 *   request costs without keeping them, no more).
 * - A secret removed or replaced in the credential is refused from the next read on: the
 *   re-read after a failed check, or SECRET_TTL_MS after the change at the latest.
 * - n8n still checks, at the start of every execution, that the workflow may use the
 *   credential; a deleted or unshared credential fails there as before.
 */

export const SECRET_TTL_MS = 10_000;
/** A bound on the entries (workflows × credentials), far above what one n8n instance holds. */
const MAX_ENTRIES = 1_000;

interface Entry {
	secrets: string[];
	readAt: number;
	/** Which read this is: a slower, older read never replaces a newer one. */
	read: number;
}

const kept = new Map<string, Entry>();
let reads = 0;

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

/** Per workflow, so workflows sharing a credential never share an entry. */
function keyOf(context: IWebhookFunctions, credentialType: string): string | undefined {
	const workflowId = context.getWorkflow().id;
	const credentialId = context.getNode().credentials?.[credentialType]?.id;
	return workflowId && credentialId ? JSON.stringify([workflowId, credentialType, credentialId]) : undefined;
}

async function read(context: IWebhookFunctions, source: SecretSource, key: string | undefined, now: number): Promise<string[]> {
	reads += 1;
	const started = reads;
	const secrets = source.pick(await context.getCredentials(source.credentialType));
	if (key === undefined) return secrets;
	const current = kept.get(key);
	if (current === undefined || current.read < started) {
		if (current === undefined && kept.size >= MAX_ENTRIES) kept.clear();
		kept.set(key, { secrets, readAt: now, read: started });
	}
	return secrets;
}

function fresh(entry: Entry, now: number): boolean {
	const age = now - entry.readAt;
	// A clock that stepped back makes the age negative: read again rather than trust the entry.
	return age >= 0 && age < SECRET_TTL_MS;
}

export async function deliverySecrets(context: IWebhookFunctions, source: SecretSource, now = Date.now()): Promise<DeliverySecrets> {
	const key = keyOf(context, source.credentialType);
	const entry = key === undefined ? undefined : kept.get(key);
	if (entry === undefined || !fresh(entry, now)) {
		return { secrets: await read(context, source, key, now), refresh: async () => undefined };
	}
	return { secrets: entry.secrets, refresh: async () => await read(context, source, key, now) };
}

/** Forgets every kept secret (tests). */
export function forgetSecrets(): void {
	kept.clear();
}
