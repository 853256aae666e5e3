import type { LeadRecord } from '@popup-leads/core';

/**
 * Labelled output fields, derived from a trigger's sample so the two cannot drift apart. The
 * record's named keys have fixed labels; the flat keys the core builds (`field_city`,
 * `answer_q1`, …) are labelled from their prefix and slug. `raw` is left out: it is the lead as
 * received, for users who need something no flat key holds.
 */

export interface OutputField {
  key: string;
  label: string;
  type?: 'string' | 'datetime';
}

const NAMED: Readonly<Record<string, Omit<OutputField, 'key'>>> = {
  id: { label: 'Lead ID' },
  provider: { label: 'Source Tool' },
  event: { label: 'Event' },
  occurred_at: { label: 'Occurred At', type: 'datetime' },
  email: { label: 'Email' },
  email_path: { label: 'Email Found In' },
  phone: { label: 'Phone' },
  campaign_id: { label: 'Campaign ID' },
  campaign_name: { label: 'Campaign Name' },
  ip: { label: 'IP Address' },
  country_code: { label: 'Country Code' },
  page_url: { label: 'Page URL' },
  form_session: { label: 'Form Session' },
  event_id: { label: 'Event ID' },
  response_id: { label: 'Response ID' },
};

const PREFIXES: Readonly<Record<string, string>> = {
  field: 'Form Field',
  answer: 'Answer',
  param: 'Custom Parameter',
  data: 'Data',
  visitor: 'Visitor',
  response: 'Response',
  survey: 'Survey',
  extra: 'Extra',
};

function titleCase(words: string): string {
  return words
    .split('_')
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

export function labelFor(key: string): string {
  const named = NAMED[key];
  if (named) return named.label;
  const cut = key.indexOf('_');
  const prefix = cut > 0 ? PREFIXES[key.slice(0, cut)] : undefined;
  return prefix ? `${prefix}: ${titleCase(key.slice(cut + 1))}` : titleCase(key);
}

export function outputFieldsFor(sample: LeadRecord): OutputField[] {
  return Object.keys(sample)
    .filter((key) => key !== 'raw')
    .map((key) => ({ key, ...(NAMED[key] ?? {}), label: labelFor(key) }));
}
