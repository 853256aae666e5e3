import { signatureHeaders, type LeadRecord } from '@popup-leads/core';
import nock from 'nock';
import { createAppTester } from 'zapier-platform-core';

import app from '../../zapier/popup-webhooks/src';
import { seedText } from '../helpers/fixtures';
import { capturingLogs, keysOf, operationAt, rawRequest, valueAt } from './support';

const appTester = createAppTester(app);
const perform = (key: string) => operationAt(app, `triggers.${key}.operation.perform`);
const sampleOf = (key: string) => valueAt(app, `triggers.${key}.operation.sample`) as Record<string, unknown>;

const SECRET = 'cp_secret_5f2b9c1e';
const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NOW = () => Math.floor(Date.now() / 1000);

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

/** Runs a trigger's perform on a delivery and returns its records and what it logged. */
async function deliver(key: string, raw: ReturnType<typeof rawRequest>, inputData: Record<string, unknown>) {
  const { result, logs } = await capturingLogs(() => appTester(perform(key), { inputData, rawRequest: raw }));
  return { records: result as LeadRecord[], logs };
}

describe('Popup Webhooks: one trigger per tool of the core registry', () => {
  it('has the four tools, each with a password secret, a rotation secret, directions and a sample', () => {
    const triggers = valueAt(app, 'triggers') as Record<string, { display: { directions?: string }; operation: { type: string; inputFields: { key: string; type?: string; required?: boolean }[] } }>;
    expect(Object.keys(triggers).sort()).toEqual(['cool_popup_event', 'popsee_survey_response', 'popup_event', 'standard_webhooks_event']);
    for (const trigger of Object.values(triggers)) {
      expect(trigger.operation.type).toBe('hook');
      const fields = Object.fromEntries(trigger.operation.inputFields.map((field) => [field.key, field]));
      expect(fields.secret).toMatchObject({ type: 'password', required: true });
      expect(fields.previous_secret).toMatchObject({ type: 'password', required: false });
      expect(trigger.display.directions).toMatch(/paste this URL/i);
      expect(trigger.operation).not.toHaveProperty('performSubscribe');
    }
    expect(triggers.cool_popup_event?.display.directions).toContain('Dashboard > Settings > Webhooks');
  });
});

describe('Cool Popup', () => {
  const BODY = seedText('coolpopup-popup-converted.json');
  const signed = rawRequest(BODY, signatureHeaders({ scheme: 'coolpopup', body: BODY, secret: SECRET }));

  it('turns a signed delivery (the documented example) into one record', async () => {
    const { records } = await deliver('cool_popup_event', signed, { secret: SECRET });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ provider: 'coolpopup', event: 'popup.converted', campaign_id: 'camp_abc123', campaign_name: 'Summer Sale Popup', page_url: 'https://yoursite.com/products/summer-sale' });
  });

  it('ignores a forged delivery and logs why without the secret', async () => {
    const forged = rawRequest(BODY, signatureHeaders({ scheme: 'coolpopup', body: BODY, secret: 'not-the-secret' }));
    const { records, logs } = await deliver('cool_popup_event', forged, { secret: SECRET });
    expect(records).toEqual([]);
    expect(logs).toContain('Cool Popup delivery refused (mismatch');
    expect(logs).not.toContain(SECRET);
  });

  it('filters events with the multi-select built from the descriptor', async () => {
    const field = (valueAt(app, 'triggers.cool_popup_event.operation.inputFields') as { key: string; list?: boolean; choices?: { value: string }[] }[]).find((f) => f.key === 'events');
    expect(field?.list).toBe(true);
    expect(field?.choices?.map((choice) => choice.value)).toEqual(['popup.shown', 'popup.clicked', 'popup.converted', 'popup.closed']);
    const kept = await deliver('cool_popup_event', signed, { secret: SECRET, events: ['popup.converted', 'popup.closed'] });
    expect(kept.records).toHaveLength(1);
    const dropped = await deliver('cool_popup_event', signed, { secret: SECRET, events: ['popup.shown'] });
    expect(dropped.records).toEqual([]);
    expect(dropped.logs).toContain('1 event(s) left out by the event filter');
  });

  it('accepts the previous secret during a rotation', async () => {
    const { records } = await deliver('cool_popup_event', signed, { secret: 'the-new-secret', previous_secret: SECRET });
    expect(records).toHaveLength(1);
  });
});

describe('Popsee', () => {
  const BODY = seedText('popsee-response-completed.json');

  it('turns a signed response into one record with its email', async () => {
    const raw = rawRequest(BODY, signatureHeaders({ scheme: 'popsee', body: BODY, secret: SECRET }));
    const { records } = await deliver('popsee_survey_response', raw, { secret: SECRET });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ provider: 'popsee', event: 'response.completed', email: 'customer@example.com', answer_q1: 9, answer_q2: 'Great service!' });
  });

  it('ignores a delivery whose body changed after signing', async () => {
    const raw = rawRequest(BODY.replace('Great service!', 'Bad service!'), signatureHeaders({ scheme: 'popsee', body: BODY, secret: SECRET }));
    const { records, logs } = await deliver('popsee_survey_response', raw, { secret: SECRET });
    expect(records).toEqual([]);
    expect(logs).toContain('Popsee delivery refused');
    expect(logs).not.toContain(SECRET);
  });
});

