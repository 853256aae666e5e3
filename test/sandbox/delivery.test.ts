import { receiveDelivery, verifySignature } from '@popup-leads/core';

import { backoffMs, failFirst, startReceiver, startSandbox, type Receiver, type RecordedRequest, type RunningSandbox } from '../../sandbox/src';
import { call } from './http';

const KEY = 'delivery-key-456';

async function addHook(sandbox: RunningSandbox, body: Record<string, unknown>): Promise<number> {
  const response = await call(sandbox.url, 'POST', '/api2/hooks', { key: KEY, body });
  expect(response.status).toBe(200);
  return (response.json as { id: number }).id;
}

const pathOf = (request: RecordedRequest): string => request.url;
const leadsIn = (request: RecordedRequest): { fields: Record<string, unknown>; wisepop_id: number }[] => JSON.parse(request.rawBody) as { fields: Record<string, unknown>; wisepop_id: number }[];

describe('sandbox deliveries to hooks', () => {
  let sandbox: RunningSandbox;
  let receiver: Receiver;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, host: '127.0.0.1', apiKey: KEY, retry: { baseMs: 5, maxAttempts: 2, timeoutMs: 2000 } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });
  beforeEach(() => {
    sandbox.reset();
    receiver.recorder.clear();
  });

  it('delivers a 3-lead collect as one signed array per matching hook', async () => {
    const all = await addHook(sandbox, { event: 'email', target_url: `${receiver.url}/all` });
    const campaign = await addHook(sandbox, { event: 'email', target_url: `${receiver.url}/campaign`, wisepop_id: 12345 });
    await addHook(sandbox, { event: 'email', target_url: `${receiver.url}/other-campaign`, wisepop_id: 12346 });
    await addHook(sandbox, { event: 'phone', target_url: `${receiver.url}/phone` });

    const result = sandbox.collect([
      { wisepop_id: 12345, fields: { email: 'example@example.com', Gender: 'male', City: 'New York' } },
      { wisepop_id: 12345, fields: { email: 'other.example@example.com', Gender: 'female', City: 'Seattle' } },
      { wisepop_id: 12345, fields: { email: 'third@example.com' } },
    ]);
    expect(result.deliveries).toBe(2);

    const attempts = await sandbox.waitForDeliveries(2);
    expect(attempts).toHaveLength(2);
    expect(attempts.map((attempt) => [attempt.hook_id, attempt.status, attempt.outcome, attempt.lead_count]).sort()).toEqual([
      [all, 200, 'delivered', 3],
      [campaign, 200, 'delivered', 3],
    ]);
    expect(receiver.recorder.requests.map(pathOf).sort()).toEqual(['/all', '/campaign']);

    for (const request of receiver.recorder.requests) {
      expect(request.method).toBe('POST');
      expect(request.contentType).toBe('application/json');
      expect(attempts.find((attempt) => attempt.url.endsWith(request.url))?.body_bytes).toBe(Buffer.byteLength(request.rawBody));
      expect(verifySignature('wisepops', { rawBody: request.rawBody, headers: request.headers, secrets: KEY })).toEqual({ ok: true });
      expect(verifySignature('wisepops', { rawBody: request.rawBody, headers: request.headers, secrets: 'another-key' }).ok).toBe(false);

      const received = receiveDelivery({ provider: 'wisepops', rawBody: request.rawBody, headers: request.headers, secrets: KEY, event: 'email' });
      if (!received.ok) throw new Error(received.message);
      expect(received.records.map((record) => record.email)).toEqual(['example@example.com', 'other.example@example.com', 'third@example.com']);
      expect(received.records.map((record) => record.event)).toEqual(['email', 'email', 'email']);
      expect(new Set(received.records.map((record) => record.id)).size).toBe(3);
    }
  });

  it('fills in the seed payload keys for a minimal lead', async () => {
    await addHook(sandbox, { event: 'email', target_url: `${receiver.url}/all` });
    sandbox.collect({ fields: { email: 'min@example.com' } });
    await sandbox.waitForDeliveries(1);
    const [lead] = leadsIn(receiver.recorder.requests[0] as RecordedRequest);
    expect(lead).toEqual({
      collected_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      wisepop_id: 12345,
      form_session: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ip: expect.any(String),
      country_code: 'US',
      fields: { email: 'min@example.com' },
    });
  });

  it('sends each hook only the leads of its campaign when one collect mixes campaigns', async () => {
    await addHook(sandbox, { event: 'email', target_url: `${receiver.url}/all` });
    await addHook(sandbox, { event: 'email', target_url: `${receiver.url}/12346`, wisepop_id: '12346' });
    sandbox.collect([
      { wisepop_id: 12345, fields: { email: 'a@example.com' } },
      { wisepop_id: 12346, fields: { email: 'b@example.com' } },
      { wisepop_id: 12346, fields: { email: 'c@example.com' } },
    ]);
    await sandbox.waitForDeliveries(2);
    const byPath = new Map(receiver.recorder.requests.map((request) => [request.url, leadsIn(request).map((lead) => lead.fields.email)]));
    expect(byPath.get('/all')).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(byPath.get('/12346')).toEqual(['b@example.com', 'c@example.com']);
  });

  it('routes by event: inferred from the fields, or given explicitly', async () => {
    await addHook(sandbox, { event: 'email', target_url: `${receiver.url}/email` });
    await addHook(sandbox, { event: 'phone', target_url: `${receiver.url}/phone` });
    await addHook(sandbox, { event: 'survey', target_url: `${receiver.url}/survey` });

    expect(sandbox.collect({ fields: { phone: '+33612345678' } }).deliveries).toBe(1);
    expect(sandbox.collect({ fields: { 'How did you hear about us?': 'A friend' } }).deliveries).toBe(1);
    expect(sandbox.collect({ fields: { email: 'x@example.com', rating: 5 } }, { event: 'survey' }).deliveries).toBe(1);
    await sandbox.waitForDeliveries(3);

    const byPath = receiver.recorder.requests.map((request) => [request.url, leadsIn(request).length]).sort();
    expect(byPath).toEqual([
      ['/phone', 1],
      ['/survey', 1],
      ['/survey', 1],
    ]);
    expect(sandbox.state.leads.map((stored) => stored.event)).toEqual(['phone', 'survey', 'survey']);
  });

  it('stores leads but delivers nothing without a matching hook, or after the hook is deleted', async () => {
    const id = await addHook(sandbox, { event: 'email', target_url: `${receiver.url}/gone` });
    expect((await call(sandbox.url, 'DELETE', `/api2/hooks?hook_id=${id}`, { key: KEY })).status).toBe(204);
    expect(sandbox.collect({ fields: { email: 'nobody@example.com' } }).deliveries).toBe(0);
    expect(sandbox.state.leads).toHaveLength(1);
    expect(sandbox.state.attempts).toEqual([]);
  });

  it('refuses an unknown event or an unreadable date, storing nothing', () => {
    expect(() => sandbox.collect({ fields: {} }, { event: 'sms' as never })).toThrow('event must be email, phone or survey');
    expect(() => sandbox.collect([{ fields: {} }, { collected_at: 'someday' }])).toThrow('collected_at is not a date');
    expect(() => sandbox.collect(['a lead'])).toThrow('A lead must be a JSON object.');
    expect(() => sandbox.collect({ fields: 'email=a@example.com' })).toThrow('fields must be an object.');
    expect(sandbox.state.leads).toEqual([]);
  });
});

