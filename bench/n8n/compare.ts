import { randomUUID } from 'node:crypto';

import { signatureHeaders } from '@popup-leads/core';
import { itemsOf, type N8nApi } from '@popup-leads/harness';

import { executionSummaries, settledExecutions } from './executions';
import { percentile, runLoad, type LoadRequest } from './load';

/** One way of receiving Wisepops deliveries in n8n, as the benchmark drives it. */
export interface Scenario {
  key: 'A' | 'B' | 'C' | 'C′';
  label: string;
  workflowId: string;
  url: string;
  /** The node whose output counts as "items produced". */
  lastNode: string;
}

export interface ScenarioResult {
  scenario: Scenario;
  requests: number;
  /** Requests per second until the last execution of the run had finished. */
  throughput: number;
  p50: number;
  p99: number;
  executions: number;
  items: number;
  failedRequests: number;
  failedExecutions: number;
}

/** A signed 2-lead array, each lead unique, as Wisepops would post it. */
export function signedDelivery(apiKey: string): LoadRequest {
  const now = new Date().toISOString();
  const lead = (n: number) => ({ collected_at: now, wisepop_id: 12345, form_session: randomUUID(), ip: '203.0.113.10', country_code: 'US', fields: { email: `lead${n}.${randomUUID().slice(0, 8)}@example.com`, City: 'Seattle' } });
  const body = JSON.stringify([lead(1), lead(2)]);
  return { body, headers: { 'content-type': 'application/json', ...signatureHeaders({ scheme: 'wisepops', body, secret: apiKey }) } };
}

/** Runs `requests` deliveries against one scenario and waits for n8n to finish them all. */
export async function measure(api: N8nApi, scenario: Scenario, apiKey: string, requests: number, concurrency: number): Promise<ScenarioResult> {
  const before = new Set((await executionSummaries(api, scenario.workflowId)).map((entry) => entry.id));
  const startedAt = Date.now();
  const load = await runLoad(scenario.url, requests, concurrency, () => signedDelivery(apiKey));
  const accepted = [...load.statuses].filter(([status]) => status >= 200 && status < 300).reduce((sum, [, count]) => sum + count, 0);
  const settled = (await settledExecutions(api, scenario.workflowId, before.size + accepted)).filter((entry) => !before.has(entry.id));
  const lastStop = Math.max(...settled.map((entry) => Date.parse(entry.stoppedAt ?? '') || 0), startedAt + load.elapsedMs);
  // Items are read once the clock has stopped: fetching execution data is not part of the run.
  const fresh = new Set(settled.map((entry) => entry.id));
  const withData = (await api.executions(scenario.workflowId)).filter((entry) => fresh.has(entry.id));
  return {
    scenario,
    requests,
    throughput: requests / ((lastStop - startedAt) / 1000),
    p50: percentile(load.latenciesMs, 50),
    p99: percentile(load.latenciesMs, 99),
    executions: settled.length,
    items: withData.reduce((sum, entry) => sum + itemsOf(entry, scenario.lastNode).length, 0),
    failedRequests: requests - accepted,
    failedExecutions: settled.filter((entry) => entry.status !== 'success').length,
  };
}
