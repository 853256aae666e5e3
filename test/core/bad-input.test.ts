import { receiveDelivery, signatureHeaders, type DeliveryInput, type DeliveryResult, type HeaderBag } from '@popup-leads/core';

import { outcomeOn, wisepopsBadInputCases, type RecordJson } from '../helpers/bad-input-cases';

/**
 * The bad-input table (test/helpers/bad-input-cases.ts) through the core, as both platforms
 * call it. test/e2e/bad-input.e2e.test.ts sends the same table to a real n8n.
 */

const KEY = 'wp_live_bad_input_5f2e9c';
const CASES = wisepopsBadInputCases(KEY);

function receive(input: DeliveryInput): DeliveryResult {
  let result: DeliveryResult | undefined;
  expect(() => {
    result = receiveDelivery(input);
  }).not.toThrow();
  return result as DeliveryResult;
}

describe('bad input through receiveDelivery (Wisepops)', () => {
  it('has at least 30 cases, each named once', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((entry) => entry.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const result = receive({ provider: 'wisepops', rawBody: entry.body, headers: entry.headers as HeaderBag, secrets: [KEY], event: 'email' });
    const expected = outcomeOn('core', entry);
    if (expected.kind === 'refused') {
      expect(result).toEqual({ ok: false, status: expected.status, reason: expected.reason, message: expect.stringContaining(expected.message) });
      if (!result.ok) expect(result.message).not.toContain(KEY);
      return;
    }
    if (!result.ok) throw new Error(`refused with ${result.status} ${result.reason}: ${result.message}`);
    const records = result.records as unknown as RecordJson[];
    expect(records.map((record) => record.email)).toEqual(expected.emails);
    expect(result.ignored).toBe(0);
    for (const record of records) expect(record).toMatchObject({ provider: 'wisepops', event: 'email', id: expect.stringMatching(/^wisepops:/) });
    // The records are what n8n stores and Zapier sends on: they must survive JSON.
    expect(JSON.parse(JSON.stringify(records))).toEqual(records);
    expected.check?.(records);
  });

  it('never lets the key into a refusal, whichever case', () => {
    for (const entry of CASES) {
      const result = receiveDelivery({ provider: 'wisepops', rawBody: entry.body, headers: entry.headers as HeaderBag, secrets: [KEY], event: 'email' });
      expect(JSON.stringify(result.ok ? {} : result)).not.toContain(KEY);
    }
  });
});

describe('bad input for the other providers', () => {
  const SECRET = 'other-provider-secret-77';
  const WHSEC = `whsec_${Buffer.from('standard-webhooks-secret-bytes!!').toString('base64')}`;
  const body = JSON.stringify({ event: 'popup.converted', campaign_id: 'c1', visitor: { email: 'visitor@example.com' } });

  it('Cool Popup: a base64 signature is accepted, one made with another secret is refused', () => {
    const base64 = Buffer.from(signatureHeaders({ scheme: 'coolpopup', body, secret: SECRET })['X-CoolPopup-Signature'] as string, 'hex').toString('base64');
    const accepted = receive({ provider: 'coolpopup', rawBody: body, headers: { 'x-coolpopup-signature': base64 }, secrets: SECRET });
    expect(accepted).toMatchObject({ ok: true, records: [{ email: 'visitor@example.com' }] });
    const forged = receive({ provider: 'coolpopup', rawBody: body, headers: signatureHeaders({ scheme: 'coolpopup', body, secret: 'not-it' }), secrets: SECRET });
    expect(forged).toMatchObject({ ok: false, status: 401, reason: 'mismatch' });
  });

  it('Popsee: a signature without its sha256= prefix is malformed; a form body is still one record', () => {
    const popsee = JSON.stringify({ event: 'response.completed', response: { id: 'r-1', customParams: { email: 'p@example.com' } } });
    const signed = signatureHeaders({ scheme: 'popsee', body: popsee, secret: SECRET })['X-Popsee-Signature'] as string;
    expect(receive({ provider: 'popsee', rawBody: popsee, headers: { 'X-Popsee-Signature': signed.slice('sha256='.length) }, secrets: SECRET })).toMatchObject({
      ok: false,
      status: 401,
      reason: 'malformed',
    });
    const form = 'response%5Bid%5D=r-2&email=form%40example.com';
    const headers = { ...signatureHeaders({ scheme: 'popsee', body: form, secret: SECRET }), 'Content-Type': 'application/x-www-form-urlencoded' };
    const result = receive({ provider: 'popsee', rawBody: form, headers, secrets: SECRET });
    expect(result).toMatchObject({ ok: true, records: [{ email: 'form@example.com' }] });
  });

  it('Standard Webhooks: a stale timestamp is refused; one good signature among bad ones is enough', () => {
    const now = 1_795_459_200;
    const sent = { type: 'form.submitted', timestamp: '2026-11-23T18:40:00Z', data: { email: 'sw@example.com' } };
    const text = JSON.stringify(sent);
    const stale = signatureHeaders({ scheme: 'standard-webhooks', body: text, secret: WHSEC, id: 'msg_1', timestamp: now - 301 });
    expect(receive({ provider: 'standard-webhooks', rawBody: text, headers: stale, secrets: WHSEC, now })).toMatchObject({ ok: false, status: 401, reason: 'stale-timestamp' });

    const fresh = signatureHeaders({ scheme: 'standard-webhooks', body: text, secret: WHSEC, id: 'msg_2', timestamp: now });
    const listed = { ...fresh, 'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')} ${fresh['webhook-signature'] as string}` };
    expect(receive({ provider: 'standard-webhooks', rawBody: text, headers: listed, secrets: WHSEC, now })).toMatchObject({ ok: true, records: [{ email: 'sw@example.com' }] });
  });

  it('Popup (bearer mode): a wrong or missing token is refused without echoing either token', () => {
    const popup = JSON.stringify({ id: 'evt_1', type: 'lead.created', timestamp: 1_795_459_200, payload: { email: 'bearer@example.com' } });
    for (const headers of [{ Authorization: 'Bearer wrong-token-123' }, {}]) {
      const result = receive({ provider: 'popup', mode: 'bearer', rawBody: popup, headers, secrets: SECRET });
      expect(result).toMatchObject({ ok: false, status: 401 });
      expect(JSON.stringify(result)).not.toContain(SECRET);
      expect(JSON.stringify(result)).not.toContain('wrong-token-123');
    }
    const ok = receive({ provider: 'popup', mode: 'bearer', rawBody: popup, headers: { authorization: `Bearer ${SECRET}` }, secrets: SECRET });
    expect(ok).toMatchObject({ ok: true, records: [{ email: 'bearer@example.com' }] });
  });
});
