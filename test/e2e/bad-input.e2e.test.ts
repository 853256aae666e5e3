import { request } from 'node:http';
import { readFileSync } from 'node:fs';

import { until, wisepopsTriggerWorkflow, WISEPOPS_TRIGGER_NAME } from '../../harness/src';
import { EditorSession } from '../../harness/src/editor-session';
import { outcomeOn, wisepopsBadInputCases, type BadInputCase, type RecordJson } from '../helpers/bad-input-cases';
import { E2E_OWNER, executionsOf, items, startE2eStack, waitForWisepopsTrigger } from './e2e-stack';

/**
 * The bad-input table (test/helpers/bad-input-cases.ts) posted to a real n8n Wisepops Trigger's
 * production URL, one request after the other. Each answer is checked as it comes; at the end,
 * the executions n8n ran are matched against the cases that should have produced items, and
 * n8n's log is searched for the API key.
 *
 * Meanwhile, a second trigger is activated against a Wisepops that refuses the key: this stack
 * runs n8n 2.41's default activation path (the publication service), which takes about twenty
 * seconds to give up, so that check overlaps the table. wisepops-api-faults.e2e.test.ts covers
 * every fault on the synchronous path.
 */

interface Answer {
  status: number;
  text: string;
}

/** Longer than any answer takes: a request still open after this is a hang, and fails the case. */
const ANSWER_WITHIN_MS = 60_000;

/**
 * One POST with exactly these bytes and headers. node:http rather than fetch: fetch joins a
 * repeated header into one line and lowercases names, and the table sends both on purpose.
 */
function post(url: string, body: Buffer | string, headers: Record<string, string | string[]>): Promise<Answer> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers: { ...headers, 'Content-Length': String(bytes.length) }, timeout: ANSWER_WITHIN_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${ANSWER_WITHIN_MS} ms: a hang`)));
    outgoing.on('error', reject);
    outgoing.end(bytes);
  });
}

function jsonOf(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

let stack: Awaited<ReturnType<typeof startE2eStack>>;
let workflowId = '';
let hookUrl = '';
let refused = { id: '', url: '' };
let apiKey = '';
const cases: BadInputCase[] = [];
/** The cases n8n ran, in the order they were sent: each should be one execution. */
const executed: BadInputCase[] = [];

beforeAll(async () => {
  stack = await startE2eStack('bad-input');
  apiKey = stack.sandbox.apiKey;
  cases.push(...wisepopsBadInputCases(apiKey));
  const credential = await stack.api.createCredential('Wisepops sandbox', 'wisepopsApi', {
    apiKey,
    baseUrl: stack.sandbox.url,
    allowedHttpRequestDomains: 'all',
  });
  const { workflow, webhookPath } = wisepopsTriggerWorkflow({ name: 'Wisepops bad input', credential, event: 'email' });
  workflowId = (await stack.api.createWorkflow(workflow)).id;
  hookUrl = `${stack.n8n.url}${webhookPath}`;
  await stack.api.activate(workflowId);
  await waitForWisepopsTrigger(stack, hookUrl);

  const other = wisepopsTriggerWorkflow({ name: 'Wisepops key refused', credential, event: 'email' });
  refused = { id: (await stack.api.createWorkflow(other.workflow)).id, url: `${stack.n8n.url}${other.webhookPath}` };
  // n8n retries a failing trigger a few times; every try meets the fault.
  stack.sandbox.fault({ method: 'POST', path: '/api2/hooks', status: 401, count: 20, body: { error: `Unknown API key ${apiKey}.` } });
  // Queued, not done: the public API answers 200 whatever becomes of the trigger.
  await stack.api.activate(refused.id);
}, 600_000);

afterAll(async () => {
  await stack?.dispose();
}, 60_000);

// The names are known before the stack starts: the table is built again once the key is known.
const NAMES = wisepopsBadInputCases('placeholder-key-for-names').map((entry) => entry.name);

test.each(NAMES.map((name, index) => [name, index] as const))('%s', async (_name, index) => {
  const entry = cases[index];
  if (!entry) throw new Error('The case table did not build.');
  const expected = outcomeOn('n8n', entry);
  const answer = await post(hookUrl, entry.body, entry.headers);
  expect(answer.text).not.toContain(apiKey);
  if (expected.kind === 'refused') {
    expect({ status: answer.status, message: jsonOf(answer.text).message }).toEqual({ status: expected.status, message: expect.stringContaining(expected.message) });
    // Our node answers with its reason; n8n's own answers have none.
    expect(jsonOf(answer.text).error).toBe(expected.reason);
    return;
  }
  expect(answer.status).toBe(200);
  if (expected.emails.length > 0) {
    // responseData "noData": the execution starts, the sender gets an empty 200.
    expect(answer.text).toBe('');
    executed.push(entry);
  } else {
    // Nothing to run: n8n's own acknowledgement, and no execution.
    expect(jsonOf(answer.text)).toEqual({ message: 'Webhook call received' });
  }
});

test('n8n ran exactly one execution per case that had leads, with exactly those items', async () => {
  const executions = await executionsOf(stack, workflowId, executed.length);
  expect(executions.map((execution) => execution.status)).toEqual(executed.map(() => 'success'));
  executions.forEach((execution, index) => {
    const entry = executed[index] as BadInputCase;
    const expected = outcomeOn('n8n', entry);
    if (expected.kind !== 'records') throw new Error(`${entry.name} was not expected to run`);
    const records: RecordJson[] = items(execution, WISEPOPS_TRIGGER_NAME);
    expect({ name: entry.name, emails: records.map((record) => record.email) }).toEqual({ name: entry.name, emails: expected.emails });
    expected.check?.(records);
  });
}, 180_000);

test('meanwhile, on n8n 2.41’s default activation path: the API said active, the editor shows why the trigger is not', async () => {
  // The editor's own API needs a login.
  const editor = await EditorSession.login(stack.n8n.url, E2E_OWNER);
  const status = await until('the activation to be given up', async () => {
    const current = await editor.publicationStatus(refused.id);
    return current.status === 'failed' ? current : undefined;
  }, 90_000, 500);
  expect(status.triggers.map((trigger) => [trigger.status, trigger.errorMessage])).toEqual([
    ['failed', 'Wisepops rejected the API key (HTTP 401) while creating the hook. Copy a valid key from Wisepops (Settings > Email API) and reconnect.'],
  ]);
  expect(JSON.stringify(status)).not.toContain(apiKey);
  expect((await stack.api.workflows()).find((workflow) => workflow.id === refused.id)?.active).toBe(true);
  const tries = 20 - (stack.sandbox.state.faults.list()[0]?.count ?? 0);
  expect(tries).toBeGreaterThanOrEqual(1);
  expect([...stack.sandbox.state.hooks.values()].filter((hook) => hook.target_url === refused.url)).toEqual([]);
}, 120_000);

test('n8n is still alive and running deliveries, and its log never shows the API key', async () => {
  const health = await fetch(`${stack.n8n.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
  expect(health.status).toBe(200);
  const genuine = cases[0] as BadInputCase;
  const answer = await post(hookUrl, genuine.body, genuine.headers);
  expect(answer.status).toBe(200);
  const executions = await executionsOf(stack, workflowId, executed.length + 1);
  expect(items(executions[executions.length - 1], WISEPOPS_TRIGGER_NAME).map((record) => record.email)).toEqual(['ada@example.com', 'grace@example.org']);

  const log = readFileSync(stack.logFile, 'utf8');
  expect(log.length).toBeGreaterThan(0);
  expect(log.split('\n').filter((line) => line.includes(apiKey))).toEqual([]);
}, 120_000);
