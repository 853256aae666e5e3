import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePortPair, startStack, wisepopsTriggerWorkflow, WISEPOPS_TRIGGER_NAME, type CredentialRef, type Stack } from '@popup-leads/harness';

import { webhookOnly, webhookRawCodeSplit, webhookReserializedCodeSplit } from './builtin-workflows';
import { measure, signedDelivery, type Scenario, type ScenarioResult } from './compare';
import { sustainedRun, type SustainedResult } from './sustained';

/**
 * `npm run bench:n8n`: our Wisepops Trigger against what users would build with n8n's own
 * nodes, in one real n8n, then the "nothing lost" runs. Prints tables; asserts nothing.
 *
 * Settings (environment): BENCH_REQUESTS per scenario and round (default 300), BENCH_ROUNDS
 * (3), BENCH_CONCURRENCY (10), BENCH_SUSTAINED_S (60), BENCH_RATE deliveries/s (4),
 * BENCH_PARTS (compare,sustained); N8N_EXPRESSION_ENGINE and the other N8N_EXPRESSION_ENGINE_*
 * settings are handed to n8n (its defaults unless set).
 */

const number = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number.`);
  return value;
};
const REQUESTS = number('BENCH_REQUESTS', 300);
const ROUNDS = number('BENCH_ROUNDS', 3);
const CONCURRENCY = number('BENCH_CONCURRENCY', 10);
const SUSTAINED_MS = number('BENCH_SUSTAINED_S', 60) * 1000;
const RATE = number('BENCH_RATE', 4);
const PARTS = (process.env.BENCH_PARTS ?? 'compare,sustained').split(',');

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** n8n's expression-engine settings from our environment: the engine, its pool, lazy acquisition. */
function engineSettings(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('N8N_EXPRESSION_ENGINE') && entry[1] !== undefined));
}

function engineLabel(): string {
  const settings = Object.entries(engineSettings()).map(([name, value]) => `${name}=${value}`);
  return settings.length > 0 ? settings.join(', ') : "n8n's default expression engine (isolated-vm)";
}

async function benchStack(name: string): Promise<{ stack: Stack; credential: CredentialRef; dispose(): Promise<void> }> {
  const workDir = mkdtempSync(join(tmpdir(), `popup-leads-bench-${name}-`));
  const stack = await startStack({
    workDir,
    n8nPort: await freePortPair(),
    // Wisepops retries failed deliveries; these retries outlast an n8n restart.
    sandbox: { retry: { baseMs: 500, maxAttempts: 10, timeoutMs: 30_000 } },
    owner: { email: 'bench@popup-leads.dev', password: 'Bench-Passw0rd-long', firstName: 'Bench', lastName: 'Mark' },
    apiKeyLabel: 'bench',
    n8nEnv: {
      N8N_METRICS: 'true',
      // The hand-built variant's Code node needs `crypto`, as a user would allow it.
      NODE_FUNCTION_ALLOW_BUILTIN: 'crypto',
      N8N_LOG_LEVEL: 'warn',
      ...engineSettings(),
    },
  });
  const credential = await stack.api.createCredential('Wisepops sandbox', 'wisepopsApi', { apiKey: stack.sandbox.apiKey, baseUrl: stack.sandbox.url, allowedHttpRequestDomains: 'all' });
  return {
    stack,
    credential,
    dispose: async () => {
      await stack.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Activates a workflow and waits until its URL answers (a warm-up delivery for the built-in nodes). */
async function activate(stack: Stack, workflow: Record<string, unknown>, path: string, apiKey: string): Promise<{ id: string; url: string }> {
  const { id } = await stack.api.createWorkflow(workflow);
  await stack.api.activate(id);
  const url = `${stack.n8n.url}${path}`;
  for (let tries = 0; ; tries++) {
    const { body, headers } = signedDelivery(apiKey);
    const response = await fetch(url, { method: 'POST', headers, body });
    if (response.status !== 404) return { id, url };
    if (tries > 120) throw new Error(`${url} never became active.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function compare(): Promise<void> {
  const { stack, credential, dispose } = await benchStack('compare');
  try {
    const apiKey = stack.sandbox.apiKey;
    const a = wisepopsTriggerWorkflow({ name: 'A: Wisepops Trigger', credential, event: 'email' });
    const b = webhookOnly('B: Webhook node');
    const c = webhookRawCodeSplit('C: Webhook (raw body) + Code (HMAC) + Split Out', apiKey);
    const cr = webhookReserializedCodeSplit('C′: Webhook + Code (HMAC over JSON.stringify) + Split Out', apiKey);
    const scenarios: Scenario[] = [
      { key: 'A', label: 'A: our Wisepops Trigger (verify + split + normalize)', lastNode: WISEPOPS_TRIGGER_NAME, ...(await activate(stack, a.workflow, a.webhookPath, apiKey)) },
      { key: 'B', label: "B: n8n's Webhook node alone (no verification, no split)", lastNode: 'Webhook', ...(await activate(stack, b.workflow, b.webhookPath, apiKey)) },
      { key: 'C', label: 'C: Webhook (raw body) + Code (HMAC, constant-time) + Split Out', lastNode: 'Split Out', ...(await activate(stack, c.workflow, c.webhookPath, apiKey)) },
      { key: 'C′', label: 'C′: Webhook + Code (HMAC over re-serialized JSON) + Split Out', lastNode: 'Split Out', ...(await activate(stack, cr.workflow, cr.webhookPath, apiKey)) },
    ].map(({ key, label, lastNode, id, url }) => ({ key: key as Scenario['key'], label, lastNode, workflowId: id, url }));

    // Warm-up: JIT, SQLite pages, the task runner of the Code node.
    for (const scenario of scenarios) await measure(stack.api, scenario, apiKey, Math.min(50, REQUESTS), CONCURRENCY);
    const results = new Map<Scenario['key'], ScenarioResult[]>();
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order so drift on the machine does not favour one scenario.
      const shift = round % scenarios.length;
      const order = [...scenarios.slice(shift), ...scenarios.slice(0, shift)];
      for (const scenario of order) {
        const result = await measure(stack.api, scenario, apiKey, REQUESTS, CONCURRENCY);
        results.set(scenario.key, [...(results.get(scenario.key) ?? []), result]);
      }
    }

    out(`n8n 2.41.1 (${engineLabel()}), SQLite, 127.0.0.1; ${ROUNDS} rounds × ${REQUESTS} signed 2-lead deliveries per scenario, concurrency ${CONCURRENCY}; medians over rounds`);
    out();
    out('| scenario | requests/s | p50 ms | p99 ms | executions | items | failed requests | failed executions |');
    out('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const throughput = new Map<Scenario['key'], number>();
    for (const scenario of scenarios) {
      const list = results.get(scenario.key) ?? [];
      const rate = median(list.map((entry) => entry.throughput));
      throughput.set(scenario.key, rate);
      const sum = (pick: (entry: ScenarioResult) => number): number => list.reduce((total, entry) => total + pick(entry), 0);
      out(
        `| ${scenario.label} | ${fixed(rate)} | ${fixed(median(list.map((entry) => entry.p50)))} | ${fixed(median(list.map((entry) => entry.p99)))} | ${sum((entry) => entry.executions)} | ${sum((entry) => entry.items)} | ${sum((entry) => entry.failedRequests)} | ${sum((entry) => entry.failedExecutions)} |`,
      );
    }
    const ratio = (x: Scenario['key'], y: Scenario['key']): number => (throughput.get(x) ?? NaN) / (throughput.get(y) ?? NaN);
    out();
    out(`A/B = ${fixed(ratio('A', 'B'), 2)} (target >= 0.9: ${ratio('A', 'B') >= 0.9 ? 'met' : 'NOT met'})`);
    out(`A/C = ${fixed(ratio('A', 'C'), 2)} (target >= 1.5: ${ratio('A', 'C') >= 1.5 ? 'met' : 'NOT met'}); A/C′ = ${fixed(ratio('A', 'C′'), 2)}`);
    out('requests/s counts until the last execution of a round had finished; latency is the HTTP answer (all answer on receipt).');
  } finally {
    await dispose();
  }
}

