import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import {
	buildCreateHookRequest,
	buildDeleteHookRequest,
	buildErasePersonRequest,
	buildListCampaignsRequest,
	CONTACTS_MAX_PAGE_SIZE,
	parseCreateHookResponse,
	parseDeleteHookResponse,
	parseErasePersonResponse,
	parseListCampaignsResponse,
	PROVIDERS,
	startBackfill,
	type LeadRecord,
} from '@popup-leads/core';

import { readContacts } from '../shared/contacts';
import { callWisepops, campaignOptions, toNodeError, wisepopsOptions } from '../shared/transport';

/** "All leads" when no date is given: the contacts API pages by collection time. */
const BEGINNING = '1970-01-01T00:00:00.000Z';

type Options = { baseUrl?: string };

async function listLeads(
	context: IExecuteFunctions,
	options: Options,
	input: { collectedAfter: string; campaign: string; returnAll: boolean; limit: number },
): Promise<LeadRecord[]> {
	const out: LeadRecord[] = [];
	const cursor = startBackfill(input.collectedAfter || BEGINNING, input.campaign || undefined);
	// Return All reads every page; a limit needs only enough pages, and a small one a small page.
	const paging = input.returnAll
		? { maxPages: Number.MAX_SAFE_INTEGER }
		: {
				maxPages: Math.ceil(input.limit / CONTACTS_MAX_PAGE_SIZE) + 1,
				pageSize: input.limit < CONTACTS_MAX_PAGE_SIZE ? input.limit : undefined,
			};
	await readContacts(context, options, cursor, paging, (records) => {
		out.push(...records);
		return input.returnAll || out.length < input.limit;
	});
	return input.returnAll ? out : out.slice(0, input.limit);
}

async function runOperation(
	context: IExecuteFunctions,
	resource: string,
	operation: string,
	i: number,
	options: Options,
): Promise<IDataObject[]> {
	if (resource === 'campaign' && operation === 'getAll') {
		const campaigns = parseListCampaignsResponse(await callWisepops(context, buildListCampaignsRequest(options)));
		const returnAll = context.getNodeParameter('returnAll', i) as boolean;
		const limit = returnAll ? campaigns.length : (context.getNodeParameter('limit', i) as number);
		return campaigns.slice(0, limit) as IDataObject[];
	}
	if (resource === 'lead' && operation === 'getAll') {
		const returnAll = context.getNodeParameter('returnAll', i) as boolean;
		const records = await listLeads(context, options, {
			collectedAfter: context.getNodeParameter('collectedAfter', i, '') as string,
			campaign: String(context.getNodeParameter('campaign', i, '') ?? ''),
			returnAll,
			limit: returnAll ? 0 : (context.getNodeParameter('limit', i) as number),
		});
		return records as unknown as IDataObject[];
	}
	if (resource === 'person' && operation === 'erase') {
		const email = context.getNodeParameter('email', i, '') as string;
		const phone = context.getNodeParameter('phone', i, '') as string;
		const request = buildErasePersonRequest({ email, phone }, options);
		parseErasePersonResponse(await callWisepops(context, request));
		const body = (request.body ?? {}) as IDataObject;
		return [{ erased: true, ...body }];
	}
	if (resource === 'hook' && operation === 'create') {
		const event = context.getNodeParameter('event', i) as 'email';
		const targetUrl = context.getNodeParameter('targetUrl', i) as string;
		const campaign = String(context.getNodeParameter('campaign', i, '') ?? '');
		const request = buildCreateHookRequest({ event, targetUrl, campaignId: campaign }, options);
		const hook = parseCreateHookResponse(await callWisepops(context, request));
		return [{ ...(hook as IDataObject), ...(request.body as IDataObject) }];
	}
	if (resource === 'hook' && operation === 'delete') {
		const hookId = context.getNodeParameter('hookId', i) as string;
		const result = parseDeleteHookResponse(await callWisepops(context, buildDeleteHookRequest(hookId, options)));
		return [{ id: hookId, deleted: result.deleted, alreadyGone: result.alreadyGone }];
	}
	throw new NodeOperationError(context.getNode(), `The operation "${operation}" is not known for "${resource}".`, { itemIndex: i });
}

