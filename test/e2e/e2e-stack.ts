import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  freePortPair,
  itemsOf,
  startQueueStack,
  startStack,
  until,
  type Execution,
  type Json,
  type OwnerAccount,
  type QueueStack,
  type Stack,
} from '../../harness/src';

/** The owner every e2e n8n gets; tests that use the editor's own API log in with it. */
export const E2E_OWNER: OwnerAccount = { email: 'e2e@popup-leads.dev', password: 'E2e-Passw0rd-long', firstName: 'End', lastName: 'ToEnd' };

// Quick retries: a test that restarts n8n must not wait seconds for the sandbox to retry.
const SANDBOX = { retry: { baseMs: 250, maxAttempts: 8, timeoutMs: 10_000 } };

/** Removes a stack's folder, unless POPUP_LEADS_E2E_KEEP=1 asks to keep n8n's folders and logs for a post-mortem. */
function removeWorkDir(workDir: string): void {
  if (process.env.POPUP_LEADS_E2E_KEEP !== '1') rmSync(workDir, { recursive: true, force: true });
  else process.stdout.write(`Kept ${workDir}\n`);
}

/**
 * Each test file gets its own n8n (own user folder, own ports) and its own sandbox. `n8nEnv`
 * changes n8n's settings for every start, e.g. its older activation path.
 */
export async function startE2eStack(name: string, n8nEnv?: Record<string, string>): Promise<Stack & { dispose(): Promise<void> }> {
  const workDir = mkdtempSync(join(tmpdir(), `popup-leads-e2e-${name}-`));
  const stack = await startStack({
    workDir,
    n8nPort: await freePortPair(),
    sandbox: SANDBOX,
    owner: E2E_OWNER,
    apiKeyLabel: 'e2e',
    tarball: process.env.POPUP_LEADS_E2E_TARBALL,
    ...(n8nEnv ? { n8nEnv } : {}),
  });
  return {
    ...stack,
    dispose: async () => {
      await stack.close();
      removeWorkDir(workDir);
    },
  };
}

/**
 * The same for n8n in queue mode: main, worker and webhook processes with their own PostgreSQL
 * and Redis (harness/src/queue-stack.ts), all on free ports of 127.0.0.1.
 */
export async function startE2eQueueStack(name: string): Promise<QueueStack & { dispose(): Promise<void> }> {
  const workDir = mkdtempSync(join(tmpdir(), `popup-leads-e2e-${name}-`));
  const stack = await startQueueStack({
    workDir,
    sandbox: SANDBOX,
    owner: E2E_OWNER,
    apiKeyLabel: 'e2e',
    tarball: process.env.POPUP_LEADS_E2E_TARBALL,
  });
  return {
    ...stack,
    dispose: async () => {
      await stack.close();
      // The databases go with their servers; the three n8n folders and logs are what may be kept.
      removeWorkDir(workDir);
    },
  };
}

/**
 * Waits until n8n serves a trigger's production URL: an unsigned POST is answered 401 by our
 * node (registered, refused, no execution) and 404 by n8n while the workflow is not yet active.
 */
export async function waitForWebhook(url: string): Promise<void> {
  await until(`n8n to serve ${url}`, async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
    await response.arrayBuffer();
    if (response.status !== 401 && response.status !== 404) throw new Error(`unexpected HTTP ${response.status}`);
    return response.status === 401;
  }, 60_000, 250);
}

/**
 * Waits until a Wisepops Trigger is fully on: n8n serves its URL and the node's create() has
 * made the hook in the sandbox. n8n may do either first, and a lead collected before the hook
 * exists goes nowhere.
 */
export async function waitForWisepopsTrigger(stack: Stack, url: string): Promise<void> {
  await waitForWebhook(url);
  await until(`a sandbox hook for ${url}`, () => [...stack.sandbox.state.hooks.values()].some((hook) => hook.target_url === url));
}

/**
 * Waits for exactly `count` finished executions of a workflow, oldest first. On a timeout the
 * error shows what n8n and the sandbox saw, so a failure in CI can be read without a rerun.
 */
export async function executionsOf(stack: Stack, workflowId: string, count: number): Promise<Execution[]> {
  let seen: Execution[] = [];
  try {
    const executions = await until(`${count} finished execution(s) of workflow ${workflowId}`, async () => {
      seen = await stack.api.executions(workflowId);
      // Too many can only grow: stop waiting at once.
      if (seen.length > count) return seen;
      return seen.length === count && seen.every((entry) => entry.status !== 'running' && entry.status !== 'new') ? seen : undefined;
    }, 60_000, 500);
    if (executions.length > count) throw new Error(`${executions.length} executions of workflow ${workflowId}, expected ${count}.`);
    return [...executions].sort((a, b) => Number(a.id) - Number(b.id));
  } catch (error) {
    const attempts = stack.sandbox.state.attempts.map((attempt) => `${attempt.url} #${attempt.attempt}: ${attempt.status ?? attempt.error} ${attempt.outcome}`);
    throw new Error(
      [
        error instanceof Error ? error.message : String(error),
        `executions: ${JSON.stringify(seen.map((entry) => ({ id: entry.id, status: entry.status, error: entry.data?.resultData.error })))}`,
        `sandbox delivery attempts:\n${attempts.join('\n') || '(none)'}`,
        `n8n log:\n${stack.n8n.logTail(30)}`,
      ].join('\n'),
    );
  }
}

/** The items a node produced in an execution; throws when there is no execution. */
export function items(execution: Execution | undefined, nodeName: string): Json[] {
  if (!execution) throw new Error(`No execution to read the items of ${nodeName} from.`);
  return itemsOf(execution, nodeName);
}

/** The items a node produced in the newest of `executions` (sorted oldest first). */
export function newestItems(executions: Execution[], nodeName: string): Json[] {
  return items(executions[executions.length - 1], nodeName);
}
