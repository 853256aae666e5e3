import { buildConversionRequest, parseConversionResponse, receiveDelivery, verifySignature, type DeliveryInput, type HttpRequest } from '@popup-leads/core';

import { sampleBody, startReceiver, startSandbox, type Receiver, type RecordedRequest, type RunningSandbox, type SendInput } from '../../sandbox/src';
import { seedJson } from '../helpers/fixtures';
import { call } from './http';

const WHSEC = `whsec_${Buffer.from('a sandbox signing key of 32 byte').toString('base64')}`;

const OTHER_WHSEC = `whsec_${Buffer.from('another key').toString('base64')}`;

/** What to send, how the receiving side verifies it, and a secret that must not verify it. */
type Case = [name: string, send: Omit<SendInput, 'url'>, receive: Omit<DeliveryInput, 'rawBody' | 'headers'>, wrongSecret: string];

const CASES: Case[] = [
  ['Cool Popup', { provider: 'coolpopup', secret: 'cool-secret' }, { provider: 'coolpopup', secrets: 'cool-secret' }, 'wrong'],
  ['Popsee', { provider: 'popsee', secret: 'popsee-secret' }, { provider: 'popsee', secrets: 'popsee-secret' }, 'wrong'],
  ['Standard Webhooks', { provider: 'standard-webhooks', secret: WHSEC }, { provider: 'standard-webhooks', secrets: WHSEC }, OTHER_WHSEC],
  ['Popup, Standard Webhooks headers', { provider: 'popup', secret: WHSEC }, { provider: 'popup', secrets: WHSEC }, OTHER_WHSEC],
  [
    'Popup, HMAC header',
    { provider: 'popup', secret: 'popup-secret', popup: { mode: 'hmac', header: 'X-Popup-Signature', encoding: 'base64', prefix: 'sha256=' } },
    { provider: 'popup', secrets: 'popup-secret', header: 'X-Popup-Signature', encoding: 'base64', prefix: 'sha256=' },
    'wrong',
  ],
  ['Popup, bearer token', { provider: 'popup', secret: 'popup-token', popup: { mode: 'bearer' } }, { provider: 'popup', secrets: 'popup-token', mode: 'bearer' }, 'wrong'],
  ['Wisepops (one-off)', { provider: 'wisepops', secret: 'wise-key' }, { provider: 'wisepops', secrets: 'wise-key', event: 'email' }, 'wrong'],
];

