import { z } from 'zod';

import type { N8nApi } from '@popup-leads/harness';

const SummarySchema = z.object({
  data: z.array(
    z
      .object({
        id: z.union([z.string(), z.number()]).transform(String),
        status: z.string(),
        stoppedAt: z.string().nullable().optional(),
      })
      .loose(),
  ),
  nextCursor: z.string().nullable().optional(),
});
export type ExecutionSummary = z.infer<typeof SummarySchema>['data'][number];

/** Every execution of a workflow without its data: cheap enough to poll during a run. */
export async function executionSummaries(api: N8nApi, workflowId: string): Promise<ExecutionSummary[]> {
  const all: ExecutionSummary[] = [];
  let cursor: string | null | undefined;
  do {
    const query = new URLSearchParams({ workflowId, limit: '250', ...(cursor ? { cursor } : {}) });
    const page = SummarySchema.parse(await api.request('GET', `/executions?${query.toString()}`));
    all.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

const finished = (entry: ExecutionSummary): boolean => entry.status !== 'running' && entry.status !== 'new' && entry.status !== 'waiting';

/**
 * Waits until a workflow has at least `count` finished executions and nothing running, and
 * returns them. Gives up (returning what there is) after `timeoutMs`, so a lost execution
 * shows as a shortfall in the report rather than a hang.
 */
export async function settledExecutions(api: N8nApi, workflowId: string, count: number, timeoutMs = 120_000): Promise<ExecutionSummary[]> {
  const deadline = Date.now() + timeoutMs;
  let last: ExecutionSummary[] = [];
  let stableSince = Date.now();
  for (;;) {
    const now = await executionSummaries(api, workflowId);
    if (now.length !== last.length) stableSince = Date.now();
    last = now;
    const allDone = now.every(finished);
    if (allDone && now.length >= count && Date.now() - stableSince >= 1000) return now;
    if (Date.now() > deadline) return now;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
