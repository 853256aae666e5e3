import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

import type { FaultSpec, Hook } from '@popup-leads/sandbox';

import {
  N8nApiError,
  NODE_TYPES,
  sleep,
  until,
  wisepopsTriggerWorkflow,
  WISEPOPS_TRIGGER_NAME,
  type CredentialRef,
  type Execution,
  type Json,
} from '../../harness/src';
import { executionsOf, items, startE2eStack, waitForWisepopsTrigger } from './e2e-stack';

/**
 * Wisepops API faults (the sandbox's fault injection) on each call a Wisepops workflow makes,
 * and what the person who built the workflow is told:
 * - subscribe: activating a Wisepops Trigger (POST /api2/hooks);
 * - unsubscribe: deactivating it (DELETE /api2/hooks);
 * - list: the Wisepops node's Lead > Get Many (GET /api2/contacts), run through n8n's Webhook node;
 * - backfill: reactivating a trigger with "Fetch leads missed while inactive" (GET /api2/contacts).
 *
 * Where n8n shows each message is n8n's choice, and these tests pin it: the public API's answer
 * to an activation, the execution's error, or n8n's log (n8n never fails a deactivation, and the
 * backfill must not fail an activation). None of them may contain the API key, which every
 * injected error body below echoes on purpose.
 *
 * n8n 2.41 activates through its publication service by default: the public API answers before
 * the trigger is created, and a failure shows only in the editor (see the last test of
 * bad-input.e2e.test.ts, which runs on that path). Here n8n runs the synchronous path
 * (N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false, the only one before 2.41), where the activation's
 * own answer carries the message.
 */

/** n8n/nodes/shared/transport.ts REQUEST_TIMEOUT_MS, as the message words it. */
const TIMEOUT_SECONDS = 15;

type Spec = Omit<FaultSpec, 'path' | 'method'>;

interface FaultCase {
  name: string;
  spec: Spec;
  /** What the user is told when a call doing `action` meets the fault; undefined when it is no error for that call. */
  message(action: string, call: 'subscribe' | 'unsubscribe' | 'list' | 'backfill'): string | undefined;
}

