import { LeadRecordSchema, normalize, type LeadRecord } from '@popup-leads/core';

import { seedJson } from '../helpers/fixtures';

const wisepopsLeads = seedJson<Record<string, unknown>[]>('wisepops-hook-payload.json');
const coolPopup = seedJson<Record<string, unknown>>('coolpopup-popup-converted.json');
const popsee = seedJson<Record<string, unknown>>('popsee-response-completed.json');

function valid(records: LeadRecord[]): LeadRecord[] {
  for (const record of records) expect(LeadRecordSchema.safeParse(record).success).toBe(true);
  return records;
}

describe('wisepops', () => {
  const records = valid(normalize('wisepops', wisepopsLeads, { event: 'email' }));

  it('gives one record per lead of the array, each with its raw lead untouched', () => {
    expect(records).toHaveLength(2);
    expect(records[0]?.raw).toBe(wisepopsLeads[0]);
    expect(records[1]?.raw).toBe(wisepopsLeads[1]);
  });

  it('maps the seed lead to named and flat keys', () => {
    expect(records[0]).toEqual({
      id: 'wisepops:12345:e3ff440d-602f-414a-85fa-9d6268d0a82a:2019-10-10T10:10:58.389Z',
      provider: 'wisepops',
      event: 'email',
      occurred_at: '2019-10-10T10:10:58.389Z',
      email: 'example@example.com',
      email_path: 'fields.email',
      phone: null,
      campaign_id: '12345',
      campaign_name: null,
      ip: '127.0.0.1',
      country_code: 'US',
      page_url: null,
      form_session: 'e3ff440d-602f-414a-85fa-9d6268d0a82a',
      field_email: 'example@example.com',
      field_gender: 'male',
      field_city: 'New York',
      raw: wisepopsLeads[0],
    });
    expect(records[1]).toMatchObject({ email: 'other.example@example.com', field_city: 'Seattle', field_gender: 'female' });
  });

  it('gives the same ids for the same delivery, different ids per step of one multi-step session', () => {
    const again = normalize('wisepops', JSON.parse(JSON.stringify(wisepopsLeads)), { event: 'email' });
    expect(again.map((r) => r.id)).toEqual(records.map((r) => r.id));
    const step1 = { ...wisepopsLeads[0], fields: { email: 'a@b.example' } };
    const step2 = { ...wisepopsLeads[0], collected_at: '2019-10-10T10:11:20.000Z', fields: { 'First name': 'Ann' } };
    const [one, two] = normalize('wisepops', [step1, step2]);
    expect(one?.form_session).toBe(two?.form_session);
    expect(one?.id).not.toBe(two?.id);
  });

  it('returns no records for an empty array', () => {
    expect(normalize('wisepops', [])).toEqual([]);
  });

  it('infers the event from the fields when the subscription is unknown', () => {
    const base = wisepopsLeads[0] as Record<string, unknown>;
    expect(normalize('wisepops', [base])[0]?.event).toBe('email');
    expect(normalize('wisepops', [{ ...base, fields: { Phone: '+33 6 12 34 56 78' } }])[0]).toMatchObject({ event: 'phone', phone: '+33 6 12 34 56 78' });
    expect(normalize('wisepops', [{ ...base, fields: { 'How did you hear about us?': 'A friend' } }])[0]).toMatchObject({
      event: 'survey',
      'field_how_did_you_hear_about_us': 'A friend',
    });
  });

  it('flattens labels of any script and keeps colliding slugs apart', () => {
    const [record] = normalize('wisepops', [{ ...wisepopsLeads[0], fields: { 'Prénom': 'Zoé', 'E-mail': 'z@x.fr', 'e mail': 'second', Ville: ['Lyon', 'Paris'] } }]);
    expect(record).toMatchObject({ field_prénom: 'Zoé', field_e_mail: 'z@x.fr', field_e_mail_2: 'second', field_ville: 'Lyon, Paris', email: 'z@x.fr' });
  });

  it('keeps unknown top-level properties as extra_ keys, and mistyped known ones in raw', () => {
    const lead = { ...wisepopsLeads[0], utm: { source: 'ads', campaign: 'fall' }, wisepop_id: { weird: true }, consent: true };
    const [record] = normalize('wisepops', [lead]);
    expect(record).toMatchObject({ extra_utm_source: 'ads', extra_utm_campaign: 'fall', extra_consent: true, campaign_id: null });
    expect(record?.raw).toBe(lead);
    expect(record?.id).toMatch(/^wisepops:[0-9a-f]{32}$/);
  });

  it('turns non-object elements into records instead of dropping them', () => {
    const records = valid(normalize('wisepops', [42, 'someone@example.org', null]));
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({ extra: 42, raw: 42 });
    expect(records[1]).toMatchObject({ email: 'someone@example.org', raw: 'someone@example.org' });
  });

  it('accepts a single lead object (hand-made test hooks) and epoch times', () => {
    const [record] = normalize('wisepops', { ...wisepopsLeads[0], collected_at: 1570702258 });
    expect(record?.occurred_at).toBe('2019-10-10T10:10:58.000Z');
    const [ms] = normalize('wisepops', [{ ...wisepopsLeads[0], collected_at: 1570702258389 }]);
    expect(ms?.occurred_at).toBe('2019-10-10T10:10:58.389Z');
  });

  it('sets occurred_at to null for a time it cannot read, keeping the original in raw', () => {
    const [record] = normalize('wisepops', [{ ...wisepopsLeads[0], collected_at: 'yesterday-ish' }]);
    expect(record?.occurred_at).toBeNull();
    expect((record?.raw as Record<string, unknown>).collected_at).toBe('yesterday-ish');
  });

  it('never lets __proto__ or constructor keys reach the prototype', () => {
    const lead = JSON.parse('{"fields":{"__proto__":{"polluted":true},"constructor":"c","email":"p@x.org"},"__proto__":{"admin":true}}') as unknown;
    const [record] = normalize('wisepops', [lead]);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(record).toMatchObject({ field_proto_polluted: true, field_constructor: 'c', extra_proto_admin: true, email: 'p@x.org' });
  });
});