export class Wisepops implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Wisepops',
		name: 'wisepops',
		icon: { light: 'file:../../icons/wisepops.svg', dark: 'file:../../icons/wisepops.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read campaigns and leads, manage hooks and erase personal data in Wisepops',
		defaults: {
			name: 'Wisepops',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'wisepopsApi',
				required: true,
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Campaign', value: 'campaign' },
					{ name: 'Hook', value: 'hook' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'Person', value: 'person' },
				],
				default: 'lead',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['campaign'] } },
				options: [
					{
						name: 'Get Many',
						value: 'getAll',
						description: 'Get many campaigns of the website',
						action: 'Get many campaigns',
					},
				],
				default: 'getAll',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['lead'] } },
				options: [
					{
						name: 'Get Many',
						value: 'getAll',
						description: 'Get many leads collected after a date',
						action: 'Get many leads',
					},
				],
				default: 'getAll',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['person'] } },
				options: [
					{
						name: 'Erase Data',
						value: 'erase',
						description: "Erase a person's data (GDPR / CCPA) by email and/or phone",
						action: 'Erase a person s data',
					},
				],
				default: 'erase',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['hook'] } },
				options: [
					{
						name: 'Create',
						value: 'create',
						description: 'Create a hook that posts collected leads to a URL',
						action: 'Create a hook',
					},
					{
						name: 'Delete',
						value: 'delete',
						description: 'Delete a hook by its ID',
						action: 'Delete a hook',
					},
				],
				default: 'create',
			},
			{
				displayName: 'Collected After',
				name: 'collectedAfter',
				type: 'dateTime',
				default: '',
				description: 'Only leads collected after this moment. Leave empty for all leads.',
				displayOptions: { show: { resource: ['lead'], operation: ['getAll'] } },
			},
			{
				displayName: 'Campaign Name or ID',
				name: 'campaign',
				type: 'options',
				default: '',
				description:
					'Only leads of this campaign. Leave empty for all campaigns. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				typeOptions: { loadOptionsMethod: 'getCampaigns' },
				displayOptions: { show: { resource: ['lead', 'hook'], operation: ['getAll', 'create'] } },
			},
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				displayOptions: { show: { resource: ['campaign', 'lead'], operation: ['getAll'] } },
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: { show: { resource: ['campaign', 'lead'], operation: ['getAll'], returnAll: [false] } },
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'Email address of the person. Give an email, a phone number, or both.',
				displayOptions: { show: { resource: ['person'], operation: ['erase'] } },
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: '+33612345678',
				description: 'Phone number in international format (leading +)',
				displayOptions: { show: { resource: ['person'], operation: ['erase'] } },
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				default: 'email',
				description: 'Which kind of form data the hook sends',
				options: PROVIDERS.wisepops.events.map((event) => ({ name: event.label, value: event.value })),
				displayOptions: { show: { resource: ['hook'], operation: ['create'] } },
			},
			{
				displayName: 'Target URL',
				name: 'targetUrl',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'https://example.com/hook',
				description: 'The URL that receives the collected leads',
				displayOptions: { show: { resource: ['hook'], operation: ['create'] } },
			},
			{
				displayName: 'Hook ID',
				name: 'hookId',
				type: 'string',
				default: '',
				required: true,
				description: 'The ID Wisepops returned when the hook was created',
				displayOptions: { show: { resource: ['hook'], operation: ['delete'] } },
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

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		const options = await wisepopsOptions(this);
		for (let i = 0; i < items.length; i++) {
			try {
				const resource = this.getNodeParameter('resource', i) as string;
				const operation = this.getNodeParameter('operation', i) as string;
				const results = await runOperation(this, resource, operation, i, options);
				for (const json of results) out.push({ json, pairedItem: { item: i } });
			} catch (error) {
				const nodeError = toNodeError(this.getNode(), error, i);
				if (this.continueOnFail()) {
					out.push({ json: { error: nodeError.message }, pairedItem: { item: i } });
					continue;
				}
				throw nodeError;
			}
		}
		return [out];
	}
}
