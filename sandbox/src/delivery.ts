import { signatureHeaders } from '@popup-leads/core';

import { postOnce, type RequestTracker } from './post';
import type { StoredLead } from './leads';
import type { DeliveryAttempt, Hook, SandboxState } from './state';

export interface RetryOptions {
  /** The wait before the first retry; each further retry waits twice as long. */
  baseMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** How long one attempt may wait for an answer. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { baseMs: 1000, maxAttempts: 5, timeoutMs: 10_000 };

/** The wait before attempt `attempt + 1`: base, 2×base, 4×base… */
export function backoffMs(retry: RetryOptions, attempt: number): number {
  return retry.baseMs * 2 ** (attempt - 1);
}

/**
 * Posts collected leads to hooks the way the seed describes Wisepops: one JSON array per hook,
 * `X-Wisepops-Signature` = hex HMAC-SHA256 of the body keyed by the API key, and failed
 * requests (no answer or a non-2xx status) retried with exponential backoff.
 */
export class Deliverer {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly requests: RequestTracker = new Set();
  private inFlight = 0;
  /** Bumped by `cancelAll`: answers to requests from before a reset are not recorded. */
  private generation = 0;

  constructor(
    private readonly state: SandboxState,
    private readonly apiKey: string,
    private readonly retry: RetryOptions,
  ) {}

  /** Starts one delivery per matching hook; the leads of each hook travel in one array. */
  deliver(leads: readonly StoredLead[]): number {
    const perHook = new Map<Hook, StoredLead[]>();
    for (const lead of leads) {
      for (const hook of this.state.hooksFor(lead)) perHook.set(hook, [...(perHook.get(hook) ?? []), lead]);
    }
    for (const [hook, hookLeads] of perHook) {
      const body = JSON.stringify(hookLeads.map((stored) => stored.lead));
      this.start(hook, body, hookLeads.length);
    }
    return perHook.size;
  }

  /** Deliveries started and not yet delivered or given up. */
  pending(): number {
    return this.inFlight;
  }

  /** Stops retries and aborts requests under way (reset and close). */
  cancelAll(): void {
    this.generation += 1;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const request of this.requests) request.destroy();
    this.requests.clear();
    this.inFlight = 0;
  }

  private start(hook: Hook, body: string, leadCount: number): void {
    const headers = { 'Content-Type': 'application/json', ...signatureHeaders({ scheme: 'wisepops', body, secret: this.apiKey }) };
    const job = { delivery: this.state.deliveryId(), hook_id: hook.id, url: hook.target_url, body, headers, leadCount };
    this.inFlight += 1;
    void this.attempt(job, 1, this.generation);
  }

  private async attempt(job: { delivery: number; hook_id: number; url: string; body: string; headers: Record<string, string>; leadCount: number }, attempt: number, generation: number): Promise<void> {
    let status: number | null = null;
    let error: string | null = null;
    try {
      const result = await postOnce(job.url, job.body, job.headers, this.retry.timeoutMs, this.requests);
      status = result.status;
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    if (generation !== this.generation) return;

    const delivered = error === null;
    const last = attempt >= this.retry.maxAttempts;
    const record: DeliveryAttempt = {
      delivery: job.delivery,
      hook_id: job.hook_id,
      url: job.url,
      attempt,
      status,
      error,
      outcome: delivered ? 'delivered' : last ? 'gave-up' : 'retrying',
      next_retry_ms: delivered || last ? null : backoffMs(this.retry, attempt),
      body_bytes: Buffer.byteLength(job.body),
      lead_count: job.leadCount,
      at: new Date().toISOString(),
    };
    this.state.attempts.push(record);
    if (record.outcome !== 'retrying') {
      this.inFlight -= 1;
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(job, attempt + 1, generation);
    }, record.next_retry_ms ?? 0);
    this.timers.add(timer);
  }
}