function faultCases(key: string): FaultCase[] {
  const rejected = (status: number) => (action: string) =>
    `Wisepops rejected the API key (HTTP ${status}) while ${action}. Copy a valid key from Wisepops (Settings > Email API) and reconnect.`;
  return [
    { name: '401', spec: { status: 401, body: { error: `Unknown API key ${key}.` } }, message: rejected(401) },
    { name: '403', spec: { status: 403, body: { error: 'This key may not use the API.' } }, message: rejected(403) },
    {
      name: '404',
      spec: { status: 404, body: { error: `No route for key ${key}.` } },
      // Deleting a hook that is gone already is what deactivating wants: not an error.
      message: (action, call) => (call === 'unsubscribe' ? undefined : `Wisepops found nothing at this address (HTTP 404) while ${action}: No route for key [redacted].`),
    },
    {
      name: '429 with Retry-After',
      spec: { status: 429, retryAfter: 42, body: { error: 'Rate limit reached.' } },
      message: (action) => `Wisepops is limiting requests (HTTP 429) while ${action}. Try again in 42 seconds.`,
    },
    {
      name: '500',
      spec: { status: 500, body: { error: `Internal error (key ${key}).` } },
      message: (action) => `Wisepops failed to answer (HTTP 500) while ${action}: Internal error (key [redacted]). This is usually temporary.`,
    },
    {
      name: 'an HTML error page (502)',
      spec: { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
      message: (action) => `Wisepops failed to answer (HTTP 502) while ${action}. This is usually temporary.`,
    },
    {
      name: 'a 200 that is not JSON',
      spec: { status: 200, body: '<!doctype html><title>Wisepops</title><p>Log in</p>' },
      // A 2xx to a DELETE is a success: no body is read.
      message: (action, call) => (call === 'unsubscribe' ? undefined : `Wisepops answered HTTP 200 with a body that is not JSON while ${action}.`),
    },
  ];
}

/** The names, known before the stack (and so the key) is: the cases are built again once it is. */
const FAULT_NAMES = faultCases('placeholder-key').map((fault, index) => [fault.name, index] as const);

const TIMEOUT: FaultCase = {
  name: 'no answer (timeout)',
  // Far longer than the node waits; the sandbox drops the answer once n8n has given up.
  spec: { status: 200, delayMs: 120_000 },
  message: (action) => `Wisepops did not answer within ${TIMEOUT_SECONDS} seconds while ${action}. It may be busy or down: try again later.`,
};

let stack: Awaited<ReturnType<typeof startE2eStack>>;
let key = '';
let credential: CredentialRef;
const FAULTS: FaultCase[] = [];

interface TriggerUnderTest {
  id: string;
  url: string;
}
let subscriber: TriggerUnderTest;
let unsubscriber: TriggerUnderTest;
let backfiller: TriggerUnderTest;
let lister = { id: '', url: '' };
let listRuns = 0;

const hooksFor = (url: string): Hook[] => [...stack.sandbox.state.hooks.values()].filter((hook) => hook.target_url === url);
const pendingFaults = (method: string, path: string): number => stack.sandbox.state.faults.list().filter((fault) => fault.method === method && fault.path === path).length;
const logSize = (): number => statSync(stack.logFile).size;
const logSince = (offset: number): string => readFileSync(stack.logFile).subarray(offset).toString('utf8');

/** The public API's answer to a call: 200, or the status and message n8n answered with. */
async function answerOf(call: () => Promise<void>): Promise<{ status: number; message: string; text: string }> {
  try {
    await call();
    return { status: 200, message: '', text: '' };
  } catch (error) {
    if (!(error instanceof N8nApiError)) throw error;
    const text = error.message;
    const body = text.slice(text.indexOf('{'));
    let message = text;
    try {
      message = String((JSON.parse(body) as { message?: unknown }).message);
    } catch {
      // Not JSON: the whole text stays the message.
    }
    return { status: error.status, message, text };
  }
}

async function createTrigger(name: string, backfill: boolean): Promise<TriggerUnderTest> {
  const { workflow, webhookPath } = wisepopsTriggerWorkflow({ name, credential, event: 'email', backfill });
  return { id: (await stack.api.createWorkflow(workflow)).id, url: `${stack.n8n.url}${webhookPath}` };
}

/** n8n's Webhook node answering with the last node's output: a way to run a regular node from outside. */
async function createLister(): Promise<{ id: string; url: string }> {
  const path = `wisepops-leads-${randomUUID()}`;
  const workflow: Json = {
    name: 'Wisepops Lead > Get Many',
    nodes: [
      {
        id: randomUUID(),
        name: 'Webhook',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        webhookId: randomUUID(),
        parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
      },
      {
        id: randomUUID(),
        name: 'Wisepops',
        type: NODE_TYPES.wisepops,
        typeVersion: 1,
        position: [260, 0],
        parameters: { resource: 'lead', operation: 'getAll', returnAll: false, limit: 5 },
        credentials: { wisepopsApi: credential },
      },
    ],
    connections: { Webhook: { main: [[{ node: 'Wisepops', type: 'main', index: 0 }]] } },
    settings: { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all', executionOrder: 'v1' },
  };
  return { id: (await stack.api.createWorkflow(workflow)).id, url: `${stack.n8n.url}/webhook/${path}` };
}

async function runLister(): Promise<{ status: number; text: string }> {
  const response = await fetch(lister.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(60_000) });
  return { status: response.status, text: await response.text() };
}

function errorOf(execution: Execution | undefined): { message?: unknown } {
  const error = execution?.data?.resultData.error;
  return error !== null && typeof error === 'object' ? (error as { message?: unknown }) : {};
}

beforeAll(async () => {
  // Activation on n8n's synchronous path, where the activate call answers with the node's error.
  stack = await startE2eStack('api-faults', { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' });
  key = stack.sandbox.apiKey;
  FAULTS.push(...faultCases(key));
  credential = await stack.api.createCredential('Wisepops sandbox', 'wisepopsApi', { apiKey: key, baseUrl: stack.sandbox.url, allowedHttpRequestDomains: 'all' });
  subscriber = await createTrigger('Wisepops subscribe', false);
  unsubscriber = await createTrigger('Wisepops unsubscribe', false);
  backfiller = await createTrigger('Wisepops backfill', true);
  lister = await createLister();
  await stack.api.activate(lister.id);
}, 600_000);

afterAll(async () => {
  await stack?.dispose();
}, 60_000);

describe('subscribe: activating a Wisepops Trigger', () => {
  test.each(FAULT_NAMES)('%s: the activation fails with a clear message and no hook', async (_name, index) => {
    const fault = FAULTS[index] as FaultCase;
    stack.sandbox.fault({ method: 'POST', path: '/api2/hooks', ...fault.spec });
    const answer = await answerOf(() => stack.api.activate(subscriber.id));
    expect({ fault: fault.name, status: answer.status, message: answer.message }).toEqual({
      fault: fault.name,
      status: 400,
      message: fault.message('creating the hook', 'subscribe'),
    });
    expect(answer.text).not.toContain(key);
    expect(pendingFaults('POST', '/api2/hooks')).toBe(0);
    expect(hooksFor(subscriber.url)).toEqual([]);
  });

  test('without a fault, the same workflow activates', async () => {
    await stack.api.activate(subscriber.id);
    await waitForWisepopsTrigger(stack, subscriber.url);
    expect(hooksFor(subscriber.url)).toHaveLength(1);
    await stack.api.deactivate(subscriber.id);
    expect(hooksFor(subscriber.url)).toEqual([]);
  });
});

describe('unsubscribe: deactivating a Wisepops Trigger', () => {
  test.each(FAULT_NAMES)('%s: n8n deactivates anyway and logs our message, or takes the hook as gone', async (_name, index) => {
    const fault = FAULTS[index] as FaultCase;
    await stack.api.activate(unsubscriber.id);
    await waitForWisepopsTrigger(stack, unsubscriber.url);
    const hooks = hooksFor(unsubscriber.url);
    expect(hooks).toHaveLength(1);

    stack.sandbox.fault({ method: 'DELETE', path: '/api2/hooks', ...fault.spec });
    const mark = logSize();
    expect(await answerOf(() => stack.api.deactivate(unsubscriber.id))).toMatchObject({ status: 200 });
    expect(pendingFaults('DELETE', '/api2/hooks')).toBe(0);

    const message = fault.message('deleting the hook', 'unsubscribe');
    if (message === undefined) {
      // Taken as deleted (the sandbox kept it only because the fault stood in for it): the node forgets it.
      expect(logSince(mark)).not.toContain('Could not remove webhooks');
      for (const hook of hooks) stack.sandbox.state.hooks.delete(hook.id);
      return;
    }
    const line = `Could not remove webhooks of workflow "${unsubscriber.id}" because of error: "${message}"`;
    await until(`n8n to log: ${line}`, () => logSince(mark).includes(line));
    expect(logSince(mark)).not.toContain(key);
    // n8n saves no static data after a failed removal, so the node still knows its hook: the
    // next activation reuses it (no second hook), the next deactivation deletes it.
    expect(hooksFor(unsubscriber.url)).toEqual(hooks);
    await stack.api.activate(unsubscriber.id);
    expect(hooksFor(unsubscriber.url)).toEqual(hooks);
    await stack.api.deactivate(unsubscriber.id);
    expect(hooksFor(unsubscriber.url)).toEqual([]);
  });
});

describe('list: Lead > Get Many in a workflow run', () => {
  test.each(FAULT_NAMES)('%s: the run fails with a clear message', async (_name, index) => {
    const fault = FAULTS[index] as FaultCase;
    stack.sandbox.fault({ method: 'GET', path: '/api2/contacts', ...fault.spec });
    const answer = await runLister();
    // Webhook node, "last node" mode: a failed run is answered 500 without details.
    expect(answer).toEqual({ status: 500, text: JSON.stringify({ message: 'Error in workflow' }) });
    expect(pendingFaults('GET', '/api2/contacts')).toBe(0);
    const executions = await executionsOf(stack, lister.id, ++listRuns);
    const newest = executions[executions.length - 1];
    expect({ fault: fault.name, status: newest?.status, message: errorOf(newest).message }).toEqual({
      fault: fault.name,
      status: 'error',
      message: fault.message('listing contacts', 'list'),
    });
    expect(JSON.stringify(newest?.data)).not.toContain(key);
  });

  test('without a fault, the same workflow lists the leads', async () => {
    stack.sandbox.collect({ form_session: 'listed', fields: { email: 'listed@example.com' } }, { event: 'email' });
    const answer = await runLister();
    expect(answer.status).toBe(200);
    const executions = await executionsOf(stack, lister.id, ++listRuns);
    expect(executions[executions.length - 1]?.status).toBe('success');
    expect(items(executions[executions.length - 1], 'Wisepops').map((lead) => lead.email)).toContain('listed@example.com');
  });
});

describe('backfill: reactivating with "Fetch leads missed while inactive"', () => {
  beforeAll(async () => {
    await stack.api.activate(backfiller.id);
    await waitForWisepopsTrigger(stack, backfiller.url);
  });

  test.each(FAULT_NAMES)('%s: the activation succeeds and n8n logs what was not fetched, and why', async (_name, index) => {
    const fault = FAULTS[index] as FaultCase;
    await stack.api.deactivate(backfiller.id);
    // The backfill asks for leads collected strictly after the deactivation.
    await sleep(10);
    stack.sandbox.collect({ form_session: `missed-${index}`, fields: { email: `missed.${index}@example.com` } }, { event: 'email' });
    stack.sandbox.fault({ method: 'GET', path: '/api2/contacts', ...fault.spec });
    const mark = logSize();
    expect(await answerOf(() => stack.api.activate(backfiller.id))).toMatchObject({ status: 200 });
    expect(pendingFaults('GET', '/api2/contacts')).toBe(0);
    expect(hooksFor(backfiller.url)).toHaveLength(1);

    const message = fault.message('listing contacts', 'backfill') as string;
    const line = new RegExp(`Wisepops Trigger: could not fetch or deliver the leads missed since \\S+ \\(0 delivered\\): ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
    await until(`n8n to log ${line.source}`, () => line.test(logSince(mark)));
    expect(logSince(mark)).not.toContain(key);
  });

  test('the next backfill without a fault delivers every lead the failed ones missed, each once', async () => {
    await stack.api.deactivate(backfiller.id);
    await sleep(10);
    stack.sandbox.collect({ form_session: 'missed-last', fields: { email: 'missed.last@example.com' } }, { event: 'email' });
    await stack.api.activate(backfiller.id);
    // One execution in all: none of the failed backfills ran, and each kept its start time, so
    // this one reads from the first failure on: the leads of every failed period, and the last.
    const executions = await executionsOf(stack, backfiller.id, 1);
    const expected = [...FAULT_NAMES.map(([, index]) => `missed.${index}@example.com`), 'missed.last@example.com'];
    expect(items(executions[0], WISEPOPS_TRIGGER_NAME).map((lead) => lead.email)).toEqual(expected);
  });
});

describe('no answer: each call gives up after the node’s timeout', () => {
  test('subscribe, unsubscribe, list and backfill at once, each with its own message', async () => {
    // Set up: the backfiller inactive with a missed lead, the unsubscriber active with its hook.
    await stack.api.deactivate(backfiller.id);
    await sleep(10);
    stack.sandbox.collect({ form_session: 'missed-timeout', fields: { email: 'missed.timeout@example.com' } }, { event: 'email' });
    await stack.api.activate(unsubscriber.id);
    await waitForWisepopsTrigger(stack, unsubscriber.url);
    const mark = logSize();

    // The backfiller's activation creates a hook too: let the subscriber's call take the hang first.
    stack.sandbox.fault({ method: 'POST', path: '/api2/hooks', ...TIMEOUT.spec });
    const subscribe = answerOf(() => stack.api.activate(subscriber.id));
    await until('the subscriber to call Wisepops', () => pendingFaults('POST', '/api2/hooks') === 0);
    stack.sandbox.fault({ method: 'DELETE', path: '/api2/hooks', ...TIMEOUT.spec });
    stack.sandbox.fault({ method: 'GET', path: '/api2/contacts', ...TIMEOUT.spec, count: 2 });
    const [subscribed, unsubscribed, backfilled, listed] = await Promise.all([
      subscribe,
      answerOf(() => stack.api.deactivate(unsubscriber.id)),
      answerOf(() => stack.api.activate(backfiller.id)),
      runLister(),
    ]);

    expect(subscribed).toMatchObject({ status: 400, message: TIMEOUT.message('creating the hook', 'subscribe') });
    expect(subscribed.text).not.toContain(key);
    expect(unsubscribed.status).toBe(200);
    expect(backfilled.status).toBe(200);
    expect(listed.status).toBe(500);

    const unsubscribeLine = `Could not remove webhooks of workflow "${unsubscriber.id}" because of error: "${TIMEOUT.message('deleting the hook', 'unsubscribe') as string}"`;
    const backfillLine = `(0 delivered): ${TIMEOUT.message('listing contacts', 'backfill') as string}`;
    await until('n8n to log both timeouts', () => logSince(mark).includes(unsubscribeLine) && logSince(mark).includes(backfillLine));
    const executions = await executionsOf(stack, lister.id, ++listRuns);
    expect(errorOf(executions[executions.length - 1]).message).toBe(TIMEOUT.message('listing contacts', 'list'));
    expect(pendingFaults('GET', '/api2/contacts') + pendingFaults('DELETE', '/api2/hooks')).toBe(0);
  }, 120_000);
});

test('n8n is still healthy, and no line of its log shows the API key', async () => {
  const health = await fetch(`${stack.n8n.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
  expect(health.status).toBe(200);
  const log = readFileSync(stack.logFile, 'utf8');
  // The log holds the messages above (so the search below reads something that matters).
  expect(log).toContain('while deleting the hook');
  expect(log.split('\n').filter((line) => line.includes(key))).toEqual([]);
});