function sustainedRow(title: string, result: SustainedResult): string {
  return `| ${title} | ${result.durationS} | ${result.deliveries} | ${result.leadsSent} | ${result.leadsPresent} | ${result.missing} | ${result.duplicates}${result.duplicates ? (result.duplicatesShareId ? ' (same ids)' : ' (DIFFERENT ids)') : ''} | ${result.failedAttempts} | ${result.gaveUp} | ${Object.entries(result.statuses).map(([status, count]) => `${count} ${status}`).join(', ')} | ${quartiles(result.rssMb).join(' → ')} |`;
}

/** First, quartiles and last of a series: a long run's memory curve in five numbers. */
function quartiles(values: number[]): number[] {
  if (values.length <= 5) return values;
  return [0, 0.25, 0.5, 0.75, 1].map((share) => values[Math.round(share * (values.length - 1))] ?? NaN);
}

async function sustained(): Promise<void> {
  const rows: string[] = [];
  const details: string[] = [];
  for (const restart of [false, true]) {
    const { stack, credential, dispose } = await benchStack(restart ? 'restart' : 'sustained');
    try {
      const { workflow, webhookPath } = wisepopsTriggerWorkflow({ name: 'Sustained', credential, event: 'email' });
      const { id } = await activate(stack, workflow, webhookPath, 'not-the-key');
      const result = await sustainedRun(stack, { workflowId: id, durationMs: SUSTAINED_MS, deliveriesPerSecond: RATE, ...(restart ? { restartAtMs: SUSTAINED_MS / 2 } : {}) });
      const title = restart ? `n8n restarted at ${SUSTAINED_MS / 2000} s` : 'steady';
      rows.push(sustainedRow(title, result));
      details.push(
        `${title}: hooks at the sandbox ${result.hookChanges.join('; ')}; collects that found no hook: ${result.collectsWithoutHook.length ? result.collectsWithoutHook.map((ms) => `${ms} ms`).join(', ') : 'none'}; n8n RSS MB every 5 s: ${result.rssMb.join(' ')}`,
      );
    } finally {
      await dispose();
    }
  }
  out();
  out(`Nothing lost: the sandbox collects ${RATE} 2-lead deliveries per second for ${SUSTAINED_MS / 1000} s and delivers them with its retries; every lead is then looked up in n8n's executions.`);
  out();
  out('| run | s | deliveries | leads sent | leads in n8n | missing | duplicates | failed attempts (retried) | gave up | executions | n8n RSS MB (start, quartiles, end) |');
  out('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
  for (const row of rows) out(row);
  out();
  for (const line of details) out(line);
}

async function main(): Promise<void> {
  out(`Node ${process.version}; ${PARTS.join(' + ')}`);
  if (PARTS.includes('compare')) await compare();
  if (PARTS.includes('sustained')) await sustained();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:n8n failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