describe('signed deliveries of the other tools', () => {
  let sandbox: RunningSandbox;
  let receiver: Receiver;

  beforeAll(async () => {
    sandbox = await startSandbox();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });
  beforeEach(() => receiver.recorder.clear());

  it.each(CASES)('%s: verifies with the core and normalizes to a record with the email', async (_name, send, receive, wrongSecret) => {
    const result = await sandbox.send({ ...send, url: `${receiver.url}/in`, email: 'lead@example.com' });
    expect(result.response.status).toBe(200);
    const [request] = await receiver.recorder.waitFor(1);
    const { provider, ...options } = receive;
    const input = { ...options, rawBody: (request as RecordedRequest).rawBody, headers: (request as RecordedRequest).headers };

    expect(request?.rawBody).toBe(result.sent.body);
    expect(request?.contentType).toBe('application/json');
    expect(verifySignature(provider, input)).toEqual({ ok: true });
    expect(verifySignature(provider, { ...input, secrets: wrongSecret })).toEqual(expect.objectContaining({ ok: false, reason: 'mismatch' }));

    const received = receiveDelivery({ provider, ...input });
    if (!received.ok) throw new Error(received.message);
    expect(received.records).toHaveLength(1);
    expect(received.records[0]?.email).toBe('lead@example.com');
  });

  it('builds bodies with the keys of the seed examples', () => {
    const keys = (value: unknown): string[] => Object.keys(value as object).sort();
    const cool = seedJson('coolpopup-popup-converted.json');
    const popsee = seedJson<{ response: unknown; survey: unknown }>('popsee-response-completed.json');
    const wisepops = seedJson<unknown[]>('wisepops-hook-payload.json');
    expect(keys(sampleBody('coolpopup'))).toEqual(keys(cool));
    expect(keys(sampleBody('popsee'))).toEqual(keys(popsee));
    expect(keys((sampleBody('popsee') as { response: unknown }).response)).toEqual(keys(popsee.response));
    expect(keys((sampleBody('wisepops') as unknown[])[0])).toEqual(keys(wisepops[0]));
    expect(keys(sampleBody('popup'))).toEqual(['id', 'payload', 'timestamp', 'type']);
    expect(keys(sampleBody('standard-webhooks'))).toEqual(['data', 'timestamp', 'type']);
  });

  it('signs a given body byte for byte, with the given Standard Webhooks id and timestamp', async () => {
    const raw = '{"type":"lead.created", "data":{"email":"raw@example.com"}}';
    const result = await sandbox.send({ provider: 'standard-webhooks', secret: WHSEC, url: receiver.url, body: raw, id: 'msg_1', timestamp: 1_700_000_000 });
    const [request] = await receiver.recorder.waitFor(1);
    expect(request?.rawBody).toBe(raw);
    expect(request?.headers['webhook-id']).toBe('msg_1');
    expect(request?.headers['webhook-timestamp']).toBe('1700000000');
    const input = { rawBody: raw, headers: (request as RecordedRequest).headers, secrets: WHSEC };
    expect(verifySignature('standard-webhooks', { ...input, now: 1_700_000_010 })).toEqual({ ok: true });
    // An old timestamp is what a replay looks like: the core refuses it at today's clock.
    expect(verifySignature('standard-webhooks', input)).toEqual(expect.objectContaining({ ok: false, reason: 'stale-timestamp' }));
    expect(result.sent.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('sets the event in the sample body', async () => {
    await sandbox.send({ provider: 'coolpopup', secret: 's', url: receiver.url, event: 'popup.shown' });
    const [request] = await receiver.recorder.waitFor(1);
    expect((request?.body as { event: string }).event).toBe('popup.shown');
  });

  it('refuses invalid input before sending anything', async () => {
    await expect(sandbox.send({ provider: 'coolpopup', secret: 's', url: 'ftp://example.com' })).rejects.toThrow();
    await expect(sandbox.send({ provider: 'coolpopup', secret: '', url: receiver.url })).rejects.toThrow();
    await expect(sandbox.send({ provider: 'standard-webhooks', secret: 'not base64!', url: receiver.url })).rejects.toThrow('whsec_');
    expect(receiver.recorder.requests).toEqual([]);
  });

  it('sends over HTTP with POST /_sandbox/send and reports the answer', async () => {
    const response = await call(sandbox.url, 'POST', '/_sandbox/send', { body: { provider: 'popsee', secret: 'popsee-secret', url: `${receiver.url}/popsee` } });
    expect(response.status).toBe(200);
    const answer = response.json as { sent: { body: string; headers: Record<string, string> }; response: { status: number; body: string } };
    expect(answer.response).toEqual({ status: 200, body: '{"ok":true}' });
    expect(answer.sent.headers['X-Popsee-Signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const [request] = await receiver.recorder.waitFor(1);
    expect(verifySignature('popsee', { rawBody: (request as RecordedRequest).rawBody, headers: (request as RecordedRequest).headers, secrets: 'popsee-secret' })).toEqual({ ok: true });

    expect((await call(sandbox.url, 'POST', '/_sandbox/send', { body: { provider: 'nobody', secret: 's', url: receiver.url } })).status).toBe(400);
    expect((await call(sandbox.url, 'POST', '/_sandbox/send', { raw: 'nope' })).status).toBe(400);
    const closed = await startReceiver();
    await closed.close();
    const unreachable = await call(sandbox.url, 'POST', '/_sandbox/send', { body: { provider: 'popsee', secret: 's', url: closed.url } });
    expect(unreachable.status).toBe(502);
    expect(unreachable.json).toEqual({ error: expect.stringMatching(/^Sending failed/) });
  });
});

describe('conversion receiver (inbox)', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => sandbox.reset());

  async function post(request: HttpRequest): Promise<{ status: number; body: string }> {
    const query = new URLSearchParams(request.query).toString();
    const response = await fetch(`${request.url}${query ? `?${query}` : ''}`, {
      method: request.method,
      headers: request.headers,
      body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
    });
    return { status: response.status, body: await response.text() };
  }

  const input = {
    email: 'buyer@example.com',
    firstName: 'Jane',
    timestamp: 1528611279398,
    products: [{ name: 'T-Shirt', link: 'https://mystore.com/t-shirt', price: 55, quantity: 2 }],
  };

  it('records a JSON conversion as the core sends it', async () => {
    const url = sandbox.inboxUrl('conversion');
    const response = await post(buildConversionRequest({ ...input, webhookUrl: url }));
    expect(parseConversionResponse({ status: response.status, headers: {}, body: response.body }, url)).toEqual({ sent: true, status: 200 });

    const listed = await call(sandbox.url, 'GET', '/_sandbox/inbox/conversion');
    const [recorded] = listed.json as RecordedRequest[];
    expect(recorded?.method).toBe('POST');
    expect(recorded?.contentType).toBe('application/json');
    expect(recorded?.body).toEqual(expect.objectContaining({ email: 'buyer@example.com', firstName: 'Jane', products: [expect.objectContaining({ name: 'T-Shirt', quantity: 2 })] }));
  });

  it('records a form-encoded conversion as fields', async () => {
    const url = `${sandbox.inboxUrl('form')}?key=abc123`;
    const response = await post(buildConversionRequest({ ...input, webhookUrl: url, format: 'form' }));
    expect(response.status).toBe(200);
    const [recorded] = sandbox.sandbox.inbox('form').requests;
    expect(recorded?.url).toBe('/_sandbox/inbox/form?key=abc123');
    expect(recorded?.contentType).toBe('application/x-www-form-urlencoded');
    expect({ ...(recorded?.body as object) }).toEqual(expect.objectContaining({ email: 'buyer@example.com', firstName: 'Jane', 'products[0][name]': 'T-Shirt', 'products[0][quantity]': '2' }));
  });

  it('keeps inboxes apart, clears one with DELETE, and all with reset', async () => {
    await call(sandbox.url, 'POST', '/_sandbox/inbox/a', { body: { n: 1 } });
    await call(sandbox.url, 'POST', '/_sandbox/inbox/b', { raw: 'not json', headers: { 'Content-Type': 'text/plain' } });
    expect((await call(sandbox.url, 'GET', '/_sandbox/inbox/a')).json).toEqual([expect.objectContaining({ body: { n: 1 } })]);
    expect((await call(sandbox.url, 'GET', '/_sandbox/inbox/b')).json).toEqual([expect.objectContaining({ rawBody: 'not json', body: null })]);
    expect((await call(sandbox.url, 'DELETE', '/_sandbox/inbox/a')).status).toBe(204);
    expect((await call(sandbox.url, 'GET', '/_sandbox/inbox/a')).json).toEqual([]);
    expect((await call(sandbox.url, 'POST', '/_sandbox/reset')).status).toBe(204);
    expect((await call(sandbox.url, 'GET', '/_sandbox/inbox/b')).json).toEqual([]);
  });
});
