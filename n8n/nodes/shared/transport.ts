import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import {
	ApiError,
	buildListCampaignsRequest,
	campaignOption,
	InputError,
	parseListCampaignsResponse,
	networkError,
	redactSecrets,
	WISEPOPS_SERVICE,
	wisepopsActionOf,
	type HttpRequest,
	type HttpResponse,
	type ServiceInfo,
} from '@popup-leads/core';

/**
 * Glue between the core (which builds requests as data and parses responses) and n8n (which
 * runs them). Nothing here decides what a request looks like or what a status means: the
 * core does. This file maps shapes and error classes only.
 */

export const WISEPOPS_CREDENTIAL = 'wisepopsApi';

export type ApiContext = IExecuteFunctions | IHookFunctions | ILoadOptionsFunctions;

/**
 * How long a call may wait for an answer. n8n's own default is five minutes, during which an
 * activation, a deactivation or a workflow run would hang on an API that does not answer.
 * The calls here are small JSON requests (a contacts page of 1,000 leads included).
 */
export const REQUEST_TIMEOUT_MS = 15_000;

/** A core request as n8n request options; statuses are left to the core's parsers. */
export function toRequestOptions(request: HttpRequest): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		headers: { ...request.headers },
		qs: { ...request.query },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		json: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	if (request.body !== undefined) {
		options.body = request.body as IDataObject | string;
		// A string body is already encoded (a form post): send it as it is.
		if (typeof request.body === 'string') options.json = false;
	}
	return options;
}

interface FullResponse {
	statusCode?: number;
	headers?: Record<string, string | string[] | undefined>;
	body?: unknown;
}

/**
 * n8n's full response as the core's HttpResponse. The body of a failed call is what the core
 * quotes in its error message, so any secret it echoes (the API key) is scrubbed first.
 */
export function toHttpResponse(raw: unknown, secrets: readonly string[] = []): HttpResponse {
	const response = (raw ?? {}) as FullResponse;
	const status = response.statusCode ?? 0;
	let body = response.body;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (status >= 300 && body !== undefined && body !== null && secrets.length > 0) {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		const clean = redactSecrets(text, secrets);
		if (clean !== text) body = clean;
	}
	return { status, headers: response.headers ?? {}, body };
}

/** The Wisepops base URL from the credential (the core validates and defaults it). */
export async function wisepopsOptions(context: ApiContext): Promise<{ baseUrl?: string }> {
	const credentials = await context.getCredentials(WISEPOPS_CREDENTIAL);
	const baseUrl = typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() ? credentials.baseUrl : undefined;
	return baseUrl ? { baseUrl } : {};
}

/**
 * Runs a core request against Wisepops with the credential's authentication and returns the
 * response for the core to parse. A call that gets no answer becomes the core's network error.
 */
export async function callWisepops(context: ApiContext, request: HttpRequest): Promise<HttpResponse> {
	const credentials = await context.getCredentials(WISEPOPS_CREDENTIAL);
	const secrets = [String(credentials.apiKey ?? '')];
	let raw: unknown;
	try {
		raw = await context.helpers.httpRequestWithAuthentication.call(context, WISEPOPS_CREDENTIAL, toRequestOptions(request));
	} catch (error) {
		const action = wisepopsActionOf(request);
		throw toNodeError(context.getNode(), networkError(WISEPOPS_SERVICE, error, { secrets, action, timeoutMs: REQUEST_TIMEOUT_MS }));
	}
	return toHttpResponse(raw, secrets);
}

/** Core errors as n8n errors: input problems are the user's to fix, API errors the service's answer. */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const index = itemIndex === undefined ? {} : { itemIndex };
	if (error instanceof InputError) {
		return new NodeOperationError(node, error.message, {
			...index,
			description: error.field ? `Check the field "${error.field}".` : undefined,
		});
	}
	if (error instanceof ApiError) {
		const details: JsonObject = { message: error.message, service: error.service };
		if (error.status !== undefined) details.httpCode = String(error.status);
		return new NodeApiError(node, details, {
			...index,
			message: error.message,
			description: error.apiMessage,
			httpCode: error.status === undefined ? undefined : String(error.status),
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, index);
}

/** A network failure worded by the core, with the given secrets scrubbed. */
export function unreachable(service: ServiceInfo, cause: unknown, secrets: string[]): ApiError {
	return networkError(service, cause, { secrets, timeoutMs: REQUEST_TIMEOUT_MS });
}

/** The campaign dropdown of both Wisepops nodes; "All Campaigns" first. */
export async function campaignOptions(context: ILoadOptionsFunctions): Promise<Array<{ name: string; value: string }>> {
	try {
		const options = await wisepopsOptions(context);
		const campaigns = parseListCampaignsResponse(await callWisepops(context, buildListCampaignsRequest(options)));
		return [
			{ name: 'All Campaigns', value: '' },
			...campaigns.map((campaign) => {
				const option = campaignOption(campaign);
				return { name: option.label, value: option.value };
			}),
		];
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}
