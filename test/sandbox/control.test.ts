import { startReceiver, startSandbox, type DeliveryAttempt, type Hook, type Receiver, type RunningSandbox } from '../../sandbox/src';
import { call } from './http';

const KEY = 'control-key-789';

describe('sandbox inspection and control routes', () => {
  let sandbox: RunningSandbox;
  let receiver: Receiver;

  beforeAll(async () => {
    sandbox = await startSandbox({ apiKey: KEY, retry: { baseMs: 5, maxAttempts: 2, timeoutMs: 2000 } });
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

  async function hook(body: Record<string, unknown>): Promise<number> {
    return ((await call(sandbox.url, 'POST', '/api2/hooks', { key: KEY, body })).json as { id: number }).id;
  }

  it('lists hooks, leads and delivery attempts', async () => {
    const id = await hook({ event: 'email', target_url: `${receiver.url}/x`, wisepop_id: 12345 });
    const collected = await call(sandbox.url, 'POST', '/_sandbox/collect', { body: [{ fields: { email: 'a@example.com' } }, { fields: { email: 'b@example.com' } }] });
    expect(collected.status).toBe(200);
    expect(collected.json).toEqual({ leads: [expect.objectContaining({ fields: { email: 'a@example.com' } }), expect.objectContaining({ fields: { email: 'b@example.com' } })], deliveries: 1 });
    await sandbox.waitForDeliveries(1);

    const hooks = (await call(sandbox.url, 'GET', '/_sandbox/hooks')).json as Hook[];
    expect(hooks).toEqual([{ id, event: 'email', target_url: `${receiver.url}/x`, wisepop_id: 12345, created_at: expect.any(String) }]);

    const leads = (await call(sandbox.url, 'GET', '/_sandbox/leads')).json as { event: string; lead: { fields: unknown } }[];
    expect(leads.map((entry) => [entry.event, entry.lead.fields])).toEqual([
      ['email', { email: 'a@example.com' }],
      ['email', { email: 'b@example.com' }],
    ]);

    const deliveries = (await call(sandbox.url, 'GET', '/_sandbox/deliveries')).json as DeliveryAttempt[];
    expect(deliveries).toEqual([
      {
        delivery: expect.any(Number),
        hook_id: id,
        url: `${receiver.url}/x`,
        attempt: 1,
        status: 200,
        error: null,
        outcome: 'delivered',
        next_retry_ms: null,
        body_bytes: Buffer.byteLength(receiver.recorder.requests[0]?.rawBody ?? ''),
        lead_count: 2,
        at: expect.any(String),
      },
    ]);

    expect((await call(sandbox.url, 'GET', '/_sandbox')).json).toEqual({ hooks: 1, leads: 2, attempts: 1, pending: 0, campaigns: 3 });
  });

  it('collects a single lead, or { leads, event, wait } and then answers with the attempts', async () => {
    await hook({ event: 'survey', target_url: `${receiver.url}/survey` });
    const single = await call(sandbox.url, 'POST', '/_sandbox/collect', { body: { fields: { email: 'one@example.com' } } });
    expect(single.json).toEqual({ leads: [expect.objectContaining({ fields: { email: 'one@example.com' } })], deliveries: 0 });

    const waited = await call(sandbox.url, 'POST', '/_sandbox/collect', { body: { leads: [{ fields: { email: 'two@example.com' } }], event: 'survey', wait: true } });
    expect(waited.status).toBe(200);
    expect(waited.json).toEqual(expect.objectContaining({ deliveries: 1, attempts: [expect.objectContaining({ outcome: 'delivered', lead_count: 1 })] }));
    expect(receiver.recorder.requests).toHaveLength(1);
  });

  it.each([
    ['not JSON', { raw: '[{' }],
    ['a bad event', { body: { leads: [{}], event: 'sms' } }],
    ['leads that are not a list', { body: { leads: 'a lead' } }],
    ['an unreadable date', { body: { collected_at: 'yesterday' } }],
    ['a lead that is not an object', { body: 'hello' }],
  ])('refuses a collect with %s', async (_name, options) => {
    const response = await call(sandbox.url, 'POST', '/_sandbox/collect', options);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: expect.any(String) });
    expect(sandbox.state.leads).toEqual([]);
  });

  it('resets hooks, leads, deliveries and faults; hook ids keep increasing', async () => {
    const before = await hook({ event: 'email', target_url: `${receiver.url}/x` });
    sandbox.collect({ fields: { email: 'a@example.com' } });
    await sandbox.waitForDeliveries(1);
    sandbox.state.faults.add({ path: '/api2/wisepops', status: 500 });

    expect((await call(sandbox.url, 'POST', '/_sandbox/reset')).status).toBe(204);
    expect((await call(sandbox.url, 'GET', '/_sandbox/hooks')).json).toEqual([]);
    expect((await call(sandbox.url, 'GET', '/_sandbox/leads')).json).toEqual([]);
    expect((await call(sandbox.url, 'GET', '/_sandbox/deliveries')).json).toEqual([]);
    expect((await call(sandbox.url, 'GET', '/_sandbox/faults')).json).toEqual([]);
    expect((await call(sandbox.url, 'GET', '/api2/contacts', { key: KEY })).json).toEqual([]);
    expect(await hook({ event: 'email', target_url: `${receiver.url}/x` })).toBe(before + 1);
  });

  it('never shows the API key', async () => {
    await hook({ event: 'email', target_url: `${receiver.url}/x` });
    sandbox.collect({ fields: { email: 'a@example.com' } });
    await sandbox.waitForDeliveries(1);
    for (const path of ['/_sandbox', '/_sandbox/hooks', '/_sandbox/deliveries', '/_sandbox/leads', '/_sandbox/faults']) {
      const response = await call(sandbox.url, 'GET', path);
      expect(response.status).toBe(200);
      expect(response.text).not.toContain(KEY);
    }
  });

  it('answers 404 for unknown control routes and 413 for oversized bodies', async () => {
    expect((await call(sandbox.url, 'GET', '/_sandbox/nothing')).status).toBe(404);
    expect((await call(sandbox.url, 'GET', '/_sandbox/inbox/bad%20name')).status).toBe(404);
    const big = await call(sandbox.url, 'POST', '/_sandbox/collect', { raw: 'x'.repeat(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
  });

  it('refuses an invalid API key at start', async () => {
    await expect(startSandbox({ apiKey: 'has "quotes"' })).rejects.toThrow('Unusable API key: the API key may not contain spaces, quotes or backslashes.');
  });
});
