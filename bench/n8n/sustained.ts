import { randomUUID } from 'node:crypto';

import { itemsOf, sleep, WISEPOPS_TRIGGER_NAME, type Stack } from '@popup-leads/harness';

import { settledExecutions } from './executions';
import { n8nRssMb } from './metrics';

export interface SustainedOptions {
  workflowId: string;
  /** How long the sandbox keeps collecting. */
  durationMs: number;
  /** Deliveries started per second (each a 2-lead array). */
  deliveriesPerSecond: number;
  /** Restart n8n this many ms into the run (graceful stop, start again). */
  restartAtMs?: number;
}

export interface SustainedResult {
  durationS: number;
  deliveries: number;
  leadsSent: number;
  /** Leads found in n8n's executions, counted once each. */
  leadsPresent: number;
  missing: number;
  /** Extra appearances of a lead beyond its first. */
  duplicates: number;
  /** Whether every duplicate carried the same record id as its first appearance. */
  duplicatesShareId: boolean;
  failedAttempts: number;
  gaveUp: number;
  executions: number;
  /**
   * The sandbox's Wisepops hooks over the run, as `ms: ids` whenever they changed (ms from the
   * start): a restart that replaced the hook shows as a gap or a new id.
   */
  hookChanges: string[];
  /** Collects that found no hook to deliver to, as ms from the start: their leads never left. */
  collectsWithoutHook: number[];
  /** Execution status → count: an execution cut short by a restart shows here. */
  statuses: Record<string, number>;
  rssMb: number[];
}

/**
 * The sandbox collects 2-lead deliveries at a fixed rate for a bounded time, as a busy Wisepops
 * website would, and delivers them to the Wisepops Trigger with its retries. Afterwards every
 * lead sent is looked up in n8n's executions by its form_session.
 */
export async function sustainedRun(stack: Stack, options: SustainedOptions): Promise<SustainedResult> {
  const sent = new Set<string>();
  const rssMb: number[] = [];
  const started = Date.now();
  const attemptsBefore = stack.sandbox.state.attempts.length;
  let deliveries = 0;
  let restarted: Promise<void> | undefined;
  const hookChanges: string[] = [];
  const collectsWithoutHook: number[] = [];
  let lastHooks = '';
  const noteHooks = (): void => {
    const hooks = [...stack.sandbox.state.hooks.keys()].join(',') || 'none';
    if (hooks !== lastHooks) hookChanges.push(`${Date.now() - started} ms: ${hooks}`);
    lastHooks = hooks;
  };
  // Hooks change only through the sandbox's API, on this event loop: a short poll sees every change.
  const hookWatch = setInterval(noteHooks, 10);
  noteHooks();
  const sampler = (async () => {
    while (Date.now() - started < options.durationMs) {
      const rss = await n8nRssMb(stack.n8n.url);
      if (rss !== undefined) rssMb.push(Math.round(rss));
      await sleep(5000);
    }
  })();
  const interval = 1000 / options.deliveriesPerSecond;
  for (let tick = 0; Date.now() - started < options.durationMs; tick++) {
    const wait = started + tick * interval - Date.now();
    if (wait > 0) await sleep(wait);
    if (options.restartAtMs !== undefined && !restarted && Date.now() - started >= options.restartAtMs) {
      restarted = stack.n8n.restart();
    }
    const leads = [0, 1].map(() => {
      const session = randomUUID();
      sent.add(session);
      return { form_session: session, fields: { email: `${session.slice(0, 8)}@example.com` } };
    });
    noteHooks();
    const collected = stack.sandbox.collect(leads, { event: 'email' }).deliveries;
    if (collected === 0) collectsWithoutHook.push(Date.now() - started);
    deliveries += collected;
  }
  await restarted;
  clearInterval(hookWatch);
  noteHooks();
  await sampler;
  await stack.sandbox.idle(300_000);
  const attempts = stack.sandbox.state.attempts.slice(attemptsBefore);
  const delivered = attempts.filter((attempt) => attempt.outcome === 'delivered').length;
  const settled = await settledExecutions(stack.api, options.workflowId, delivered);
  const rss = await n8nRssMb(stack.n8n.url);
  if (rss !== undefined) rssMb.push(Math.round(rss));

  const seen = new Map<string, string[]>();
  for (const execution of await stack.api.executions(options.workflowId)) {
    for (const record of itemsOf(execution, WISEPOPS_TRIGGER_NAME)) {
      const session = String(record.form_session);
      if (!sent.has(session)) continue;
      seen.set(session, [...(seen.get(session) ?? []), String(record.id)]);
    }
  }
  const ids = [...seen.values()];
  return {
    durationS: Math.round((Date.now() - started) / 1000),
    deliveries,
    leadsSent: sent.size,
    leadsPresent: seen.size,
    missing: sent.size - seen.size,
    duplicates: ids.reduce((sum, list) => sum + list.length - 1, 0),
    duplicatesShareId: ids.every((list) => list.every((id) => id === list[0])),
    failedAttempts: attempts.filter((attempt) => attempt.outcome !== 'delivered').length,
    gaveUp: attempts.filter((attempt) => attempt.outcome === 'gave-up').length,
    executions: settled.length,
    hookChanges,
    collectsWithoutHook,
    statuses: settled.reduce<Record<string, number>>((counts, entry) => ({ ...counts, [entry.status]: (counts[entry.status] ?? 0) + 1 }), {}),
    rssMb,
  };
}
