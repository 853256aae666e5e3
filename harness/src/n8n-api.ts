import { z } from 'zod';

/** The owner account a fresh n8n gets; the demo prints it so the editor can be opened. */
export interface OwnerAccount {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/** What the public API may do with the key the harness creates. */
const API_KEY_SCOPES = [
  'workflow:create',
  'workflow:read',
  'workflow:list',
  'workflow:update',
  'workflow:delete',
  'workflow:activate',
  'workflow:deactivate',
  'credential:create',
  'credential:update',
  'credential:delete',
  'execution:read',
  'execution:list',
];

const SettingsSchema = z.object({
  data: z.object({ userManagement: z.object({ showSetupOnFirstLoad: z.boolean().optional() }).loose() }).loose(),
});
const ApiKeySchema = z.object({ id: z.string(), label: z.string() }).loose();
// n8n 2.41 pages the list (`data.items`); earlier 2.x answered a plain array.
const ApiKeyListSchema = z
  .object({ data: z.union([z.array(ApiKeySchema), z.object({ items: z.array(ApiKeySchema) }).loose()]) })
  .transform(({ data }) => (Array.isArray(data) ? data : data.items));
const CreatedApiKeySchema = z.object({ data: z.object({ rawApiKey: z.string().min(1) }).loose() });
const IdSchema = z.object({ id: z.string().min(1), name: z.string() }).loose();
const WorkflowListSchema = z.object({
  data: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean() }).loose()),
  nextCursor: z.string().nullable().optional(),
});

const ItemSchema = z.object({ json: z.record(z.string(), z.unknown()) }).loose();
const NodeRunSchema = z.object({ data: z.object({ main: z.array(z.array(ItemSchema).nullable()) }).loose().optional() }).loose();
const ExecutionSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    status: z.string(),
    finished: z.boolean().optional(),
    data: z
      .object({
        resultData: z
          .object({ runData: z.record(z.string(), z.array(NodeRunSchema)).optional(), error: z.unknown().optional() })
          .loose(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type Execution = z.infer<typeof ExecutionSchema>;
const ExecutionListSchema = z.object({ data: z.array(ExecutionSchema), nextCursor: z.string().nullable().optional() });

export type Json = Record<string, unknown>;

/** The items a node produced on its first output in an execution (its first run). */
export function itemsOf(execution: Execution, nodeName: string): Json[] {
  const run = execution.data?.resultData.runData?.[nodeName]?.[0];
  return (run?.data?.main[0] ?? []).map((item) => item.json);
}

export class N8nApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'N8nApiError';
  }
}

async function call(url: string, init: RequestInit): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the error message.
  }
  return { status: response.status, body, headers: response.headers };
}

function describe(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return (text ?? '').slice(0, 500);
}

/**
 * n8n driven the way a script would drive it, without a browser: the owner account and API key
 * through the editor's REST API, then everything else through the public API (`/api/v1`).
 */
export class N8nApi {
  private constructor(
    readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  /**
   * Sets up the owner on a fresh n8n or logs in as it, and creates an API key labelled `label`
   * (an older key with that label is deleted first, so reruns do not pile keys up).
   */
  static async connect(baseUrl: string, owner: OwnerAccount, label: string): Promise<N8nApi> {
    const settings = SettingsSchema.parse((await call(`${baseUrl}/rest/settings`, {})).body);
    const json = { 'content-type': 'application/json' };
    if (settings.data.userManagement.showSetupOnFirstLoad) {
      const setup = await call(`${baseUrl}/rest/owner/setup`, { method: 'POST', headers: json, body: JSON.stringify(owner) });
      if (setup.status !== 200) throw new N8nApiError(`Owner setup failed: HTTP ${setup.status} ${describe(setup.body)}`, setup.status);
    }
    const login = await call(`${baseUrl}/rest/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    if (login.status !== 200 || !cookie) {
      throw new N8nApiError(`Login as ${owner.email} failed (HTTP ${login.status}). This n8n user folder has another owner: remove it or use its owner.`, login.status);
    }
    const session = { ...json, cookie };
    const existing = ApiKeyListSchema.parse((await call(`${baseUrl}/rest/api-keys`, { headers: session })).body);
    for (const key of existing.filter((entry) => entry.label === label)) {
      await call(`${baseUrl}/rest/api-keys/${encodeURIComponent(key.id)}`, { method: 'DELETE', headers: session });
    }
    const created = await call(`${baseUrl}/rest/api-keys`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ label, scopes: API_KEY_SCOPES, expiresAt: null }),
    });
    if (created.status !== 200) throw new N8nApiError(`Creating an API key failed: HTTP ${created.status} ${describe(created.body)}`, created.status);
    return new N8nApi(baseUrl, CreatedApiKeySchema.parse(created.body).data.rawApiKey);
  }

  /** A public API call; any status of 300 or more throws with n8n's answer (never the key). */
  async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const answer = await call(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'X-N8N-API-KEY': this.apiKey },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (answer.status >= 300) throw new N8nApiError(`${method} /api/v1${path}: HTTP ${answer.status} ${describe(answer.body)}`, answer.status);
    return answer.body;
  }

  async createCredential(name: string, type: string, data: Json): Promise<{ id: string; name: string }> {
    return IdSchema.parse(await this.request('POST', '/credentials', { name, type, data }));
  }

  /** Replaces a credential's data, as a user editing it in n8n does. */
  async updateCredential(id: string, data: Json): Promise<void> {
    await this.request('PATCH', `/credentials/${encodeURIComponent(id)}`, { data });
  }

  async deleteCredential(id: string): Promise<void> {
    await this.request('DELETE', `/credentials/${encodeURIComponent(id)}`);
  }

  async createWorkflow(workflow: Json): Promise<{ id: string; name: string }> {
    return IdSchema.parse(await this.request('POST', '/workflows', workflow));
  }

  async activate(id: string): Promise<void> {
    await this.request('POST', `/workflows/${encodeURIComponent(id)}/activate`);
  }

  async deactivate(id: string): Promise<void> {
    await this.request('POST', `/workflows/${encodeURIComponent(id)}/deactivate`);
  }

  async deleteWorkflow(id: string): Promise<void> {
    await this.request('DELETE', `/workflows/${encodeURIComponent(id)}`);
  }

  async workflows(): Promise<z.infer<typeof WorkflowListSchema>['data']> {
    const all: z.infer<typeof WorkflowListSchema>['data'] = [];
    let cursor: string | null | undefined;
    do {
      const query = new URLSearchParams({ limit: '250', ...(cursor ? { cursor } : {}) });
      const page = WorkflowListSchema.parse(await this.request('GET', `/workflows?${query.toString()}`));
      all.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  /** Every execution of a workflow with its data, newest first. */
  async executions(workflowId: string): Promise<Execution[]> {
    const all: Execution[] = [];
    let cursor: string | null | undefined;
    do {
      const query = new URLSearchParams({ workflowId, includeData: 'true', limit: '100', ...(cursor ? { cursor } : {}) });
      const page = ExecutionListSchema.parse(await this.request('GET', `/executions?${query.toString()}`));
      all.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }
}
