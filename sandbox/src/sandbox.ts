import { ApiKeySchema, type WisepopsCampaign, type WisepopsEvent } from '@popup-leads/core';

import { Deliverer, DEFAULT_RETRY, type RetryOptions } from './delivery';
import { pollUntil } from './http-util';
import { completeLead, eventOf, type StoredLead } from './leads';
import type { RequestTracker } from './post';
import { sendSigned, type SendInput, type SendResult } from './providers';
import { Recorder } from './receiver';
import { DEFAULT_CAMPAIGNS, SandboxState, type DeliveryAttempt } from './state';

/** The API key the sandbox expects when none is configured (documented in the README). */
export const DEFAULT_API_KEY = 'sandbox-api-key';

export interface SandboxOptions {
  apiKey?: string;
  campaigns?: readonly WisepopsCampaign[];
  retry?: Partial<RetryOptions>;
}

export interface CollectOptions {
  /** The block that collected the leads; inferred from each lead's fields when absent. */
  event?: WisepopsEvent;
}

export interface CollectResult {
  leads: StoredLead['lead'][];
  /** Deliveries started: one per matching hook. */
  deliveries: number;
}

/**
 * The sandbox without its HTTP server: state, delivery, sending and inboxes. The server and
 * the programmatic API both drive this object, so they cannot disagree.
 */
export class Sandbox {
  readonly apiKey: string;
  readonly state: SandboxState;
  readonly retry: RetryOptions;
  readonly deliverer: Deliverer;
  /** Recorders for `/_sandbox/inbox/<name>`, created on first use. */
  readonly inboxes = new Map<string, Recorder>();
  private readonly sends: RequestTracker = new Set();

  constructor(options: SandboxOptions = {}) {
    // The clients put the key inside a quoted header parameter: refuse one they could not send.
    const key = ApiKeySchema.safeParse(options.apiKey ?? DEFAULT_API_KEY);
    if (!key.success) throw new Error(`Unusable API key: ${key.error.issues[0]?.message ?? 'invalid'}.`);
    this.apiKey = key.data;
    this.state = new SandboxState(options.campaigns ?? DEFAULT_CAMPAIGNS);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.deliverer = new Deliverer(this.state, this.apiKey, this.retry);
  }

  /**
   * Stores leads as a campaign would collect them and delivers them to every matching hook.
   * Throws `LeadInputError` for an unusable lead; nothing is stored then.
   */
  collect(input: unknown, options: CollectOptions = {}): CollectResult {
    const inputs = Array.isArray(input) ? input : [input];
    const firstCampaign = this.state.campaigns[0]?.id ?? 12345;
    const now = Date.now();
    const stored = inputs.map((item, index): StoredLead => {
      const seq = this.state.leadSeq();
      // Leads collected together get distinct, increasing times, as real submissions would.
      const lead = completeLead(item, { campaignId: firstCampaign, seq, now: new Date(now + index) });
      return { seq, event: eventOf(lead, options.event), lead };
    });
    this.state.leads.push(...stored);
    return { leads: stored.map((entry) => entry.lead), deliveries: this.deliverer.deliver(stored) };
  }

  /** Sends another tool's signed delivery (or a one-off Wisepops one) to any URL. */
  send(input: SendInput): Promise<SendResult> {
    return sendSigned(input, this.sends);
  }

  inbox(name: string): Recorder {
    let recorder = this.inboxes.get(name);
    if (!recorder) {
      recorder = new Recorder();
      this.inboxes.set(name, recorder);
    }
    return recorder;
  }

  /** Finished deliveries (delivered or given up), one entry per delivery: its last attempt. */
  settledDeliveries(): DeliveryAttempt[] {
    return this.state.attempts.filter((attempt) => attempt.outcome !== 'retrying');
  }

  /** Resolves with every attempt once `count` deliveries have finished; rejects after `timeoutMs`. */
  async waitForDeliveries(count: number, timeoutMs = 10_000): Promise<DeliveryAttempt[]> {
    await pollUntil(() => this.settledDeliveries().length >= count, timeoutMs, `${count} finished deliveries (have ${this.settledDeliveries().length})`);
    return [...this.state.attempts];
  }

  /** Resolves once no delivery is under way or waiting for a retry. */
  async idle(timeoutMs = 10_000): Promise<void> {
    await pollUntil(() => this.deliverer.pending() === 0, timeoutMs, 'deliveries to finish');
  }

  /** Forgets hooks, leads, deliveries, faults and inboxes; stops pending retries. */
  reset(): void {
    this.deliverer.cancelAll();
    this.state.reset();
    this.inboxes.clear();
  }

  /** Stops everything under way; the HTTP server closes separately. */
  stop(): void {
    this.deliverer.cancelAll();
    for (const request of this.sends) request.destroy();
    this.sends.clear();
  }
}
