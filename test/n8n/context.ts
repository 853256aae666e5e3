import type { IDataObject, INode } from 'n8n-workflow';

/**
 * Plain jest stand-ins for n8n's function contexts (n8n's own test harness is not published).
 * Each helper records the requests a node makes and answers them from a queue.
 */

export interface Reply {
	statusCode: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export interface SentRequest {
	credential?: string;
	method?: string;
	url: string;
	qs?: IDataObject;
	headers?: IDataObject;
	body?: unknown;
	json?: boolean;
}

export const NODE: INode = {
	id: 'node-1',
	name: 'Node',
	type: 'n8n-nodes-popup-leads.test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export function logger() {
	return { info: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() };
}

/** An authenticated-request stub answering from `replies` in order; records every call. */
export function authenticatedHttp(replies: Reply[]) {
	const sent: SentRequest[] = [];
	const queue = [...replies];
	const fn = jest.fn(async (credential: string, options: SentRequest) => {
		sent.push({ credential, ...options });
		const reply = queue.shift();
		if (!reply) throw new Error(`unexpected request ${options.method ?? 'GET'} ${options.url}`);
		return { statusCode: reply.statusCode, headers: reply.headers ?? {}, body: reply.body };
	});
	return { fn, sent, queue };
}

export function parameters(values: Record<string, unknown>) {
	return jest.fn((name: string, indexOrFallback?: unknown, fallback?: unknown) => {
		if (Object.prototype.hasOwnProperty.call(values, name)) return values[name];
		// getNodeParameter(name, fallback) in hook/webhook contexts, (name, itemIndex, fallback) in execute.
		return fallback !== undefined ? fallback : typeof indexOrFallback === 'number' ? undefined : indexOrFallback;
	});
}

export interface HookOptions {
	params: Record<string, unknown>;
	staticData?: IDataObject;
	webhookUrl?: string;
	mode?: string;
	credentials?: IDataObject;
	replies?: Reply[];
	selfReplies?: Reply[];
}

export const PRODUCTION_URL = 'https://n8n.example.com/webhook/3f6c/webhook';
export const TEST_URL = 'https://n8n.example.com/webhook-test/3f6c/webhook';
export const API_KEY = 'wp_test_key_123';
export const BASE_URL = 'https://wisepops.test';

export function hookContext(options: HookOptions) {
	const staticData: IDataObject = options.staticData ?? {};
	const http = authenticatedHttp(options.replies ?? []);
	const selfSent: SentRequest[] = [];
	const selfQueue = [...(options.selfReplies ?? [])];
	const context = {
		getNodeParameter: parameters(options.params),
		getNodeWebhookUrl: jest.fn(() => options.webhookUrl ?? PRODUCTION_URL),
		getWorkflowStaticData: jest.fn(() => staticData),
		getCredentials: jest.fn(async () => options.credentials ?? { apiKey: API_KEY, baseUrl: BASE_URL }),
		getNode: () => NODE,
		getMode: () => options.mode ?? 'trigger',
		logger: logger(),
		helpers: {
			httpRequestWithAuthentication: http.fn,
			httpRequest: jest.fn(async (request: SentRequest) => {
				selfSent.push(request);
				const reply = selfQueue.shift() ?? { statusCode: 200, body: { message: 'Workflow was started' } };
				if (reply.statusCode >= 400) throw new Error(`Request failed with status code ${reply.statusCode}`);
				return reply.body;
			}),
		},
	};
	return { context, staticData, sent: http.sent, selfSent, queue: http.queue };
}

export interface WebhookOptions {
	params: Record<string, unknown>;
	credentials: IDataObject;
	rawBody: Buffer | undefined;
	headers: Record<string, string>;
	/** As n8n leaves a body whose content type it does not parse: only readRawBody() fetches it. */
	unread?: boolean;
	/** What readRawBody() throws, as n8n's reader does for a body too large or cut off. */
	readError?: unknown;
	/** The id of the node's credential (either type), as a saved workflow has it. */
	credentialId?: string;
	workflowId?: string;
}

export function webhookContext(options: WebhookOptions) {
	const response = {
		status: jest.fn(),
		send: jest.fn(),
		json: jest.fn(),
	};
	response.status.mockReturnValue(response);
	response.send.mockReturnValue(response);
	const staticData: IDataObject = {};
	const request: { rawBody?: Buffer; headers: Record<string, string>; body: undefined; readRawBody: jest.Mock } = {
		rawBody: options.unread ? undefined : options.rawBody,
		headers: lowerCase(options.headers),
		body: undefined,
		readRawBody: jest.fn(async () => {
			if (options.readError !== undefined) throw options.readError;
			request.rawBody = options.rawBody;
		}),
	};
	const context = {
		getNodeParameter: parameters(options.params),
		getCredentials: jest.fn(async () => options.credentials),
		getRequestObject: jest.fn(() => request),
		getResponseObject: jest.fn(() => response),
		getHeaderData: jest.fn(() => lowerCase(options.headers)),
		getWorkflowStaticData: jest.fn(() => staticData),
		getWorkflow: () => ({ id: options.workflowId ?? 'workflow-1', name: 'Leads', active: true }),
		getNode: () => (options.credentialId === undefined ? NODE : { ...NODE, credentials: credentialsOf(options.credentialId) }),
		logger: logger(),
	};
	return { context, response, staticData, request };
}

function credentialsOf(id: string): INode['credentials'] {
	return { wisepopsApi: { id, name: 'Wisepops' }, popupWebhookSecretApi: { id, name: 'Popup secret' } };
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}

export function executeContext(options: {
	items: IDataObject[];
	params: Record<string, unknown> | ((name: string, index: number) => unknown);
	credentials?: IDataObject;
	replies?: Reply[];
	continueOnFail?: boolean;
	httpError?: Error;
}) {
	const http = authenticatedHttp(options.replies ?? []);
	if (options.httpError) {
		const error = options.httpError;
		http.fn.mockImplementation(async (credential: string, request: SentRequest) => {
			http.sent.push({ credential, ...request });
			throw error;
		});
	}
	const params = options.params;
	const getNodeParameter =
		typeof params === 'function'
			? jest.fn((name: string, index: number, fallback?: unknown) => {
					const value = params(name, index);
					return value === undefined ? fallback : value;
				})
			: parameters(params);
	const context = {
		getInputData: jest.fn(() => options.items.map((json) => ({ json }))),
		getNodeParameter,
		getCredentials: jest.fn(async () => options.credentials ?? { apiKey: API_KEY, baseUrl: BASE_URL }),
		getNode: () => NODE,
		continueOnFail: jest.fn(() => options.continueOnFail ?? false),
		logger: logger(),
		helpers: { httpRequestWithAuthentication: http.fn },
	};
	return { context, sent: http.sent, queue: http.queue };
}
