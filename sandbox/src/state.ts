import type { WisepopsCampaign, WisepopsEvent } from '@popup-leads/core';

import { Faults } from './faults';
import type { StoredLead } from './leads';

/** A hook as `POST /api2/hooks` created it. */
export interface Hook {
  id: number;
  event: WisepopsEvent;
  target_url: string;
  /** Only leads of this campaign; null for all campaigns. */
  wisepop_id: number | null;
  created_at: string;
}

/** One HTTP attempt to deliver leads to a hook. */
export interface DeliveryAttempt {
  /** Every attempt of one delivery (a retry included) shares this number. */
  delivery: number;
  hook_id: number;
  url: string;
  /** 1 for the first try. */
  attempt: number;
  /** The receiver's HTTP status; null when no answer came (network error, timeout). */
  status: number | null;
  error: string | null;
  /** `retrying` until the delivery succeeds (`delivered`) or runs out of attempts (`gave-up`). */
  outcome: 'delivered' | 'retrying' | 'gave-up';
  /** When retrying: the wait before the next attempt (exponential backoff). */
  next_retry_ms: number | null;
  body_bytes: number;
  lead_count: number;
  /** When the attempt finished. */
  at: string;
}

export const DEFAULT_CAMPAIGNS: readonly WisepopsCampaign[] = Object.freeze([
  { id: 12345, label: 'Welcome offer - new visitors', created_at: '2026-01-05T09:30:00.000Z', activated: true, display_count: 1520, click_count: 210, email_count: 87 },
  { id: 12346, label: 'Exit intent - phone callback', created_at: '2026-02-11T14:00:00.000Z', activated: true, display_count: 640, click_count: 45, email_count: 0 },
  { id: 12347, label: 'Post-purchase survey', created_at: '2026-03-20T08:15:00.000Z', activated: false, display_count: 0, click_count: 0, email_count: 0 },
]);

/**
 * Everything the sandbox holds, in memory. Hook ids keep increasing across `reset()`, so a
 * client holding an old id can never delete a newer hook by mistake.
 */
export class SandboxState {
  readonly hooks = new Map<number, Hook>();
  leads: StoredLead[] = [];
  attempts: DeliveryAttempt[] = [];
  readonly faults = new Faults();
  private nextHookId = 1;
  private nextLeadSeq = 1;
  private nextDeliveryId = 1;

  constructor(readonly campaigns: readonly WisepopsCampaign[]) {}

  addHook(event: WisepopsEvent, targetUrl: string, campaignId: number | undefined): Hook {
    const hook: Hook = { id: this.nextHookId, event, target_url: targetUrl, wisepop_id: campaignId ?? null, created_at: new Date().toISOString() };
    this.nextHookId += 1;
    this.hooks.set(hook.id, hook);
    return hook;
  }

  leadSeq(): number {
    const seq = this.nextLeadSeq;
    this.nextLeadSeq += 1;
    return seq;
  }

  deliveryId(): number {
    const id = this.nextDeliveryId;
    this.nextDeliveryId += 1;
    return id;
  }

  /** The hooks a lead goes to: same event, and the same campaign unless the hook takes all. */
  hooksFor(lead: StoredLead): Hook[] {
    return [...this.hooks.values()].filter((hook) => hook.event === lead.event && (hook.wisepop_id === null || String(hook.wisepop_id) === String(lead.lead.wisepop_id)));
  }

  /** Leads oldest first, as `/api2/contacts` lists them. */
  sortedLeads(): StoredLead[] {
    return [...this.leads].sort((a, b) => Date.parse(a.lead.collected_at) - Date.parse(b.lead.collected_at) || a.seq - b.seq);
  }

  reset(): void {
    this.hooks.clear();
    this.leads = [];
    this.attempts = [];
    this.faults.clear();
  }
}
