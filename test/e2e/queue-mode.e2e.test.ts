import { readFileSync } from 'node:fs';

import type { Hook } from '@popup-leads/sandbox';

import { sleep, until, WISEPOPS_TRIGGER_NAME, type Execution, type QueueRole } from '../../harness/src';
import { executionsOf, items, newestItems, startE2eQueueStack, waitForWebhook, waitForWisepopsTrigger } from './e2e-stack';
import { activateWithOneHook, createLeadsWorkflow, emails, expectForgeriesRefused, expectThreeLeadRecords, sandboxHooks, THREE_LEADS } from './wisepops-scenario';

/**
 * Issue cases 1–3 (and the backfill of case 4) again, with n8n scaled out: EXECUTIONS_MODE=queue, PostgreSQL and Redis, a
 * main process whose production webhooks are off, one worker and one webhook process, our
 * package installed in each. Deliveries go to the webhook process; the executions must run on
 * the worker, and the main process alone subscribes and unsubscribes at Wisepops (while it is
 * down, leads still come in and run). The steps build on each other, so they run in order and
 * stop at the first failure.
 */

let stack: Awaited<ReturnType<typeof startE2eQueueStack>>;
let workflowId = '';
let webhookPath = '';
let hookUrl = '';
let firstHook: Hook;
let executionCount = 0;

const hooks = (): Hook[] => sandboxHooks(stack);

/** A process's whole log so far (plain text: n8n adds no colours when its output is a file). */
const logOf = (role: QueueRole): string => readFileSync(stack.logFiles[role], 'utf8');

const count = (text: string, needle: string): number => text.split(needle).length - 1;

/**
 * n8n's own account of where an execution ran: the webhook process queues it ("Enqueued
 * execution N"), the worker runs it ("Worker started/finished execution N"), and the main
 * process does neither. The worker may log "finished" just after the execution is saved.
 */
async function expectRanOnWorker(execution: Execution | undefined): Promise<void> {
  const id = execution?.id ?? 'none';
  await until(`the worker to log that it finished execution ${id}`, () => logOf('worker').includes(`Worker finished execution ${id} `));
  expect(logOf('worker')).toContain(`Worker started execution ${id} `);
  expect(logOf('webhook')).toContain(`Enqueued execution ${id} `);
  expect(logOf('webhook')).not.toContain(`Worker started execution ${id} `);
  expect(logOf('main')).not.toContain(`Enqueued execution ${id} `);
  expect(logOf('main')).not.toContain(`Worker started execution ${id} `);
}

/**
 * (Re)starts the main process and waits until its start-up is over: n8n prints where the editor
 * is only after it has (re)activated the workflows, which is when a duplicate create() would
 * have happened. Readiness alone comes earlier.
 */
async function restartMain(env: Record<string, string> = {}): Promise<void> {
  const marker = 'Editor is now accessible via';
  const before = count(logOf('main'), marker);
  await stack.main.restart(env);
  await until('the main process to finish starting', () => count(logOf('main'), marker) > before, 120_000);
}

beforeAll(async () => {
  stack = await startE2eQueueStack('queue');
  const created = await createLeadsWorkflow(stack, 'Wisepops email leads (queue mode)');
  workflowId = created.workflowId;
  webhookPath = created.webhookPath;
  // The production URL is the webhook process's (N8N_WEBHOOK_URL of every process).
  hookUrl = `${stack.webhook.url}${webhookPath}`;
}, 600_000);

afterAll(async () => {
  await stack?.dispose();
}, 120_000);

