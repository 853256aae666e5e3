import type {
	IDataObject,
	IHookFunctions,
	ILoadOptionsFunctions,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import {
	buildCreateHookRequest,
	buildDeleteHookRequest,
	parseCreateHookResponse,
	parseDeleteHookResponse,
	PROVIDERS,
} from '@popup-leads/core';

import type { SecretSource } from '../shared/secrets';
import { callWisepops, campaignOptions, toNodeError, wisepopsOptions, WISEPOPS_CREDENTIAL } from '../shared/transport';
import { answerDelivery } from '../shared/webhook';
import { backfillMissedLeads } from './backfill';

/**
 * What the node keeps in its static data. Wisepops cannot list hooks, and n8n runs
 * checkExists + create on every activation and (on some start-up paths) every restart, so the
 * hook it made must be recognised here or each restart would add a hook at Wisepops.
 */
export interface HookState {
	hookId?: string | number;
	url?: string;
	event?: string;
	campaign?: string;
	/**
	 * ISO time from which leads were missed: the last deactivation, or an earlier one whose
	 * backfill failed. create() clears it once a backfill has run.
	 */
	inactiveSince?: string;
}

/** Wisepops signs each delivery with the website's API key. */
const WISEPOPS_SIGNING_KEY: SecretSource = {
	credentialType: WISEPOPS_CREDENTIAL,
	pick: (credential) => [String(credential.apiKey ?? '')],
};

function hookSettings(context: IHookFunctions): { url: string; event: string; campaign: string } {
	const url = context.getNodeWebhookUrl('default') ?? '';
	const event = context.getNodeParameter('event') as string;
	const campaign = String(context.getNodeParameter('campaign', '') ?? '');
	return { url, event, campaign };
}

function forgetHook(state: HookState): void {
	delete state.hookId;
	delete state.url;
	delete state.event;
	delete state.campaign;
}

async function deleteHook(context: IHookFunctions, hookId: string | number): Promise<void> {
	try {
		const options = await wisepopsOptions(context);
		// A hook that is already gone (404) counts as deleted: the core says so.
		parseDeleteHookResponse(await callWisepops(context, buildDeleteHookRequest(hookId, options)));
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}

export class WisepopsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Wisepops Trigger',
		name: 'wisepopsTrigger',
		icon: { light: 'file:../../icons/wisepops.svg', dark: 'file:../../icons/wisepops.dark.svg' },
		group: ['trigger'],
		// 1.1 changes nothing the user sees. For version-1 webhook nodes n8n evaluates a legacy
		// expression ($parameter.options.binaryData) on every delivery, which costs an expression
		// isolate per request; from 1.1 on it does not, and the node reads the raw body itself.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{"New " + $parameter["event"] + " lead"}}',
		description: 'Starts the workflow when Wisepops collects a lead (email, phone or survey)',
		defaults: {
			name: 'Wisepops Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'wisepopsApi',
				required: true,
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
				displayName: 'Event',
				name: 'event',
				type: 'options',
				required: true,
				default: 'email',
				description: 'Which kind of form data to receive. It matches the block the campaign contains.',
				options: PROVIDERS.wisepops.events.map((event) => ({ name: event.label, value: event.value })),
			},
			{
				displayName: 'Campaign Name or ID',
				name: 'campaign',
				type: 'options',
				default: '',
				description:
					'Only leads of this campaign. Leave empty for all campaigns. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				typeOptions: {
					loadOptionsMethod: 'getCampaigns',
				},
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Fetch Leads Missed While Inactive',
						name: 'backfill',
						type: 'boolean',
						default: false,
						description:
							'Whether to fetch, when the workflow is activated again, the leads collected while it was inactive (through the contacts API, which counts against the Wisepops API quota) and run the workflow with them',
					},
				],
			},
		],
	};

	methods = {
		loadOptions: {
			async getCampaigns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return await campaignOptions(this);
			},
		},
	};

	webhookMethods = {
		default: {
			/**
			 * True only for the hook this node made for the same URL, event and campaign. A stored
			 * hook for the same URL but other settings is ours and outdated: it is deleted at
			 * Wisepops. One for another URL (a copied workflow, a test listen) is forgotten, not
			 * deleted: it may belong to another workflow.
			 */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as HookState;
				if (state.hookId === undefined) return false;
				const wanted = hookSettings(this);
				if (state.url === wanted.url && state.event === wanted.event && (state.campaign ?? '') === wanted.campaign) {
					return true;
				}
				if (state.url === wanted.url) await deleteHook(this, state.hookId);
				forgetHook(state);
				return false;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as HookState;
				const { url, event, campaign } = hookSettings(this);
				let hookId: string | number;
				try {
					const options = await wisepopsOptions(this);
					const request = buildCreateHookRequest({ event: event as 'email', targetUrl: url, campaignId: campaign }, options);
					hookId = parseCreateHookResponse(await callWisepops(this, request)).id;
				} catch (error) {
					throw toNodeError(this.getNode(), error);
				}
				state.hookId = hookId;
				state.url = url;
				state.event = event;
				state.campaign = campaign;

				const since = state.inactiveSince;
				const backfill = (this.getNodeParameter('options', {}) as IDataObject).backfill === true;
				// Test listens use the test URL and an unsaved copy of the static data: no backfill there.
				if (backfill && since && this.getMode() !== 'manual') {
					const report = await backfillMissedLeads(this, { since, event, campaign, webhookUrl: url });
					// A failed backfill keeps its start time for the next activation.
					if (!report.failed) delete state.inactiveSince;
				} else {
					delete state.inactiveSince;
				}
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as HookState;
				if (state.hookId !== undefined) {
					await deleteHook(this, state.hookId);
					forgetHook(state);
				}
				// An older time still there is a backfill that failed: moving it forward would lose that period.
				if (this.getMode() !== 'manual' && state.inactiveSince === undefined) state.inactiveSince = new Date().toISOString();
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const event = this.getNodeParameter('event') as string;
		return await answerDelivery(this, { provider: 'wisepops', event }, WISEPOPS_SIGNING_KEY);
	}
}
