import { DEFAULT_MAX_BODY_BYTES, receiveDelivery, signatureHeaders, uniqueById, type DeliveryInput } from '@popup-leads/core';

import { seedText } from '../helpers/fixtures';

const KEY = 'wp_live_6f1c2a9e44b8';
const BODY = seedText('wisepops-hook-payload.json');

function signed(body: string | Buffer, over: Partial<DeliveryInput> = {}): DeliveryInput {
  return { provider: 'wisepops', rawBody: body, headers: signatureHeaders({ scheme: 'wisepops', body, secret: KEY }), secrets: KEY, ...over };
}

describe('receiveDelivery', () => {
  it('verifies, decodes and splits a signed Wisepops array', () => {
    const result = receiveDelivery(signed(BODY, { event: 'email' }));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.records.map((r) => r.email)).toEqual(['example@example.com', 'other.example@example.com']);
      expect(result.ignored).toBe(0);
    }
  });

  it('answers 401 for a forged delivery, with a message free of secrets', () => {
    const result = receiveDelivery({ ...signed(BODY), headers: { 'X-Wisepops-Signature': '0'.repeat(64) } });
    expect(result).toEqual({ ok: false, status: 401, reason: 'mismatch', message: expect.any(String) });
    if (!result.ok) expect(result.message).not.toContain(KEY);
    expect(receiveDelivery({ ...signed(BODY), headers: {} })).toMatchObject({ status: 401, reason: 'missing-header' });
  });

  it('answers 400 for bodies that are empty, not JSON, not UTF-8 or too deep', () => {
    expect(receiveDelivery(signed(''))).toMatchObject({ ok: false, status: 400, reason: 'empty-body' });
    expect(receiveDelivery(signed('  '))).toMatchObject({ ok: false, status: 400, reason: 'empty-body' });
    expect(receiveDelivery(signed('[{"a":'))).toMatchObject({ ok: false, status: 400, reason: 'invalid-json' });
    expect(receiveDelivery(signed(Buffer.from([0x5b, 0xff, 0xfe, 0x5d])))).toMatchObject({ ok: false, status: 400, reason: 'invalid-encoding' });
    expect(receiveDelivery(signed(`${'['.repeat(65)}${']'.repeat(65)}`))).toMatchObject({ ok: false, status: 400, reason: 'too-deep' });
    expect(receiveDelivery(signed(`${'['.repeat(64)}${']'.repeat(64)}`)).ok).toBe(true);
    expect(receiveDelivery(signed(`${'['.repeat(100000)}${']'.repeat(100000)}`))).toMatchObject({ ok: false, reason: 'too-deep' });
  });

  it('answers 413 above the size limit without hashing the body', () => {
    expect(receiveDelivery(signed('[]', { maxBodyBytes: 1 }))).toMatchObject({ ok: false, status: 413, reason: 'too-large' });
    expect(DEFAULT_MAX_BODY_BYTES).toBe(8 * 1024 * 1024);
  });

  it('gives no records and no error for an empty array', () => {
    expect(receiveDelivery(signed('[]'))).toEqual({ ok: true, records: [], ignored: 0 });
  });

  it('accepts a byte-order mark and a form post', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BODY)]);
    expect(receiveDelivery(signed(bom))).toMatchObject({ ok: true, records: [{}, {}] });
    const form = 'email=form%40x.example&fields%5BCity%5D=Paris&__proto__=x';
    const result = receiveDelivery(signed(form, { headers: { ...signatureHeaders({ scheme: 'wisepops', body: form, secret: KEY }), 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' } }));
    expect(result).toMatchObject({ ok: true, records: [{ email: 'form@x.example', extra_email: 'form@x.example', extra_fields_city: 'Paris', extra_proto: 'x' }] });
  });

  it('filters by event and counts what it left out', () => {
    const body = JSON.stringify({ event: 'popup.shown', campaign_id: 'c1' });
    const headers = signatureHeaders({ scheme: 'coolpopup', body, secret: 's3cret' });
    expect(receiveDelivery({ provider: 'coolpopup', rawBody: body, headers, secrets: 's3cret', events: ['popup.converted'] })).toEqual({ ok: true, records: [], ignored: 1 });
    expect(receiveDelivery({ provider: 'coolpopup', rawBody: body, headers, secrets: 's3cret', events: ['popup.shown', 'popup.converted'] })).toMatchObject({ ok: true, ignored: 0 });
    expect(receiveDelivery({ provider: 'coolpopup', rawBody: body, headers, secrets: 's3cret', events: [''] })).toMatchObject({ ok: true, ignored: 0 });
  });

  it('refuses an unknown provider', () => {
    expect(receiveDelivery({ ...signed(BODY), provider: 'nope' as 'popup' })).toMatchObject({ ok: false, status: 400 });
  });
});

describe('uniqueById', () => {
  it('keeps the first record of each id across calls', () => {
    const result = receiveDelivery(signed(BODY));
    if (!result.ok) throw new Error('expected records');
    const seen = new Set<string>();
    expect(uniqueById(result.records, seen)).toHaveLength(2);
    expect(uniqueById([...result.records, ...result.records], seen)).toHaveLength(0);
  });
});
