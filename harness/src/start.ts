import { join } from 'node:path';

import type { OwnerAccount } from './n8n-api';
import { REPO_ROOT } from './paths';
import { isPortFree } from './ports';
import { startStack, type Stack } from './stack';
import { runDemo } from './demo';

/**
 * `npm start`: the Wisepops sandbox and a real n8n with our package, the demo workflow active,
 * three leads collected and their items printed. Runs until Ctrl-C, which stops everything it
 * started. Everything lives in `.demo/` (ignored by git), so a second run reuses the n8n install
 * and owner and replaces the previous demo workflow.
 */

const DEMO_OWNER: OwnerAccount = {
  email: 'demo@popup-leads.dev',
  password: 'PopupLeads-demo-2026',
  firstName: 'Demo',
  lastName: 'Owner',
};

function portFrom(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65534) throw new Error(`${name} must be a port number, not "${text}".`);
  return port;
}

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function printItems(items: Record<string, unknown>[]): void {
  items.forEach((item, index) => {
    log(`\nItem ${index + 1}:`);
    // `raw` repeats the lead as Wisepops sent it: the flat keys are what a workflow maps.
    for (const [key, value] of Object.entries(item).filter(([name]) => name !== 'raw')) log(`  ${key.padEnd(28)} ${JSON.stringify(value)}`);
  });
}

async function main(): Promise<void> {
  const n8nPort = portFrom('N8N_PORT', 5678);
  const sandboxPort = portFrom('SANDBOX_PORT', 8787);
  for (const [name, port] of [['n8n', n8nPort], ["n8n's task runner broker", n8nPort + 1], ['the sandbox', sandboxPort]] as const) {
    if (!(await isPortFree(port))) throw new Error(`Port ${port} (for ${name}) is in use: stop what listens there, or set N8N_PORT / SANDBOX_PORT.`);
  }
  const workDir = join(REPO_ROOT, '.demo');
  log('Starting the Wisepops sandbox and n8n (the first run installs n8n: a few minutes)...');
  const stack: Stack = await startStack({
    workDir,
    n8nPort,
    sandbox: { port: sandboxPort, retry: { baseMs: 1000 } },
    owner: DEMO_OWNER,
    apiKeyLabel: 'popup-leads demo',
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping n8n and the sandbox...`);
    stack.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  log(`n8n is ready at ${stack.n8n.url} (log: ${join('.demo', 'n8n.log')}); the sandbox at ${stack.sandbox.url}.`);
  const readyAt = Date.now();
  const demo = await runDemo(stack, workDir, log).catch(async (error: unknown) => {
    await stack.close();
    throw error;
  });
  const seconds = ((Date.now() - readyAt) / 1000).toFixed(1);
  log(`\nExecution ${demo.execution.id} (${demo.execution.status}), ${seconds} s after n8n was ready, produced ${demo.items.length} items:`);
  printItems(demo.items);
  log(
    [
      '',
      `Open the workflow:  ${stack.n8n.url}/workflow/${demo.workflowId}`,
      `Its execution:      ${stack.n8n.url}/workflow/${demo.workflowId}/executions/${demo.execution.id}`,
      `Log in as ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`,
      `More leads:         curl -X POST ${stack.sandbox.url}/_sandbox/collect -H 'Content-Type: application/json' -d '{"fields":{"email":"you@example.com"}}'`,
      `What the sandbox holds: ${stack.sandbox.url}/_sandbox/hooks, /_sandbox/deliveries, /_sandbox/leads`,
      'Ctrl-C stops n8n and the sandbox.',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
