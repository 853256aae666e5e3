import { detectEmail } from '../email/detect';
import type { LeadRecord, ProviderId } from './record';

/** The named parts of a record a provider knows; the rest default to null. */
export interface RecordParts {
  id: string;
  provider: ProviderId;
  event: string;
  occurred_at?: string | null;
  phone?: string | null;
  campaign_id?: string | null;
  campaign_name?: string | null;
  ip?: string | null;
  country_code?: string | null;
  page_url?: string | null;
  form_session?: string | null;
}

/** Text for a scalar, or null: ids and codes arrive as strings or numbers depending on the tool. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const PHONE_KEYS = new Set(['phone', 'phonenumber', 'tel', 'telephone', 'mobile', 'mobilephone', 'mobilenumber']);
const LONGEST_PHONE_KEY = 'mobile phone number'.length;

/** The phone number among a form's fields, by key (Wisepops phone blocks, Cool Popup forms). */
export function phoneIn(fields: Record<string, unknown> | undefined): string | null {
  if (!fields) return null;
  for (const key of Object.keys(fields)) {
    // Every phone key starts with p, t or m: skip the rest before any string work.
    const first = key.charCodeAt(0) | 0x20;
    if (key.length > LONGEST_PHONE_KEY || (first !== 112 && first !== 116 && first !== 109)) continue;
    if (PHONE_KEYS.has(key.toLowerCase().replace(/[\s_.-]/g, ''))) {
      const value = textOf(fields[key]);
      if (value) return value;
    }
  }
  return null;
}

/**
 * Assembles a record: the named keys, the detected email, then what `flatten` adds, and `raw`
 * last so that flat keys come first where a platform lists them in order.
 */
export function makeRecord(parts: RecordParts, raw: unknown, flatten: (out: Record<string, unknown>) => void): LeadRecord {
  const found = detectEmail(raw);
  const record: Record<string, unknown> = {
    id: parts.id,
    provider: parts.provider,
    event: parts.event,
    occurred_at: parts.occurred_at ?? null,
    email: found ? found.email : null,
    email_path: found ? found.path : null,
    phone: parts.phone ?? null,
    campaign_id: parts.campaign_id ?? null,
    campaign_name: parts.campaign_name ?? null,
    ip: parts.ip ?? null,
    country_code: parts.country_code ?? null,
    page_url: parts.page_url ?? null,
    form_session: parts.form_session ?? null,
  };
  flatten(record);
  record.raw = raw;
  return record as LeadRecord;
}
