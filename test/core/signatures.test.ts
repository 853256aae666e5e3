import { signatureHeaders, verifySignature, type VerifyInput } from '@popup-leads/core';

import { seedText } from '../helpers/fixtures';

/*
 * Expected digests were computed outside this code base with openssl, e.g.
 *   openssl dgst -sha256 -hmac 'YOUR_API_KEY_HERE' -hex < test/fixtures/seeds/wisepops-hook-payload.json
 * The Standard Webhooks vector is the one the spec's reference libraries publish.
 */
const WISEPOPS_BODY = seedText('wisepops-hook-payload.json');
const WISEPOPS_KEY = 'YOUR_API_KEY_HERE';
const WISEPOPS_SIG = 'eabb6176ea21b445ff5e0c4d56e47bf157bae11cc1dd29c1d6e10a88cae7c8ba';

const COOL_BODY = seedText('coolpopup-popup-converted.json');
const COOL_SECRET = 'cp_whsec_Summer2026';
const COOL_HEX = '4820ac3a0d528979e363012973c1ab473eacc801c45eeb4d87069a3d91f7b3a5';
const COOL_B64 = 'SCCsOg1SiXnjYwEpc8GrRz6syAHEXutNhwaaPZH3s6U=';

const POPSEE_BODY = seedText('popsee-response-completed.json');
const POPSEE_SECRET = 'popsee-secret-42';
const POPSEE_SIG = 'sha256=7a8923d8f1ce2fa38e9c3db8b00926499f639a9c4eb48feb4cc87141a4e1b024';

const SW_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SW_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const SW_TS = 1614265330;
const SW_BODY = '{"test": 2432232314}';
const SW_SIG = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const POPUP_BODY = '{"id":"evt_1","type":"order.created","timestamp":1764000000,"payload":{"email":"buyer@shop.example"}}';
const POPUP_SECRET = 'popup_signing_secret';
const POPUP_HEX = '4163d7b063a6c98d901de0f98a9dbbd5d97720a9b21608d367189c2e1aed5c4b';
const POPUP_B64 = 'QWPXsGOmyY2QHeD5ip271dl3IKmyFgjTZxicLhrtXEs=';

function flipByte(text: string, index: number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  bytes[index] = (bytes[index] as number) ^ 0x01;
  return bytes;
}