describe('coolpopup', () => {
  const [record] = valid(normalize('coolpopup', coolPopup));

  it('maps the seed event; its obfuscated "[email protected]" is not an address', () => {
    expect(record).toMatchObject({
      provider: 'coolpopup',
      event: 'popup.converted',
      occurred_at: '2026-04-26T12:00:00.000Z',
      email: null,
      email_path: null,
      campaign_id: 'camp_abc123',
      campaign_name: 'Summer Sale Popup',
      page_url: 'https://yoursite.com/products/summer-sale',
      field_name: 'Jane Smith',
      // The seed's non-breaking space is kept: it is what the page really holds.
      field_email: '[email\u00a0protected]',
    });
    expect(record?.raw).toBe(coolPopup);
    expect(record?.id).toMatch(/^coolpopup:[0-9a-f]{32}$/);
  });

  it('finds a real visitor email and gives a retry the same id', () => {
    const real = { ...coolPopup, visitor: { email: 'jane@shop.example', fields: { name: 'Jane' } } };
    const [first] = normalize('coolpopup', real);
    const [retry] = normalize('coolpopup', JSON.parse(JSON.stringify(real)));
    expect(first).toMatchObject({ email: 'jane@shop.example', email_path: 'visitor.email' });
    expect(retry?.id).toBe(first?.id);
    expect(normalize('coolpopup', { ...real, timestamp: '2026-04-26T12:00:01Z' })[0]?.id).not.toBe(first?.id);
  });

  it('keeps visitor extras and unknown keys', () => {
    const [extra] = normalize('coolpopup', { ...coolPopup, visitor: { ...(coolPopup.visitor as object), id: 'v_1' }, ab_variant: 'B' });
    expect(extra).toMatchObject({ visitor_id: 'v_1', extra_ab_variant: 'B' });
  });
});

