import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { PROVIDERS, type DeliveryInput, type ProviderId } from '@popup-leads/core';

import type { SecretSource } from '../shared/secrets';
import { answerDelivery } from '../shared/webhook';

export const POPUP_SECRET_CREDENTIAL = 'popupWebhookSecretApi';

/** The secret and, during a rotation, the second one: a delivery may be signed with either. */
const POPUP_SIGNING_SECRETS: SecretSource = {
	credentialType: POPUP_SECRET_CREDENTIAL,
	pick: (credential) =>
		[credential.secret, credential.secondSecret].filter((value): value is string => typeof value === 'string' && value.trim() !== ''),
};

/** The order users see; labels come from the core so every platform names the tools alike. */
const PROVIDER_ORDER: ProviderId[] = ['coolpopup', 'popsee', 'popup', 'standard-webhooks', 'wisepops'];

function providerLabel(id: ProviderId): string {
	return id === 'wisepops' ? `${PROVIDERS.wisepops.name} (Hand-Made Hook)` : PROVIDERS[id].name;
}

function camel(id: ProviderId): string {
	return id.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}

/** The parameter holding the event filter of a provider that has event types. */
export function eventsParameter(id: ProviderId): string {
	return `${camel(id)}Events`;
}

const eventFilters: INodeProperties[] = PROVIDER_ORDER.filter((id) => PROVIDERS[id].events.length > 0).map((id) => ({
	displayName: 'Events',
	name: eventsParameter(id),
	type: 'multiOptions',
	default: [],
	description: `Only start the workflow for these ${PROVIDERS[id].name} events. Leave empty for all events.`,
	options: PROVIDERS[id].events.map((event) => ({ name: event.label, value: event.value })),
	displayOptions: { show: { provider: [id] } },
}));

/** Where the URL goes in the chosen tool, and where its secret is: the core's words, as Zapier shows them. */
const secretHelp: INodeProperties[] = PROVIDER_ORDER.map((id) => ({
	displayName: `${PROVIDERS[id].setup.replace('this URL', 'the Production URL above')} Credential: ${PROVIDERS[id].secret.label}. ${PROVIDERS[id].secret.help}`,
	name: `${camel(id)}SecretNotice`,
	type: 'notice',
	default: '',
	displayOptions: { show: { provider: [id] } },
}));

export class PopupWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Popup Webhook Trigger',
		name: 'popupWebhookTrigger',
		icon: { light: 'file:../../icons/popup.svg', dark: 'file:../../icons/popup.dark.svg' },
		group: ['trigger'],
		// 1.1 changes nothing the user sees. For version-1 webhook nodes n8n evaluates a legacy
		// expression ($parameter.options.binaryData) on every delivery, which costs an expression
		// isolate per request; from 1.1 on it does not, and the node reads the raw body itself.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{"From " + $parameter["provider"]}}',
		description: 'Starts the workflow on a signed webhook from a popup or form tool, one item per lead',
		defaults: {
			name: 'Popup Webhook Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'popupWebhookSecretApi',
				required: true,
				testedBy: 'popupWebhookSecretTest',
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'Copy the Production URL shown above (Webhook URLs) into the webhook settings of the tool, then activate this workflow. Deliveries with a wrong or missing signature are refused with HTTP 401.',
				name: 'urlNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Provider',
				name: 'provider',
				type: 'options',
				default: 'coolpopup',
				description: 'The tool that sends the webhook: decides how its signature is checked and how leads are read',
				options: PROVIDER_ORDER.map((id) => ({ name: providerLabel(id), value: id })),
			},
			...secretHelp,
			...eventFilters,
			{
				displayName: 'Authentication',
				name: 'popupMode',
				type: 'options',
				default: 'signature',
				description: 'How the Popup endpoint is secured (chosen when you created it)',
				options: [
					{ name: 'Signed Secret', value: 'signature' },
					{ name: 'Bearer Token', value: 'bearer' },
				],
				displayOptions: { show: { provider: ['popup'] } },
			},
			{
				displayName: 'Signature Header',
				name: 'popupHeader',
				type: 'string',
				default: '',
				placeholder: 'X-Popup-Signature',
				description:
					'The header holding an HMAC-SHA256 of the body. Leave empty when Popup sends Standard Webhooks headers (webhook-ID, webhook-timestamp, webhook-signature).',
				displayOptions: { show: { provider: ['popup'], popupMode: ['signature'] } },
			},
			{
				displayName: 'Signature Encoding',
				name: 'popupEncoding',
				type: 'options',
				default: 'auto',
				options: [
					{ name: 'Hex or Base64 (Detect)', value: 'auto' },
					{ name: 'Hex', value: 'hex' },
					{ name: 'Base64', value: 'base64' },
				],
				displayOptions: { show: { provider: ['popup'], popupMode: ['signature'] } },
			},
			{
				displayName: 'Signature Prefix',
				name: 'popupPrefix',
				type: 'string',
				default: '',
				placeholder: 'sha256=',
				description: 'Text before the digest in the header, if any',
				displayOptions: { show: { provider: ['popup'], popupMode: ['signature'] } },
			},
		],
	};

	methods = {
		credentialTest: {
			/**
			 * A signing secret is never sent anywhere, so no request can test it: this checks that
			 * it is usable, and says that the first signed delivery is the real test.
			 */
			async popupWebhookSecretTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const data = (credential.data ?? {}) as IDataObject;
				const secrets = [data.secret, data.secondSecret].filter((value) => typeof value === 'string' && value.trim() !== '');
				if (secrets.length === 0) return { status: 'Error', message: 'Enter the secret or token the tool shows for this endpoint.' };
				return {
					status: 'OK',
					message: 'Saved. A secret can only be checked against a signed delivery: send a test from the tool.',
				};
			},
		},
	};

	/**
	 * The URL is pasted into the tool by hand: there is nothing to register or remove at the
	 * tool, so the lifecycle methods only report that the endpoint exists.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const provider = this.getNodeParameter('provider') as ProviderId;
		const input: Omit<DeliveryInput, 'rawBody' | 'headers' | 'secrets'> = { provider };
		if (PROVIDERS[provider]?.events.length) {
			input.events = this.getNodeParameter(eventsParameter(provider), []) as string[];
		}
		if (provider === 'popup') {
			const mode = this.getNodeParameter('popupMode', 'signature') as 'signature' | 'bearer';
			input.mode = mode;
			if (mode === 'signature') {
				input.header = this.getNodeParameter('popupHeader', '') as string;
				input.encoding = this.getNodeParameter('popupEncoding', 'auto') as 'auto';
				input.prefix = this.getNodeParameter('popupPrefix', '') as string;
			}
		}
		return await answerDelivery(this, input, POPUP_SIGNING_SECRETS);
	}
}
