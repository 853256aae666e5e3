import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import {
	buildConversionPayload,
	buildConversionRequest,
	CONVERSION_SERVICE,
	parseConversionResponse,
	secretPartsOf,
	type ConversionInput,
} from '@popup-leads/core';

import { toHttpResponse, toNodeError, toRequestOptions, unreachable } from '../shared/transport';

export const CONVERSION_CREDENTIAL = 'conversionWebhookApi';

/** Text fields sent as they are when filled (the core trims, checks and drops empty ones). */
const TEXT_FIELDS = [
	'ip',
	'firstName',
	'lastName',
	'guid',
	'city',
	'country',
	'countryCode',
	'state',
	'stateCode',
	'productName',
	'productLink',
	'productImage',
	'currency',
] as const;

interface ProductRow {
	name?: string;
	link?: string;
	id?: string;
	image?: string;
	price?: number | string;
	quantity?: number | string;
}

function conversionInput(context: IExecuteFunctions, i: number, webhookUrl: string, lead: IDataObject): ConversionInput {
	const fields = context.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const input: Record<string, unknown> = {
		webhookUrl,
		format: context.getNodeParameter('format', i, 'json') as string,
		email: context.getNodeParameter('email', i, '') as string,
		lead,
	};
	for (const key of TEXT_FIELDS) if (fields[key] !== undefined) input[key] = fields[key];
	if (fields.timestamp !== undefined && fields.timestamp !== '') input.timestamp = fields.timestamp;
	if (fields.total !== undefined && fields.total !== '') input.total = fields.total;
	const products = ((context.getNodeParameter('products', i, {}) as IDataObject).product ?? []) as ProductRow[];
	if (products.length > 0) input.products = products;
	return input as ConversionInput;
}

export class ConversionNotification implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Conversion Notification',
		name: 'conversionNotification',
		icon: { light: 'file:../../icons/conversion.svg', dark: 'file:../../icons/conversion.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{"Send as " + $parameter["format"]}}',
		description: "Send each item as a conversion to a social-proof notification's webhook",
		defaults: {
			name: 'Conversion Notification',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'conversionWebhookApi',
				required: true,
				testedBy: 'conversionWebhookTest',
			},
		],
		properties: [
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description:
					"The email of the person who converted. Leave empty to find it in the item automatically (e.g. a lead's email field).",
			},
			{
				displayName: 'Body Format',
				name: 'format',
				type: 'options',
				default: 'json',
				options: [
					{ name: 'JSON', value: 'json' },
					{ name: 'Form (URL-Encoded)', value: 'form' },
				],
			},
			{
				displayName: 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				options: [
					{ displayName: 'City', name: 'city', type: 'string', default: '' },
					{
						displayName: 'Country',
						name: 'country',
						type: 'string',
						default: '',
						description: 'Looked up from the country code when empty',
					},
					{
						displayName: 'Country Code',
						name: 'countryCode',
						type: 'string',
						default: '',
						placeholder: 'US',
						description: "Taken from the lead's country code when empty",
					},
					{ displayName: 'Currency', name: 'currency', type: 'string', default: '', placeholder: 'USD' },
					{
						displayName: 'First Name',
						name: 'firstName',
						type: 'string',
						default: '',
						description: 'Shown in the notification. Taken from the lead when empty.',
					},
					{
						displayName: 'GUID',
						name: 'guid',
						type: 'string',
						default: '',
						description: 'A product or category identifier',
					},
					{
						displayName: 'IP',
						name: 'ip',
						type: 'string',
						default: '',
						description: "The visitor's IP, to show their location. Taken from the lead when empty.",
					},
					{
						displayName: 'Last Name',
						name: 'lastName',
						type: 'string',
						default: '',
						description: 'Only its first letter is shown. Taken from the lead when empty.',
					},
					{ displayName: 'Product Image', name: 'productImage', type: 'string', default: '', placeholder: 'https://' },
					{ displayName: 'Product Link', name: 'productLink', type: 'string', default: '', placeholder: 'https://' },
					{ displayName: 'Product Name', name: 'productName', type: 'string', default: '' },
					{ displayName: 'State', name: 'state', type: 'string', default: '', description: 'US only' },
					{ displayName: 'State Code', name: 'stateCode', type: 'string', default: '', description: 'US only' },
					{
						displayName: 'Timestamp',
						name: 'timestamp',
						type: 'string',
						default: '',
						description:
							"When the conversion happened: milliseconds, seconds or an ISO 8601 date. Taken from the lead when empty.",
					},
					{
						displayName: 'Total',
						name: 'total',
						type: 'number',
						default: 0,
						description: 'The purchase total',
					},
				],
			},
			{
				displayName: 'Products',
				name: 'products',
				type: 'fixedCollection',
				placeholder: 'Add Product',
				typeOptions: { multipleValues: true },
				default: {},
				options: [
					{
						displayName: 'Product',
						name: 'product',
						values: [
							{ displayName: 'ID', name: 'id', type: 'string', default: '' },
							{ displayName: 'Image', name: 'image', type: 'string', default: '', placeholder: 'https://' },
							{ displayName: 'Link', name: 'link', type: 'string', default: '', required: true, placeholder: 'https://' },
							{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true },
							{ displayName: 'Price', name: 'price', type: 'number', default: 0 },
							{ displayName: 'Quantity', name: 'quantity', type: 'number', default: 1 },
						],
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			/**
			 * Checks the URL without calling it: any POST to it would show a fake conversion to
			 * the site's visitors.
			 */
			async conversionWebhookTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const webhookUrl = String((credential.data ?? {}).secretWebhookUrl ?? '');
				try {
					buildConversionRequest({ webhookUrl, email: 'test@example.com' });
				} catch {
					return { status: 'Error', message: 'The webhook URL must be an http(s) URL.' };
				}
				return { status: 'OK', message: 'The URL is well formed. It is not called by this test: that would show a fake conversion.' };
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		const credentials = await this.getCredentials(CONVERSION_CREDENTIAL);
		const webhookUrl = String(credentials.secretWebhookUrl ?? '').trim();
		for (let i = 0; i < items.length; i++) {
			try {
				const input = conversionInput(this, i, webhookUrl, items[i]?.json ?? {});
				const request = buildConversionRequest(input);
				const payload = buildConversionPayload(input);
				let raw: unknown;
				try {
					raw = await this.helpers.httpRequestWithAuthentication.call(this, CONVERSION_CREDENTIAL, toRequestOptions(request));
				} catch (error) {
					throw unreachable(CONVERSION_SERVICE, error, secretPartsOf(webhookUrl));
				}
				const result = parseConversionResponse(toHttpResponse(raw), webhookUrl);
				out.push({ json: { sent: result.sent, status: result.status, payload: payload as IDataObject }, pairedItem: { item: i } });
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