describe('wisepops: X-Wisepops-Signature, hex HMAC-SHA256 keyed by the API key', () => {
  const valid = (over: Partial<VerifyInput> = {}): VerifyInput => ({
    rawBody: WISEPOPS_BODY,
    headers: { 'X-Wisepops-Signature': WISEPOPS_SIG },
    secrets: WISEPOPS_KEY,
    ...over,
  });

  it('accepts the seed payload signed with the key (string and Buffer bodies)', () => {
    expect(verifySignature('wisepops', valid())).toEqual({ ok: true });
    expect(verifySignature('wisepops', valid({ rawBody: Buffer.from(WISEPOPS_BODY) }))).toEqual({ ok: true });
    expect(verifySignature('wisepops', valid({ rawBody: new Uint8Array(Buffer.from(WISEPOPS_BODY)) }))).toEqual({ ok: true });
  });

  it('matches header names in any case and upper-case hex', () => {
    expect(verifySignature('wisepops', valid({ headers: { 'x-wisepops-signature': WISEPOPS_SIG } })).ok).toBe(true);
    expect(verifySignature('wisepops', valid({ headers: { 'X-WISEPOPS-SIGNATURE': WISEPOPS_SIG.toUpperCase() } })).ok).toBe(true);
  });

  it('refuses a body with one byte flipped, anywhere', () => {
    for (const index of [0, 1, 50, WISEPOPS_BODY.length - 2]) {
      expect(verifySignature('wisepops', valid({ rawBody: flipByte(WISEPOPS_BODY, index) }))).toMatchObject({ ok: false, reason: 'mismatch' });
    }
  });

  it('refuses the same JSON re-serialized (verification is over raw bytes)', () => {
    const reserialized = JSON.stringify(JSON.parse(WISEPOPS_BODY));
    expect(verifySignature('wisepops', valid({ rawBody: reserialized }))).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('refuses another key and says why without the key or signature', () => {
    const result = verifySignature('wisepops', valid({ secrets: 'another-key' }));
    expect(result).toMatchObject({ ok: false, reason: 'mismatch' });
    if (!result.ok) {
      expect(result.message).not.toContain('another-key');
      expect(result.message).not.toContain(WISEPOPS_SIG);
    }
  });

  it('reports a missing header', () => {
    expect(verifySignature('wisepops', valid({ headers: {} }))).toMatchObject({ ok: false, reason: 'missing-header' });
    expect(verifySignature('wisepops', valid({ headers: { 'X-Wisepops-Signature': undefined } }))).toMatchObject({ ok: false, reason: 'missing-header' });
    expect(verifySignature('wisepops', valid({ headers: { 'X-CoolPopup-Signature': WISEPOPS_SIG } }))).toMatchObject({ ok: false, reason: 'missing-header' });
  });

  it('reports truncated, non-hex and base64 values as malformed', () => {
    for (const bad of [WISEPOPS_SIG.slice(0, 63), WISEPOPS_SIG.slice(0, 62), `${WISEPOPS_SIG}00`, 'z'.repeat(64), Buffer.from(WISEPOPS_SIG, 'hex').toString('base64'), 'sha256=' + WISEPOPS_SIG]) {
      expect(verifySignature('wisepops', valid({ headers: { 'X-Wisepops-Signature': bad } }))).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });

  it('reports no-secret when the key is empty or blank', () => {
    expect(verifySignature('wisepops', valid({ secrets: '' }))).toMatchObject({ ok: false, reason: 'no-secret' });
    expect(verifySignature('wisepops', valid({ secrets: ['  ', ''] }))).toMatchObject({ ok: false, reason: 'no-secret' });
    expect(verifySignature('wisepops', valid({ secrets: [] }))).toMatchObject({ ok: false, reason: 'no-secret' });
  });

  it('accepts any of several keys (rotation) and ignores white space around a pasted key', () => {
    expect(verifySignature('wisepops', valid({ secrets: ['old-key', WISEPOPS_KEY] })).ok).toBe(true);
    expect(verifySignature('wisepops', valid({ secrets: [WISEPOPS_KEY, 'new-key'] })).ok).toBe(true);
    expect(verifySignature('wisepops', valid({ secrets: ` ${WISEPOPS_KEY}\n` })).ok).toBe(true);
  });

  it('accepts a duplicated header when one copy is valid, as an array or as Node joins it', () => {
    const forged = 'f'.repeat(64);
    expect(verifySignature('wisepops', valid({ headers: { 'X-Wisepops-Signature': [forged, WISEPOPS_SIG] } })).ok).toBe(true);
    expect(verifySignature('wisepops', valid({ headers: { 'X-Wisepops-Signature': `${forged}, ${WISEPOPS_SIG}` } })).ok).toBe(true);
    expect(verifySignature('wisepops', valid({ headers: { 'X-Wisepops-Signature': [forged, forged] } }))).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(
      verifySignature('wisepops', valid({ headers: { 'x-wisepops-signature': forged, 'X-Wisepops-Signature': WISEPOPS_SIG } })).ok,
    ).toBe(true);
  });

  it('refuses a body that is not bytes or text', () => {
    expect(verifySignature('wisepops', valid({ rawBody: JSON.parse(WISEPOPS_BODY) as string }))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('agrees with signatureHeaders', () => {
    expect(signatureHeaders({ scheme: 'wisepops', body: WISEPOPS_BODY, secret: WISEPOPS_KEY })).toEqual({ 'X-Wisepops-Signature': WISEPOPS_SIG });
  });
});

describe('coolpopup: X-CoolPopup-Signature, HMAC-SHA256 in hex or base64', () => {
  const input = (signature: string, body: string | Buffer = COOL_BODY): VerifyInput => ({
    rawBody: body,
    headers: { 'X-CoolPopup-Signature': signature },
    secrets: COOL_SECRET,
  });

  it('accepts hex and base64 (the docs do not say which)', () => {
    expect(verifySignature('coolpopup', input(COOL_HEX)).ok).toBe(true);
    expect(verifySignature('coolpopup', input(COOL_B64)).ok).toBe(true);
    expect(verifySignature('coolpopup', input(COOL_B64.replace(/=+$/, ''))).ok).toBe(true);
  });

  it('refuses a flipped byte, a wrong secret and a truncated digest', () => {
    expect(verifySignature('coolpopup', input(COOL_HEX, flipByte(COOL_BODY, 10)))).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verifySignature('coolpopup', { ...input(COOL_HEX), secrets: 'other' })).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verifySignature('coolpopup', input(COOL_B64.slice(0, 20)))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifySignature('coolpopup', input(''))).toMatchObject({ ok: false, reason: 'missing-header' });
  });

  it('does not take the Wisepops header for its own', () => {
    expect(verifySignature('coolpopup', { rawBody: COOL_BODY, headers: { 'X-Wisepops-Signature': COOL_HEX }, secrets: COOL_SECRET })).toMatchObject({
      ok: false,
      reason: 'missing-header',
    });
  });
});

describe('popsee: X-Popsee-Signature: sha256=<hex>', () => {
  const input = (signature: string | string[], body: string | Buffer = POPSEE_BODY, secrets: string | string[] = POPSEE_SECRET): VerifyInput => ({
    rawBody: body,
    headers: { 'x-popsee-signature': signature },
    secrets,
  });

  it('accepts the prefixed digest, the prefix in any case', () => {
    expect(verifySignature('popsee', input(POPSEE_SIG)).ok).toBe(true);
    expect(verifySignature('popsee', input(POPSEE_SIG.replace('sha256=', 'SHA256='))).ok).toBe(true);
  });

  it('refuses the bare digest (prefix required) and a short header without throwing', () => {
    expect(verifySignature('popsee', input(POPSEE_SIG.slice('sha256='.length)))).toMatchObject({ ok: false, reason: 'malformed' });
    // Popsee's own sample throws here (timingSafeEqual on different lengths).
    expect(verifySignature('popsee', input('sha256='))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifySignature('popsee', input('x'))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('refuses a mutated body and a rotated-out secret, accepts the current one in a rotation', () => {
    expect(verifySignature('popsee', input(POPSEE_SIG, POPSEE_BODY.replace('9', '8')))).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verifySignature('popsee', input(POPSEE_SIG, POPSEE_BODY, ['next-secret']))).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verifySignature('popsee', input(POPSEE_SIG, POPSEE_BODY, ['next-secret', POPSEE_SECRET])).ok).toBe(true);
  });
});

describe('standard-webhooks: id.timestamp.body, whsec_ secrets, 5-minute window', () => {
  const headers = (over: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
    'webhook-id': SW_ID,
    'webhook-timestamp': String(SW_TS),
    'webhook-signature': SW_SIG,
    ...over,
  });
  const input = (over: Partial<VerifyInput> = {}): VerifyInput => ({ rawBody: SW_BODY, headers: headers(), secrets: SW_SECRET, now: SW_TS, ...over });

  it('accepts the published vector', () => {
    expect(verifySignature('standard-webhooks', input())).toEqual({ ok: true });
  });

  it('accepts a secret without the whsec_ prefix, and any entry of a signature list', () => {
    expect(verifySignature('standard-webhooks', input({ secrets: SW_SECRET.slice('whsec_'.length) })).ok).toBe(true);
    const list = `v1,${Buffer.alloc(32, 7).toString('base64')} v2,abc ${SW_SIG}`;
    expect(verifySignature('standard-webhooks', input({ headers: headers({ 'webhook-signature': list }) })).ok).toBe(true);
    expect(verifySignature('standard-webhooks', input({ headers: { ...headers(), 'webhook-signature': undefined, 'Webhook-Signature': [`v1,${Buffer.alloc(32).toString('base64')}`, SW_SIG] } })).ok).toBe(true);
  });

  it('accepts timestamps within the tolerance and refuses stale and future ones', () => {
    expect(verifySignature('standard-webhooks', input({ now: SW_TS + 300 })).ok).toBe(true);
    expect(verifySignature('standard-webhooks', input({ now: SW_TS - 300 })).ok).toBe(true);
    expect(verifySignature('standard-webhooks', input({ now: SW_TS + 301 }))).toMatchObject({ ok: false, reason: 'stale-timestamp' });
    expect(verifySignature('standard-webhooks', input({ now: SW_TS - 301 }))).toMatchObject({ ok: false, reason: 'stale-timestamp' });
    expect(verifySignature('standard-webhooks', input({ now: SW_TS + 3600, toleranceSeconds: 7200 })).ok).toBe(true);
  });

  it('uses the clock when no time is given (the 2021 vector is stale today)', () => {
    expect(verifySignature('standard-webhooks', input({ now: undefined }))).toMatchObject({ ok: false, reason: 'stale-timestamp' });
  });

  it('binds the id and the timestamp into the signature', () => {
    expect(verifySignature('standard-webhooks', input({ headers: headers({ 'webhook-id': 'msg_other' }) }))).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(
      verifySignature('standard-webhooks', input({ headers: headers({ 'webhook-timestamp': String(SW_TS + 1) }) })),
    ).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verifySignature('standard-webhooks', input({ rawBody: '{"test": 2432232315}' }))).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('names missing headers and malformed values', () => {
    const missing = verifySignature('standard-webhooks', input({ headers: headers({ 'webhook-id': undefined, 'webhook-signature': undefined }) }));
    expect(missing).toMatchObject({ ok: false, reason: 'missing-header' });
    if (!missing.ok) expect(missing.message).toContain('webhook-id, webhook-signature');
    expect(verifySignature('standard-webhooks', input({ headers: headers({ 'webhook-timestamp': '2021-02-25' }) }))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifySignature('standard-webhooks', input({ headers: headers({ 'webhook-signature': 'v1a,abc' }) }))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifySignature('standard-webhooks', input({ headers: headers({ 'webhook-signature': 'v1,short' }) }))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('reports no-secret when no secret decodes', () => {
    expect(verifySignature('standard-webhooks', input({ secrets: 'whsec_***' }))).toMatchObject({ ok: false, reason: 'no-secret' });
    expect(verifySignature('standard-webhooks', input({ secrets: [] }))).toMatchObject({ ok: false, reason: 'no-secret' });
  });

  it('round-trips with signatureHeaders', () => {
    expect(signatureHeaders({ scheme: 'standard-webhooks', body: SW_BODY, secret: SW_SECRET, id: SW_ID, timestamp: SW_TS })).toEqual({
      'webhook-id': SW_ID,
      'webhook-timestamp': String(SW_TS),
      'webhook-signature': SW_SIG,
    });
  });
});

describe('popup: signed secret in a configurable header, Standard Webhooks by default, or a bearer token', () => {
  it('checks an HMAC in a named header, hex or base64, with an optional prefix', () => {
    const base = { rawBody: POPUP_BODY, secrets: POPUP_SECRET, header: 'X-Popup-Signature' };
    expect(verifySignature('popup', { ...base, headers: { 'x-popup-signature': POPUP_HEX } }).ok).toBe(true);
    expect(verifySignature('popup', { ...base, encoding: 'base64', headers: { 'X-Popup-Signature': POPUP_B64 } }).ok).toBe(true);
    expect(verifySignature('popup', { ...base, encoding: 'hex', headers: { 'X-Popup-Signature': POPUP_B64 } })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifySignature('popup', { ...base, prefix: 'sha256=', headers: { 'X-Popup-Signature': `sha256=${POPUP_HEX}` } }).ok).toBe(true);
    expect(verifySignature('popup', { ...base, prefix: 'sha256=', headers: { 'X-Popup-Signature': POPUP_HEX } })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifySignature('popup', { ...base, headers: { 'X-Popup-Signature': POPUP_HEX }, rawBody: POPUP_BODY.replace('1', '2') })).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('uses Standard Webhooks headers when no header is named', () => {
    const secret = `whsec_${Buffer.from('popup-standard-secret').toString('base64')}`;
    const headers = signatureHeaders({ scheme: 'standard-webhooks', body: POPUP_BODY, secret, id: 'evt_1', timestamp: 1764000000 });
    expect(verifySignature('popup', { rawBody: POPUP_BODY, headers, secrets: secret, now: 1764000010 }).ok).toBe(true);
    expect(verifySignature('popup', { rawBody: POPUP_BODY, headers, secrets: secret, now: 1764000010, header: '' }).ok).toBe(true);
    expect(verifySignature('popup', { rawBody: POPUP_BODY, headers, secrets: secret, now: 1764009999 })).toMatchObject({ ok: false, reason: 'stale-timestamp' });
  });

  it('compares a bearer token in constant time, scheme name in any case', () => {
    const base = { rawBody: POPUP_BODY, secrets: 'tok_live_123456', mode: 'bearer' as const };
    expect(verifySignature('popup', { ...base, headers: { Authorization: 'Bearer tok_live_123456' } }).ok).toBe(true);
    expect(verifySignature('popup', { ...base, headers: { authorization: 'bearer tok_live_123456' } }).ok).toBe(true);
    expect(verifySignature('popup', { ...base, secrets: ['tok_old', 'tok_live_123456'], headers: { authorization: 'Bearer tok_live_123456' } }).ok).toBe(true);
    expect(verifySignature('popup', { ...base, headers: { authorization: 'Bearer tok_live_12345' } })).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verifySignature('popup', { ...base, headers: { authorization: 'Basic dG9rOg==' } })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifySignature('popup', { ...base, headers: { authorization: 'tok_live_123456' } })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifySignature('popup', { ...base, headers: {} })).toMatchObject({ ok: false, reason: 'missing-header' });
    expect(verifySignature('popup', { ...base, secrets: '', headers: { authorization: 'Bearer x' } })).toMatchObject({ ok: false, reason: 'no-secret' });
  });

  it('reports invalid settings instead of throwing', () => {
    const result = verifySignature('popup', { rawBody: POPUP_BODY, secrets: POPUP_SECRET, headers: {}, mode: 'magic' as 'bearer' });
    expect(result).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifySignature('popup', { rawBody: POPUP_BODY, secrets: POPUP_SECRET, headers: {}, header: 'Bad Header:' })).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('verifySignature itself', () => {
  it('refuses an unknown scheme and a missing input without throwing', () => {
    expect(verifySignature('svix' as 'popup', { rawBody: '', headers: {}, secrets: 'x' })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifySignature('wisepops', undefined as unknown as VerifyInput)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
