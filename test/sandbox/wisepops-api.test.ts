import {
  ApiError,
  buildCreateHookRequest,
  buildDeleteHookRequest,
  buildErasePersonRequest,
  buildListCampaignsRequest,
  buildListContactsRequest,
  parseCreateHookResponse,
  parseDeleteHookResponse,
  parseErasePersonResponse,
  parseListCampaignsResponse,
  parseListContactsResponse,
} from '@popup-leads/core';

import { DEFAULT_CAMPAIGNS, startSandbox, type RunningSandbox } from '../../sandbox/src';
import { call, runCoreRequest } from './http';

const KEY = 'test-key-123';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setImmediate(resolve));
  if (!check()) throw new Error('the condition never held');
}

describe('sandbox Wisepops API', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, apiKey: KEY, retry: { baseMs: 5, maxAttempts: 2, timeoutMs: 1000 } });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => sandbox.reset());

  describe('authentication', () => {
    const routes: [string, string][] = [
      ['POST', '/api2/hooks'],
      ['DELETE', '/api2/hooks?hook_id=1'],
      ['GET', '/api2/wisepops'],
      ['GET', '/api2/contacts'],
      ['DELETE', '/api2/data-privacy'],
    ];

    it.each(routes)('%s %s answers 401 without a key', async (method, path) => {
      const response = await call(sandbox.url, method, path);
      expect(response.status).toBe(401);
      expect(response.json).toEqual({ error: expect.any(String) });
    });

    it.each(routes)('%s %s answers 401 with a wrong key, without echoing it', async (method, path) => {
      const response = await call(sandbox.url, method, path, { key: 'wrong-key-secret-xyz' });
      expect(response.status).toBe(401);
      expect(response.text).not.toContain('wrong-key-secret-xyz');
      expect(response.text).not.toContain(KEY);
    });

    it('refuses a header of another form carrying the right key', async () => {
      for (const authorization of [`Bearer ${KEY}`, `WISEPOPS-API key=${KEY}`, `WISEPOPS-API key="${KEY}x"`]) {
        const response = await call(sandbox.url, 'GET', '/api2/wisepops', { headers: { Authorization: authorization } });
        expect(response.status).toBe(401);
      }
    });

    it('accepts the documented header', async () => {
      const response = await call(sandbox.url, 'GET', '/api2/wisepops', { key: KEY });
      expect(response.status).toBe(200);
    });
  });

  describe('hooks', () => {
    it('creates hooks with increasing ids and keeps them', async () => {
      const first = await call(sandbox.url, 'POST', '/api2/hooks', { key: KEY, body: { event: 'email', target_url: 'https://example.com/hook' } });
      const second = await call(sandbox.url, 'POST', '/api2/hooks', { key: KEY, body: { event: 'phone', target_url: 'http://127.0.0.1:9/x', wisepop_id: 12345 } });
      expect(first.status).toBe(200);
      const firstId = (first.json as { id: number }).id;
      expect(second.json).toEqual({ id: firstId + 1 });
      expect([...sandbox.state.hooks.values()]).toEqual([
        expect.objectContaining({ id: firstId, event: 'email', target_url: 'https://example.com/hook', wisepop_id: null }),
        expect.objectContaining({ id: firstId + 1, event: 'phone', target_url: 'http://127.0.0.1:9/x', wisepop_id: 12345 }),
      ]);
    });

    it.each([
      ['not JSON', { raw: '{"event":', headers: { 'Content-Type': 'application/json' } }],
      ['an array', { body: [] }],
      ['a bad event', { body: { event: 'sms', target_url: 'https://example.com/hook' } }],
      ['no event', { body: { target_url: 'https://example.com/hook' } }],
      ['no target_url', { body: { event: 'email' } }],
      ['a non-http target_url', { body: { event: 'email', target_url: 'ftp://example.com/hook' } }],
      ['a target_url that is no URL', { body: { event: 'email', target_url: 'example' } }],
      ['a wisepop_id that is no number', { body: { event: 'email', target_url: 'https://example.com/hook', wisepop_id: 'abc' } }],
    ])('answers 400 with a JSON error for %s', async (_name, options) => {
      const response = await call(sandbox.url, 'POST', '/api2/hooks', { key: KEY, ...options });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ error: expect.any(String) });
      expect(sandbox.state.hooks.size).toBe(0);
    });

    it('names the bad field in the error', async () => {
      const response = await call(sandbox.url, 'POST', '/api2/hooks', { key: KEY, body: { event: 'email', target_url: 'nope' } });
      expect((response.json as { error: string }).error).toMatch(/^target_url:/);
    });

    it('deletes a hook, then answers 404 for it', async () => {
      const created = await call(sandbox.url, 'POST', '/api2/hooks', { key: KEY, body: { event: 'email', target_url: 'https://example.com/hook' } });
      const id = (created.json as { id: number }).id;
      const deleted = await call(sandbox.url, 'DELETE', `/api2/hooks?hook_id=${id}`, { key: KEY });
      expect(deleted.status).toBe(204);
      expect(sandbox.state.hooks.size).toBe(0);
      const again = await call(sandbox.url, 'DELETE', `/api2/hooks?hook_id=${id}`, { key: KEY });
      expect(again.status).toBe(404);
      expect(again.json).toEqual({ error: expect.any(String) });
    });

    it('answers 404 for an unknown or malformed id and 400 without one', async () => {
      expect((await call(sandbox.url, 'DELETE', '/api2/hooks?hook_id=999999', { key: KEY })).status).toBe(404);
      expect((await call(sandbox.url, 'DELETE', '/api2/hooks?hook_id=abc', { key: KEY })).status).toBe(404);
      expect((await call(sandbox.url, 'DELETE', '/api2/hooks', { key: KEY })).status).toBe(400);
    });

    it('agrees with the core request builders and parsers', async () => {
      const options = { baseUrl: sandbox.url };
      const created = parseCreateHookResponse(await runCoreRequest(buildCreateHookRequest({ event: 'survey', targetUrl: 'https://example.com/s', campaignId: '12346' }, options), KEY));
      expect(sandbox.state.hooks.get(Number(created.id))).toEqual(expect.objectContaining({ event: 'survey', wisepop_id: 12346 }));
      expect(parseDeleteHookResponse(await runCoreRequest(buildDeleteHookRequest(created.id, options), KEY))).toEqual({ deleted: true, alreadyGone: false });
      expect(parseDeleteHookResponse(await runCoreRequest(buildDeleteHookRequest(created.id, options), KEY))).toEqual({ deleted: true, alreadyGone: true });
    });

    it('is an ApiError of kind auth for the core when the key is wrong', async () => {
      const response = await runCoreRequest(buildCreateHookRequest({ event: 'email', targetUrl: 'https://example.com/h' }, { baseUrl: sandbox.url }), 'other-key');
      expect(() => parseCreateHookResponse(response)).toThrow(ApiError);
      expect(response.status).toBe(401);
    });
  });

  describe('campaigns', () => {
    it('lists the default campaigns with the keys clients read', async () => {
      const response = await call(sandbox.url, 'GET', '/api2/wisepops', { key: KEY });
      expect(response.json).toEqual(DEFAULT_CAMPAIGNS);
      for (const campaign of response.json as Record<string, unknown>[]) {
        expect(Object.keys(campaign).sort()).toEqual(['activated', 'click_count', 'created_at', 'display_count', 'email_count', 'id', 'label']);
      }
      const parsed = parseListCampaignsResponse(await runCoreRequest(buildListCampaignsRequest({ baseUrl: sandbox.url }), KEY));
      expect(parsed.map((campaign) => campaign.id)).toEqual(DEFAULT_CAMPAIGNS.map((campaign) => campaign.id));
    });

    it('lists configured campaigns', async () => {
      const campaigns = [{ id: 7, label: 'Only one', created_at: '2026-01-01T00:00:00.000Z', activated: true, display_count: 1, click_count: 0, email_count: 0 }];
      const other = await startSandbox({ apiKey: KEY, campaigns });
      try {
        expect((await call(other.url, 'GET', '/api2/wisepops', { key: KEY })).json).toEqual(campaigns);
        // Leads without a campaign belong to the first configured one.
        expect(other.collect({ fields: { email: 'a@example.com' } }).leads[0]?.wisepop_id).toBe(7);
      } finally {
        await other.close();
      }
    });
  });

  describe('contacts', () => {
    const at = (minute: number): string => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();

    function seed(): void {
      // Collected out of order on purpose: the API lists oldest first.
      sandbox.collect([
        { collected_at: at(3), wisepop_id: 12345, fields: { email: 'c@example.com' } },
        { collected_at: at(1), wisepop_id: 12345, fields: { email: 'a@example.com' } },
        { collected_at: at(2), wisepop_id: 12346, fields: { phone: '+33612345678' } },
        { collected_at: at(4), wisepop_id: 12346, fields: { email: 'd@example.com' } },
        { collected_at: at(5), wisepop_id: 12345, fields: { email: 'e@example.com' } },
      ]);
    }

    async function contacts(query: string): Promise<{ status: number; leads: { collected_at: string; wisepop_id: number }[] }> {
      const response = await call(sandbox.url, 'GET', `/api2/contacts${query}`, { key: KEY });
      return { status: response.status, leads: response.json as { collected_at: string; wisepop_id: number }[] };
    }

    it('lists every lead oldest first, in the hook payload shape', async () => {
      seed();
      const { status, leads } = await contacts('');
      expect(status).toBe(200);
      expect(leads.map((lead) => lead.collected_at)).toEqual([at(1), at(2), at(3), at(4), at(5)]);
      expect(Object.keys(leads[0] as object)).toEqual(['collected_at', 'wisepop_id', 'form_session', 'ip', 'country_code', 'fields']);
    });

    it('filters by collected_after (strictly after) and wisepop_id', async () => {
      seed();
      expect((await contacts(`?collected_after=${encodeURIComponent(at(2))}`)).leads.map((lead) => lead.collected_at)).toEqual([at(3), at(4), at(5)]);
      expect((await contacts('?wisepop_id=12346')).leads.map((lead) => lead.collected_at)).toEqual([at(2), at(4)]);
      expect((await contacts(`?wisepop_id=12345&collected_after=${encodeURIComponent(at(1))}`)).leads.map((lead) => lead.collected_at)).toEqual([at(3), at(5)]);
    });

    it('pages with page_size and page', async () => {
      seed();
      expect((await contacts('?page_size=2')).leads.map((lead) => lead.collected_at)).toEqual([at(1), at(2)]);
      expect((await contacts('?page_size=2&page=2')).leads.map((lead) => lead.collected_at)).toEqual([at(3), at(4)]);
      expect((await contacts('?page_size=2&page=3')).leads.map((lead) => lead.collected_at)).toEqual([at(5)]);
      expect((await contacts('?page_size=2&page=4')).leads).toEqual([]);
    });

    it('defaults to 100 per page', async () => {
      sandbox.collect(Array.from({ length: 101 }, (_, index) => ({ collected_at: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString() })));
      expect((await contacts('')).leads).toHaveLength(100);
      expect((await contacts('?page=2')).leads).toHaveLength(1);
      expect((await contacts('?page_size=1000')).leads).toHaveLength(101);
    });

    it.each(['page_size=0', 'page_size=1001', 'page_size=abc', 'page_size=1.5', 'page=0', 'page=-1', 'collected_after=yesterday'])('answers 400 for %s', async (query) => {
      const response = await call(sandbox.url, 'GET', `/api2/contacts?${query}`, { key: KEY });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ error: expect.any(String) });
    });

    it('agrees with the core request builder and parser', async () => {
      seed();
      const request = buildListContactsRequest({ collectedAfter: at(2), campaignId: 12345 }, { baseUrl: sandbox.url });
      const leads = parseListContactsResponse(await runCoreRequest(request, KEY));
      expect(leads.map((lead) => lead.fields)).toEqual([{ email: 'c@example.com' }, { email: 'e@example.com' }]);
    });
  });

  describe('data privacy', () => {
    beforeEach(() => {
      sandbox.collect([
        { fields: { email: 'Jane@Example.com', City: 'Paris' } },
        { fields: { email: 'john@example.com' } },
        { fields: { phone: '+33 6 12 34 56 78' } },
        { fields: { email: 'jane@example.com', phone: '+14155550100' } },
      ]);
    });

    const emails = (): unknown[] => sandbox.state.leads.map((stored) => stored.lead.fields.email ?? stored.lead.fields.phone);

    it('erases every lead with the email, whatever its case', async () => {
      const response = await call(sandbox.url, 'DELETE', '/api2/data-privacy', { key: KEY, body: { email: 'jane@example.com' } });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ erased: 2 });
      expect(emails()).toEqual(['john@example.com', '+33 6 12 34 56 78']);
    });

    it('erases by phone in international format', async () => {
      const response = await call(sandbox.url, 'DELETE', '/api2/data-privacy', { key: KEY, body: { phone: '+33612345678' } });
      expect(response.json).toEqual({ erased: 1 });
      expect(emails()).toEqual(['Jane@Example.com', 'john@example.com', 'jane@example.com']);
    });

    it('agrees with the core request builder and parser', async () => {
      const response = await runCoreRequest(buildErasePersonRequest({ email: 'john@example.com' }, { baseUrl: sandbox.url }), KEY);
      expect(parseErasePersonResponse(response)).toEqual({ erased: true });
      expect(emails()).toHaveLength(3);
    });

    it.each([
      ['neither email nor phone', { body: {} }],
      ['an invalid email', { body: { email: 'not-an-email' } }],
      ['a phone without +', { body: { phone: '0612345678' } }],
      ['no JSON', { raw: 'email=jane@example.com' }],
    ])('answers 400 for %s and erases nothing', async (_name, options) => {
      const response = await call(sandbox.url, 'DELETE', '/api2/data-privacy', { key: KEY, ...options });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ error: expect.any(String) });
      expect(sandbox.state.leads).toHaveLength(4);
    });
  });

  describe('fault injection', () => {
    it('answers the next N calls of a route with 429 and Retry-After, then works again', async () => {
      sandbox.fault({ method: 'GET', path: '/api2/wisepops', status: 429, count: 2, retryAfter: 30 });
      for (let i = 0; i < 2; i += 1) {
        const response = await call(sandbox.url, 'GET', '/api2/wisepops', { key: KEY });
        expect(response.status).toBe(429);
        expect(response.headers.get('retry-after')).toBe('30');
        expect(response.json).toEqual({ error: expect.any(String) });
      }
      expect((await call(sandbox.url, 'GET', '/api2/wisepops', { key: KEY })).status).toBe(200);
    });

    it('only affects the method and path it names', async () => {
      sandbox.state.faults.add({ method: 'POST', path: '/api2/hooks', status: 500 });
      expect((await call(sandbox.url, 'GET', '/api2/wisepops', { key: KEY })).status).toBe(200);
      expect((await call(sandbox.url, 'DELETE', '/api2/hooks?hook_id=1', { key: KEY })).status).toBe(404);
      expect((await call(sandbox.url, 'POST', '/api2/hooks', { key: KEY, body: { event: 'email', target_url: 'https://e.com/h' } })).status).toBe(500);
      expect(sandbox.state.hooks.size).toBe(0);
      expect(sandbox.state.faults.list()).toEqual([]);
    });

    it('can answer a non-JSON body, which the core reports as an unexpected answer', async () => {
      sandbox.state.faults.add({ path: '/api2/wisepops', status: 200, body: '<html>maintenance</html>' });
      const response = await runCoreRequest(buildListCampaignsRequest({ baseUrl: sandbox.url }), KEY);
      expect(response.status).toBe(200);
      expect(response.headers).toEqual(expect.objectContaining({ 'content-type': 'text/html; charset=utf-8' }));
      expect(() => parseListCampaignsResponse(response)).toThrow(ApiError);
    });

    it('is set and listed over HTTP, and refused when malformed', async () => {
      const added = await call(sandbox.url, 'POST', '/_sandbox/faults', { body: { path: '/api2/contacts', status: 503, retryAfter: 1 } });
      expect(added.status).toBe(201);
      expect((await call(sandbox.url, 'GET', '/_sandbox/faults')).json).toEqual([expect.objectContaining({ path: '/api2/contacts', status: 503, count: 1 })]);
      const failed = await call(sandbox.url, 'GET', '/api2/contacts', { key: KEY });
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('1');
      expect((await call(sandbox.url, 'POST', '/_sandbox/faults', { body: { path: 'api2', status: 99 } })).status).toBe(400);
      await call(sandbox.url, 'POST', '/_sandbox/faults', { body: { path: '/api2/contacts', status: 500 } });
      expect((await call(sandbox.url, 'DELETE', '/_sandbox/faults')).status).toBe(204);
      expect((await call(sandbox.url, 'GET', '/api2/contacts', { key: KEY })).status).toBe(200);
    });

    it('answers after delayMs when the client waits that long', async () => {
      sandbox.fault({ method: 'GET', path: '/api2/wisepops', status: 503, retryAfter: 5, delayMs: 50, body: { error: 'Slow and failing.' } });
      const response = await call(sandbox.url, 'GET', '/api2/wisepops', { key: KEY });
      expect(response).toMatchObject({ status: 503, json: { error: 'Slow and failing.' } });
      expect(response.headers.get('retry-after')).toBe('5');
      expect(sandbox.state.faults.list()).toEqual([]);
    });

    it('leaves a client that gives up first without an answer (a timeout), and works again at once', async () => {
      sandbox.fault({ method: 'POST', path: '/api2/hooks', status: 200, delayMs: 600_000 });
      const hanging = fetch(`${sandbox.url}/api2/hooks`, {
        method: 'POST',
        headers: { Authorization: `WISEPOPS-API key="${KEY}"`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ event: 'email', target_url: 'https://example.com/h' }),
        signal: AbortSignal.timeout(100),
      });
      await expect(hanging).rejects.toMatchObject({ name: 'TimeoutError' });
      // The delayed call did none of its work, and the next one is served as usual.
      expect(sandbox.state.hooks.size).toBe(0);
      const created = await call(sandbox.url, 'POST', '/api2/hooks', { key: KEY, body: { event: 'email', target_url: 'https://example.com/h' } });
      expect(created.status).toBe(200);
      expect(sandbox.state.hooks.size).toBe(1);
    });

    it('takes delayMs over HTTP: whole milliseconds, at most ten minutes', async () => {
      const added = await call(sandbox.url, 'POST', '/_sandbox/faults', { body: { path: '/api2/contacts', status: 504, delayMs: 1500 } });
      expect(added.status).toBe(201);
      expect(added.json).toEqual(expect.objectContaining({ path: '/api2/contacts', status: 504, delayMs: 1500, count: 1 }));
      for (const delayMs of [-1, 1.5, 600_001, '10']) {
        expect((await call(sandbox.url, 'POST', '/_sandbox/faults', { body: { path: '/api2/contacts', status: 504, delayMs } })).status).toBe(400);
      }
    });
  });

  it('closing cuts a delayed answer short instead of waiting for it', async () => {
    const own = await startSandbox({ apiKey: KEY });
    own.fault({ path: '/api2/wisepops', status: 200, delayMs: 600_000 });
    const hanging = fetch(`${own.url}/api2/wisepops`, { headers: { Authorization: `WISEPOPS-API key="${KEY}"` } });
    await until(() => own.state.faults.list().length === 0);
    await own.close();
    await expect(hanging).rejects.toThrow('fetch failed');
  });

  it('answers 404 with a JSON error for unknown routes', async () => {
    const response = await call(sandbox.url, 'GET', '/api2/nothing', { key: KEY });
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ error: 'Not found.' });
  });
});
