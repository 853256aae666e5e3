import { makeRecord, objectOf, phoneIn, textOf } from '../../normalize/build-record';
import { flattenFields } from '../../normalize/flatten';
import type { LeadRecord, NormalizeContext } from '../../normalize/record';
import { contentId } from '../../normalize/stable-id';
import { toIsoTime } from '../../normalize/time';
import { verifyHmacHeader } from '../../signatures/hmac-header';
import type { ProviderDescriptor } from '../descriptor';
import { itemsOf, originalObject, unknownKeys } from '../items';
import { tolerantObject } from '../../normalize/tolerant';
import { WisepopsLeadShape } from './schemas';

const readLead = tolerantObject(WisepopsLeadShape);

export const WISEPOPS_SIGNATURE_HEADER = 'X-Wisepops-Signature';
const KNOWN = new Set(['collected_at', 'wisepop_id', 'form_session', 'ip', 'country_code', 'fields']);
const EMAIL_FIELD = /^e[-_ ]?mail/i;

/**
 * Wisepops payloads do not say which event they answer; the subscription does. Without it
 * (a hook made by hand in Wisepops), the fields tell: an email field, a phone field, or a survey.
 */
function inferEvent(fields: Record<string, unknown> | undefined): string {
  if (!fields) return 'survey';
  if (Object.keys(fields).some((key) => EMAIL_FIELD.test(key))) return 'email';
  return phoneIn(fields) ? 'phone' : 'survey';
}

/**
 * `form_session` alone is not unique: a multi-step form posts several submissions under one
 * session. Campaign + session + collection time is, and is the same on every retry.
 */
function leadId(campaign: string | null, session: string | null, collectedAt: string | number | undefined, item: unknown): string {
  if (campaign && session && collectedAt !== undefined) return `wisepops:${campaign}:${session}:${collectedAt}`;
  return contentId('wisepops', item);
}

export function normalizeWisepopsLead(item: unknown, context: NormalizeContext = {}): LeadRecord {
  const lead = readLead(item);
  if (!lead) {
    // Not an object: still a record, so the delivery loses nothing.
    return makeRecord({ id: contentId('wisepops', item), provider: 'wisepops', event: context.event ?? 'unknown' }, item, (out) =>
      flattenFields(out, 'extra', item),
    );
  }
  const fields = originalObject(item, 'fields', lead.fields);
  const campaign = textOf(lead.wisepop_id);
  // Read from the original: the schema wants text, and a number sent instead (a session id, a
  // numeric IP or country code) would otherwise become null and be found only in `raw`.
  const original = objectOf(item) ?? {};
  const session = textOf(original.form_session);
  return makeRecord(
    {
      id: leadId(campaign, session, lead.collected_at, item),
      provider: 'wisepops',
      event: context.event ?? inferEvent(fields),
      occurred_at: toIsoTime(lead.collected_at),
      phone: phoneIn(fields),
      campaign_id: campaign,
      ip: textOf(original.ip),
      country_code: textOf(original.country_code),
      form_session: session,
    },
    item,
    (out) => {
      flattenFields(out, 'field', fields);
      flattenFields(out, 'extra', unknownKeys(objectOf(item) ?? {}, KNOWN));
    },
  );
}

export const wisepops: ProviderDescriptor = {
  id: 'wisepops',
  name: 'Wisepops',
  events: [
    { value: 'email', label: 'Email (sign-up block)' },
    { value: 'phone', label: 'Phone (phone block)' },
    { value: 'survey', label: 'Survey (survey block)' },
  ],
  // Only for hooks made by hand: the Wisepops triggers create their own hook through the API.
  setup: 'In Wisepops, go to Settings > Email API, add a hook with this URL as its target and choose the event (email, phone or survey).',
  secret: {
    label: 'API Key',
    help: 'Wisepops signs each delivery with the API key of the website: Wisepops > Settings > Email API.',
  },
  verify: (input) => verifyHmacHeader(input, { header: WISEPOPS_SIGNATURE_HEADER, encoding: 'hex' }),
  normalize: (body, context) => itemsOf(body).map((item) => normalizeWisepopsLead(item, context)),
};