describe('Popup', () => {
  const BODY = JSON.stringify({ id: 'evt_1', type: 'order.created', timestamp: '2026-04-26T12:00:00Z', payload: { email: 'buyer@example.com', total: 42 } });

  it('checks Standard Webhooks headers by default', async () => {
    const raw = rawRequest(BODY, signatureHeaders({ scheme: 'standard-webhooks', body: BODY, secret: WHSEC, id: 'msg_1', timestamp: NOW() }));
    const { records } = await deliver('popup_event', raw, { secret: WHSEC, mode: 'signature' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id: 'popup:evt_1', provider: 'popup', event: 'order.created', email: 'buyer@example.com', data_total: 42 });
  });

  it('checks an HMAC in a named header with its encoding and prefix', async () => {
    const headers = signatureHeaders({ scheme: 'popup-hmac', body: BODY, secret: SECRET, header: 'X-Popup-Signature', encoding: 'base64', prefix: 'v1=' });
    const raw = rawRequest(BODY, headers);
    const inputs = { secret: SECRET, mode: 'signature', header: 'X-Popup-Signature', encoding: 'base64', prefix: 'v1=' };
    expect((await deliver('popup_event', raw, inputs)).records).toHaveLength(1);
    expect((await deliver('popup_event', raw, { ...inputs, prefix: 'v2=' })).records).toEqual([]);
  });

  it('compares a bearer token in bearer mode', async () => {
    const token = 'popup-token-9d8c7b6a';
    const good = rawRequest(BODY, signatureHeaders({ scheme: 'bearer', token }));
    expect((await deliver('popup_event', good, { secret: token, mode: 'bearer' })).records).toHaveLength(1);
    const bad = rawRequest(BODY, signatureHeaders({ scheme: 'bearer', token: 'guessed-token-1234' }));
    const refused = await deliver('popup_event', bad, { secret: token, mode: 'bearer' });
    expect(refused.records).toEqual([]);
    expect(refused.logs).not.toContain(token);
  });
});

describe('Standard Webhooks', () => {
  const BODY = JSON.stringify({ type: 'contact.created', timestamp: '2026-04-26T12:00:00Z', data: { email: 'jane@example.com' } });

  it('turns a signed message into a record carrying the webhook-id', async () => {
    const raw = rawRequest(BODY, signatureHeaders({ scheme: 'standard-webhooks', body: BODY, secret: WHSEC, id: 'msg_abc', timestamp: NOW() }));
    const { records } = await deliver('standard_webhooks_event', raw, { secret: WHSEC });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id: 'standard-webhooks:msg_abc', event: 'contact.created', email: 'jane@example.com' });
  });

  it('ignores a forged or stale message', async () => {
    const forged = rawRequest(BODY, signatureHeaders({ scheme: 'standard-webhooks', body: BODY, secret: 'whsec_' + Buffer.from('another secret!!').toString('base64'), id: 'msg_abc', timestamp: NOW() }));
    expect((await deliver('standard_webhooks_event', forged, { secret: WHSEC })).records).toEqual([]);
    const stale = rawRequest(BODY, signatureHeaders({ scheme: 'standard-webhooks', body: BODY, secret: WHSEC, id: 'msg_abc', timestamp: NOW() - 3600 }));
    const { records, logs } = await deliver('standard_webhooks_event', stale, { secret: WHSEC });
    expect(records).toEqual([]);
    expect(logs).toContain('stale-timestamp');
    expect(logs).not.toContain(WHSEC);
  });
});

describe('Popup Webhooks samples', () => {
  const SIGN: Record<string, (body: string) => { headers: Record<string, string>; inputs: Record<string, unknown> }> = {
    cool_popup_event: (body) => ({ headers: signatureHeaders({ scheme: 'coolpopup', body, secret: SECRET }), inputs: { secret: SECRET } }),
    popsee_survey_response: (body) => ({ headers: signatureHeaders({ scheme: 'popsee', body, secret: SECRET }), inputs: { secret: SECRET } }),
    popup_event: (body) => ({ headers: signatureHeaders({ scheme: 'standard-webhooks', body, secret: WHSEC, id: 'msg_1', timestamp: NOW() }), inputs: { secret: WHSEC } }),
    standard_webhooks_event: (body) => ({
      headers: signatureHeaders({ scheme: 'standard-webhooks', body, secret: WHSEC, id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', timestamp: NOW() }),
      inputs: { secret: WHSEC },
    }),
  };

  it.each(Object.keys(SIGN))('%s: the sample has exactly the keys of a live record of the same delivery, all labelled', async (key) => {
    const sample = sampleOf(key);
    const body = JSON.stringify(sample.raw);
    const signing = SIGN[key]?.(body);
    if (!signing) throw new Error(key);
    const { records } = await deliver(key, rawRequest(body, signing.headers), signing.inputs);
    expect(records).toHaveLength(1);
    expect(keysOf(records[0] as LeadRecord)).toEqual(keysOf(sample));
    expect(records[0]).toEqual(sample);
    const labelled = (valueAt(app, `triggers.${key}.operation.outputFields`) as { key: string; label: string }[]).map((field) => field.key);
    expect([...labelled, 'raw'].sort()).toEqual(keysOf(sample));
  });
});
