import type { Hook } from '@popup-leads/sandbox';

import { sleep, until, wisepopsTriggerWorkflow, WISEPOPS_TRIGGER_NAME } from '../../harness/src';
import { executionsOf, items, newestItems, startE2eStack, waitForWebhook, waitForWisepopsTrigger } from './e2e-stack';
import { activateWithOneHook, createLeadsWorkflow, emails, expectForgeriesRefused, expectThreeLeadRecords, sandboxCredential, sandboxHooks, THREE_LEADS } from './wisepops-scenario';

/**
 * Issue cases 1–4: the Wisepops Trigger inside a real n8n, against the sandbox. The steps
 * build on each other (one workflow, activated, restarted, deactivated, reactivated), so they
 * run in order and stop at the first failure. Then a workflow saved with version 1 of the node.
 */

let stack: Awaited<ReturnType<typeof startE2eStack>>;
let workflowId = '';
let hookUrl = '';
let firstHook: Hook;
let executionCount = 0;

const hooks = (): Hook[] => sandboxHooks(stack);

beforeAll(async () => {
  stack = await startE2eStack('wisepops');
  const created = await createLeadsWorkflow(stack, 'Wisepops email leads');
  workflowId = created.workflowId;
  hookUrl = `${stack.n8n.url}${created.webhookPath}`;
}, 600_000);

afterAll(async () => {
  await stack?.dispose();
}, 60_000);

test('1. activation creates exactly one hook; a 3-lead delivery is one execution with three items and their emails', async () => {
  firstHook = await activateWithOneHook(stack, workflowId, hookUrl);

  stack.sandbox.collect(THREE_LEADS, { event: 'email' });
  const attempts = await stack.sandbox.waitForDeliveries(1, 30_000);
  expect(attempts.map((attempt) => [attempt.status, attempt.outcome, attempt.lead_count])).toEqual([[200, 'delivered', 3]]);

  const [execution] = await executionsOf(stack, workflowId, 1);
  executionCount = 1;
  expect(execution?.status).toBe('success');
  expectThreeLeadRecords(items(execution, WISEPOPS_TRIGGER_NAME));
  expect(hooks()).toEqual([firstHook]);
});

test('3. a forged delivery is answered 401 and starts no execution', async () => {
  await expectForgeriesRefused(hookUrl, stack.sandbox.apiKey);
  // A genuine delivery after the forged ones: once it has run, any execution a forgery started would be there too.
  stack.sandbox.collect({ form_session: 'after-forgery', fields: { email: 'real@example.com' } }, { event: 'email' });
  const executions = await executionsOf(stack, workflowId, ++executionCount);
  expect(emails(newestItems(executions, WISEPOPS_TRIGGER_NAME))).toEqual(['real@example.com']);
});

test('2. restarting n8n keeps exactly one hook (both start-up paths); deactivating leaves none', async () => {
  // n8n 2.41's default start-up keeps webhook registrations without asking the node.
  await stack.n8n.restart();
  await waitForWebhook(hookUrl);
  expect(hooks()).toEqual([firstHook]);

  // The older start-up path (the only one before 2.41) runs checkExists and, if false, create.
  await stack.n8n.restart({ N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' });
  await waitForWebhook(hookUrl);
  expect(hooks()).toEqual([firstHook]);

  stack.sandbox.collect({ form_session: 'after-restart', fields: { email: 'restart@example.com' } }, { event: 'email' });
  const executions = await executionsOf(stack, workflowId, ++executionCount);
  expect(emails(newestItems(executions, WISEPOPS_TRIGGER_NAME))).toEqual(['restart@example.com']);
  // Still one after a full delivery round trip: a late create() on start-up would show by now.
  expect(hooks()).toEqual([firstHook]);

  await stack.api.deactivate(workflowId);
  await until('the trigger to delete its hook', () => hooks().length === 0);
});

test('4. leads collected while inactive arrive on reactivation with "Fetch leads missed while inactive", none twice', async () => {
  // The backfill asks for leads collected strictly after the deactivation time (in ms).
  await sleep(10);
  const missed = stack.sandbox.collect([
    { form_session: 'missed-1', fields: { email: 'missed.one@example.com' } },
    { form_session: 'missed-survey', fields: { 'Your answer': 'blue' } },
    { form_session: 'missed-2', fields: { email: 'missed.two@example.com' } },
  ]);
  expect(missed.deliveries).toBe(0);

  await stack.api.activate(workflowId);
  await waitForWisepopsTrigger(stack, hookUrl);
  expect(hooks()).toHaveLength(1);
  expect(hooks()[0]?.id).not.toBe(firstHook.id);

  const executions = await executionsOf(stack, workflowId, ++executionCount);
  expect(emails(newestItems(executions, WISEPOPS_TRIGGER_NAME))).toEqual(['missed.one@example.com', 'missed.two@example.com']);

  // Every lead the workflow ever ran, once: live, after the forgery, after the restart, the two missed ones.
  const all = executions.flatMap((execution) => items(execution, WISEPOPS_TRIGGER_NAME));
  expect(all).toHaveLength(7);
  expect(new Set(all.map((record) => record.id)).size).toBe(7);
  expect(new Set(all.map((record) => record.form_session)).size).toBe(7);
});

test('a workflow saved with version 1 of the trigger still subscribes, receives and refuses forgeries', async () => {
  const credential = await sandboxCredential(stack, 'Wisepops sandbox, version 1');
  const { workflow, webhookPath } = wisepopsTriggerWorkflow({ name: 'Saved with version 1', credential, event: 'email', typeVersion: 1 });
  const { id } = await stack.api.createWorkflow(workflow);
  await stack.api.activate(id);
  const url = `${stack.n8n.url}${webhookPath}`;
  await waitForWisepopsTrigger(stack, url);

  stack.sandbox.collect({ form_session: 'version-1', fields: { email: 'version.one@example.com' } }, { event: 'email' });
  const [execution] = await executionsOf(stack, id, 1);
  expect(emails(items(execution, WISEPOPS_TRIGGER_NAME))).toEqual(['version.one@example.com']);
  await expectForgeriesRefused(url, stack.sandbox.apiKey);

  await stack.api.deactivate(id);
  await until('the version-1 trigger to delete its hook', () => hooks().every((hook) => hook.target_url !== url));
});
