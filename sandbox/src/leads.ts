import { randomUUID } from 'node:crypto';

import { detectEmail, normalizeEmail, normalizeWisepopsLead, WisepopsEventSchema, type WisepopsEvent, type WisepopsLead } from '@popup-leads/core';

import { isPlainObject } from './http-util';

/** A lead the sandbox cannot store (answered 400 over HTTP). */
export class LeadInputError extends Error {}

/** A lead as the sandbox keeps it: the payload Wisepops would send, and the event (block kind) that collected it. */
export interface StoredLead {
  /** Insertion order, so leads collected in the same millisecond keep their order. */
  seq: number;
  event: WisepopsEvent;
  lead: WisepopsLead & { collected_at: string; wisepop_id: number | string; form_session: string; fields: Record<string, unknown> };
}

const SEED_KEYS = new Set(['collected_at', 'wisepop_id', 'form_session', 'ip', 'country_code', 'fields']);

export interface LeadDefaults {
  /** The campaign of leads that name none. */
  campaignId: number | string;
  seq: number;
  now: Date;
}

/**
 * Fills what a caller left out with values shaped like the seed's example payload, so
 * `collect({ fields: { email } })` is enough. Unknown keys pass through untouched.
 */
export function completeLead(input: unknown, defaults: LeadDefaults): StoredLead['lead'] {
  if (!isPlainObject(input)) throw new LeadInputError('A lead must be a JSON object.');
  const given = input;
  if (given.fields !== undefined && !isPlainObject(given.fields)) throw new LeadInputError('fields must be an object.');
  const fields = isPlainObject(given.fields) ? given.fields : { email: `lead${defaults.seq}@example.com` };
  const collectedAt = given.collected_at;
  if (collectedAt !== undefined && !isValidDate(collectedAt)) throw new LeadInputError('collected_at is not a date.');
  const extra = Object.fromEntries(Object.entries(given).filter(([key]) => !SEED_KEYS.has(key)));
  // The seed's key order first, then whatever else the caller added.
  return {
    collected_at: typeof collectedAt === 'string' || typeof collectedAt === 'number' ? new Date(collectedAt).toISOString() : defaults.now.toISOString(),
    wisepop_id: typeof given.wisepop_id === 'number' || typeof given.wisepop_id === 'string' ? given.wisepop_id : defaults.campaignId,
    form_session: typeof given.form_session === 'string' ? given.form_session : randomUUID(),
    // 203.0.113.0/24 is reserved for documentation: realistic, and nobody's address.
    ip: typeof given.ip === 'string' ? given.ip : `203.0.113.${(defaults.seq % 254) + 1}`,
    country_code: typeof given.country_code === 'string' ? given.country_code : 'US',
    fields,
    ...extra,
  };
}

/** Which block collected the lead: given explicitly, else what the core infers from the fields. */
export function eventOf(lead: WisepopsLead, explicit?: string): WisepopsEvent {
  if (explicit !== undefined) {
    const event = WisepopsEventSchema.safeParse(explicit);
    if (!event.success) throw new LeadInputError('event must be email, phone or survey.');
    return event.data;
  }
  const inferred = WisepopsEventSchema.safeParse(normalizeWisepopsLead(lead).event);
  return inferred.success ? inferred.data : 'survey';
}

/** Whether a `collected_at` value is a date the sandbox can sort and filter on. */
export function isValidDate(value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && !Number.isNaN(new Date(value).getTime());
}

/** The lead's email as the core finds it, normalized for comparison. */
export function emailOf(lead: WisepopsLead): string | null {
  const found = detectEmail(lead.fields ?? {});
  return found ? normalizeEmail(found.email) : null;
}

/** Phone numbers compared without formatting: `+33 6 12` and `+33612` are the same person. */
export function comparablePhone(phone: string): string {
  return phone.replace(/[\s().-]/g, '');
}

/** The lead's phone, from a field whose name says phone. */
export function phoneOf(lead: WisepopsLead): string | null {
  for (const [key, value] of Object.entries(lead.fields ?? {})) {
    if (/phone|mobile|^tel/i.test(key) && (typeof value === 'string' || typeof value === 'number')) return comparablePhone(String(value));
  }
  return null;
}