test('1. activation creates exactly one hook for the webhook process; a 3-lead delivery is one execution on the worker with three items', async () => {
  firstHook = await activateWithOneHook(stack, workflowId, hookUrl);
  // The main process does not serve production webhooks (N8N_DISABLE_PRODUCTION_MAIN_PROCESS).
  const onMain = await fetch(`${stack.main.url}${webhookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
  await onMain.arrayBuffer();
  expect(onMain.status).toBe(404);

  stack.sandbox.collect(THREE_LEADS, { event: 'email' });
  const attempts = await stack.sandbox.waitForDeliveries(1, 30_000);
  expect(attempts.map((attempt) => [attempt.url, attempt.status, attempt.outcome, attempt.lead_count])).toEqual([[hookUrl, 200, 'delivered', 3]]);

  const [execution] = await executionsOf(stack, workflowId, 1);
  executionCount = 1;
  expect(execution?.status).toBe('success');
  expectThreeLeadRecords(items(execution, WISEPOPS_TRIGGER_NAME));
  await expectRanOnWorker(execution);
  expect(hooks()).toEqual([firstHook]);
});

test('3. a forged delivery to the webhook process is answered 401 and queues no execution', async () => {
  const enqueuedBefore = count(logOf('webhook'), 'Enqueued execution ');
  await expectForgeriesRefused(hookUrl, stack.sandbox.apiKey);
  expect(count(logOf('webhook'), 'Enqueued execution ')).toBe(enqueuedBefore);
  // A genuine delivery after the forged ones: once it has run, any execution a forgery started would be there too.
  stack.sandbox.collect({ form_session: 'after-forgery', fields: { email: 'real@example.com' } }, { event: 'email' });
  const executions = await executionsOf(stack, workflowId, ++executionCount);
  expect(emails(newestItems(executions, WISEPOPS_TRIGGER_NAME))).toEqual(['real@example.com']);
  expect(count(logOf('webhook'), 'Enqueued execution ')).toBe(enqueuedBefore + 1);
  await expectRanOnWorker(executions[executions.length - 1]);
});

test('2. restarting the main process (both start-up paths), the webhook process and the worker keeps exactly one hook; deactivating leaves none', async () => {
  // While the main process is down, the webhook process and the worker still take leads in.
  await stack.main.stop();
  stack.sandbox.collect({ form_session: 'main-down', fields: { email: 'main.down@example.com' } }, { event: 'email' });
  const attempts = await stack.sandbox.waitForDeliveries(3, 30_000);
  expect(attempts.slice(-1).map((attempt) => [attempt.url, attempt.status, attempt.outcome])).toEqual([[hookUrl, 200, 'delivered']]);

  // n8n 2.41's default start-up keeps webhook registrations without asking the node.
  await restartMain();
  expect(hooks()).toEqual([firstHook]);
  const whileDown = await executionsOf(stack, workflowId, ++executionCount);
  expect(emails(newestItems(whileDown, WISEPOPS_TRIGGER_NAME))).toEqual(['main.down@example.com']);
  await expectRanOnWorker(whileDown[whileDown.length - 1]);

  // All three at once, as a deployment restarts, on the older start-up path: the main process
  // re-adds every active workflow's webhooks, calling checkExists and, if false, create. The
  // webhook process and the worker hold no hook of their own.
  const olderPath = { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' };
  await Promise.all([restartMain(olderPath), stack.webhook.restart(olderPath), stack.worker.restart(olderPath)]);
  await waitForWebhook(hookUrl);
  expect(hooks()).toEqual([firstHook]);

  stack.sandbox.collect({ form_session: 'after-restart', fields: { email: 'restart@example.com' } }, { event: 'email' });
  const executions = await executionsOf(stack, workflowId, ++executionCount);
  expect(emails(newestItems(executions, WISEPOPS_TRIGGER_NAME))).toEqual(['restart@example.com']);
  await expectRanOnWorker(executions[executions.length - 1]);
  expect(hooks()).toEqual([firstHook]);

  await stack.api.deactivate(workflowId);
  await until('the trigger to delete its hook', () => hooks().length === 0);
  // Deactivated means unregistered everywhere: the webhook process stops serving the URL too.
  await until(`the webhook process to stop serving ${hookUrl}`, async () => {
    const response = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
    await response.arrayBuffer();
    return response.status === 404;
  });
  // Four n8n starts, each taking seconds on two busy cores.
}, 300_000);

test('4. leads missed while inactive arrive on reactivation: the main process posts them to the webhook process, the worker runs them', async () => {
  // The backfill asks for leads collected strictly after the deactivation time (in ms).
  await sleep(10);
  const missed = stack.sandbox.collect([
    { form_session: 'missed-1', fields: { email: 'missed.one@example.com' } },
    { form_session: 'missed-2', fields: { email: 'missed.two@example.com' } },
  ]);
  expect(missed.deliveries).toBe(0);

  await stack.api.activate(workflowId);
  await waitForWisepopsTrigger(stack, hookUrl);
  expect(hooks()).toHaveLength(1);
  expect(hooks()[0]?.id).not.toBe(firstHook.id);

  const executions = await executionsOf(stack, workflowId, ++executionCount);
  expect(emails(newestItems(executions, WISEPOPS_TRIGGER_NAME))).toEqual(['missed.one@example.com', 'missed.two@example.com']);
  await expectRanOnWorker(executions[executions.length - 1]);
  // Every lead the workflow ran, once: live, after the forgery, while main was down, after the restarts, the two missed ones.
  const all = executions.flatMap((execution) => items(execution, WISEPOPS_TRIGGER_NAME));
  expect(all).toHaveLength(8);
  expect(new Set(all.map((record) => record.id)).size).toBe(8);

  await stack.api.deactivate(workflowId);
  await until('the trigger to delete its hook', () => hooks().length === 0);
});