describe('popsee', () => {
  const [record] = valid(normalize('popsee', popsee));

  it('maps the seed response: one flat field per question id, custom params, email from customParams', () => {
    expect(record).toMatchObject({
      id: 'popsee:response.completed:7c9e6679-7425-40de-944b-e07fc1f90ae7',
      provider: 'popsee',
      event: 'response.completed',
      occurred_at: '2024-01-22T12:00:00.000Z',
      email: 'customer@example.com',
      email_path: 'response.customParams.email',
      campaign_id: '550e8400-e29b-41d4-a716-446655440000',
      campaign_name: 'Customer Satisfaction Survey',
      page_url: 'https://yoursite.com/checkout',
      response_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      answer_q1: 9,
      answer_q2: 'Great service!',
      param_userid: 'user_12345',
      param_email: 'customer@example.com',
      param_plan: 'pro',
      extra_origin: 'web',
    });
  });

  it('keeps answers without a question id by position, and array answers as text', () => {
    const response = { ...(popsee.response as object), answers: [{ value: 'orphan' }, { questionId: 'colors', value: ['red', 'blue'] }] };
    const [out] = normalize('popsee', { ...popsee, response });
    expect(out).toMatchObject({ answer_1_value: 'orphan', answer_colors: 'red, blue' });
  });
});

describe('popup and standard webhooks envelopes', () => {
  const envelope = { id: 'evt_9', type: 'lead.created', timestamp: 1764000000, payload: { email: 'Lead@Shop.Example', name: 'Lee', campaign_id: 7 } };

  it('reads id, type, timestamp and the payload', () => {
    const [record] = valid(normalize('popup', envelope));
    expect(record).toMatchObject({
      id: 'popup:evt_9',
      event: 'lead.created',
      occurred_at: '2025-11-24T16:00:00.000Z',
      email: 'Lead@shop.example',
      email_path: 'payload.email',
      campaign_id: '7',
      event_id: 'evt_9',
      data_email: 'Lead@Shop.Example',
      data_name: 'Lee',
    });
  });

  it('keeps a custom payload format whole', () => {
    const [record] = valid(normalize('popup', { customer: { mail: 'c@d.example' }, total: 12 }));
    expect(record).toMatchObject({ event: 'unknown', email: 'c@d.example', extra_customer_mail: 'c@d.example', extra_total: 12 });
    expect(record?.id).toMatch(/^popup:[0-9a-f]{32}$/);
  });

  it('takes the Standard Webhooks id and time from headers, numbering a batch', () => {
    const body = { type: 'contact.created', timestamp: '2026-11-20T10:00:00Z', data: { email: 'x@y.example' } };
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1763632800' };
    const [record] = valid(normalize('standard-webhooks', body, { headers }));
    expect(record).toMatchObject({ id: 'standard-webhooks:msg_1', event: 'contact.created', occurred_at: '2026-11-20T10:00:00.000Z', data_email: 'x@y.example' });
    const batch = normalize('standard-webhooks', [body, { ...body, data: { email: 'z@y.example' } }], { headers });
    expect(batch.map((r) => r.id)).toEqual(['standard-webhooks:msg_1:1', 'standard-webhooks:msg_1:2']);
    const [noTime] = normalize('standard-webhooks', { type: 't', data: {} }, { headers });
    expect(noTime?.occurred_at).toBe('2025-11-20T10:00:00.000Z');
  });
});

describe('normalize itself', () => {
  it('returns nothing for an unknown provider or an absent body', () => {
    expect(normalize('unknown' as 'popup', { a: 1 })).toEqual([]);
    expect(normalize('wisepops', null)).toEqual([]);
    expect(normalize('coolpopup', undefined)).toEqual([]);
  });
});