describe('sandbox delivery retries', () => {
  const BASE_MS = 20;
  let sandbox: RunningSandbox;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ apiKey: KEY, retry: { baseMs: BASE_MS, maxAttempts: 3, timeoutMs: 2000 } });
  });
  afterAll(async () => {
    await sandbox.close();
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });
  beforeEach(() => sandbox.reset());

  async function receiverWith(reply: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
    const receiver = await startReceiver(reply);
    receivers.push(receiver);
    return receiver;
  }

  it('doubles the wait after each failure', () => {
    const retry = { baseMs: 100, maxAttempts: 5, timeoutMs: 1000 };
    expect([1, 2, 3, 4].map((attempt) => backoffMs(retry, attempt))).toEqual([100, 200, 400, 800]);
  });

  it('retries a receiver that fails twice, with growing delays, until it succeeds', async () => {
    const receiver = await receiverWith({ reply: failFirst(2, 503) });
    await addHook(sandbox, { event: 'email', target_url: `${receiver.url}/flaky` });
    sandbox.collect([{ fields: { email: 'a@example.com' } }, { fields: { email: 'b@example.com' } }]);

    const attempts = await sandbox.waitForDeliveries(1);
    expect(attempts.map((attempt) => [attempt.attempt, attempt.status, attempt.outcome, attempt.next_retry_ms])).toEqual([
      [1, 503, 'retrying', BASE_MS],
      [2, 503, 'retrying', BASE_MS * 2],
      [3, 200, 'delivered', null],
    ]);
    expect(new Set(attempts.map((attempt) => attempt.delivery)).size).toBe(1);
    expect(attempts.map((attempt) => attempt.error)).toEqual(['HTTP 503', 'HTTP 503', null]);

    // Every attempt carries the same signed body.
    const requests = receiver.recorder.requests;
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((request) => request.rawBody)).size).toBe(1);
    for (const request of requests) expect(verifySignature('wisepops', { rawBody: request.rawBody, headers: request.headers, secrets: KEY })).toEqual({ ok: true });

    // The waits are at least the backoff (a millisecond of slack for timer rounding).
    const times = requests.map((request) => Date.parse(request.receivedAt));
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(BASE_MS - 1);
    expect((times[2] as number) - (times[1] as number)).toBeGreaterThanOrEqual(BASE_MS * 2 - 1);
  });

  it('gives up after the maximum number of attempts and records it', async () => {
    const receiver = await receiverWith({ reply: () => ({ status: 500, body: 'down' }) });
    const id = await addHook(sandbox, { event: 'email', target_url: `${receiver.url}/down` });
    sandbox.collect({ fields: { email: 'a@example.com' } });

    const attempts = await sandbox.waitForDeliveries(1);
    expect(attempts.map((attempt) => [attempt.hook_id, attempt.attempt, attempt.status, attempt.outcome])).toEqual([
      [id, 1, 500, 'retrying'],
      [id, 2, 500, 'retrying'],
      [id, 3, 500, 'gave-up'],
    ]);
    expect(receiver.recorder.requests).toHaveLength(3);
    await sandbox.idle(1000);
    expect(sandbox.sandbox.deliverer.pending()).toBe(0);
  });

  it('records network errors as attempts without a status', async () => {
    const closed = await startReceiver();
    await closed.close();
    await addHook(sandbox, { event: 'email', target_url: `${closed.url}/nobody-listens` });
    sandbox.collect({ fields: { email: 'a@example.com' } });

    const attempts = await sandbox.waitForDeliveries(1);
    expect(attempts).toHaveLength(3);
    expect(attempts.map((attempt) => attempt.status)).toEqual([null, null, null]);
    expect(attempts.every((attempt) => typeof attempt.error === 'string' && attempt.error.length > 0)).toBe(true);
    expect(attempts[2]?.outcome).toBe('gave-up');
  });

  it('reset stops pending retries', async () => {
    const receiver = await receiverWith({ reply: () => ({ status: 500 }) });
    const slow = await startSandbox({ apiKey: KEY, retry: { baseMs: 60_000, maxAttempts: 3, timeoutMs: 2000 } });
    try {
      await addHook(slow, { event: 'email', target_url: receiver.url });
      slow.collect({ fields: { email: 'a@example.com' } });
      await receiver.recorder.waitFor(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(slow.sandbox.deliverer.pending()).toBe(1);
      slow.reset();
      expect(slow.sandbox.deliverer.pending()).toBe(0);
      expect(slow.state.attempts).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  it('times out waiting when fewer deliveries finish', async () => {
    await expect(sandbox.waitForDeliveries(1, 30)).rejects.toThrow('Timed out after 30 ms');
  });
});
