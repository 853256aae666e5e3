import {
  afterBackfillPage,
  ApiError,
  backfillRequestInput,
  buildCreateHookRequest,
  buildDeleteHookRequest,
  buildErasePersonRequest,
  buildListCampaignsRequest,
  buildListContactsRequest,
  buildRecentLeadsRequest,
  campaignOption,
  InputError,
  normalize,
  parseCreateHookResponse,
  parseDeleteHookResponse,
  parseErasePersonResponse,
  parseListCampaignsResponse,
  parseListContactsResponse,
  recentLeadRecords,
  startBackfill,
  wisepopsActionOf,
  wisepopsAuthHeaders,
  type HttpRequest,
} from '@popup-leads/core';

import { seedJson, seedText } from '../helpers/fixtures';

/** Reads the seed's curl examples into method, URL, headers and body, to compare with ours. */
function curl(text: string): { method: string; url: string; headers: Record<string, string>; body?: unknown } {
  const headers: Record<string, string> = {};
  for (const match of text.matchAll(/-H '([^:]+): ([^']*)'/g)) headers[match[1] as string] = match[2] as string;
  const data = /-d '([^']*)'/.exec(text)?.[1];
  const method = /-X(\w+)/.exec(text)?.[1] ?? (data ? 'POST' : 'GET');
  const url = /'(https:\/\/[^']+)'/.exec(text)?.[1] as string;
  return { method, url, headers, ...(data ? { body: JSON.parse(data) as unknown } : {}) };
}

function asCurl(request: HttpRequest, auth: Record<string, string>): { method: string; url: string; headers: Record<string, string>; body?: unknown } {
  const query = new URLSearchParams(request.query).toString();
  const headers = { ...auth, ...request.headers };
  delete headers.Accept;
  return { method: request.method, url: query ? `${request.url}?${query}` : request.url, headers, ...(request.body !== undefined ? { body: request.body } : {}) };
}

const auth = wisepopsAuthHeaders('YOUR_API_KEY_HERE');

describe('requests match the seed examples', () => {
  it('creates a hook exactly as the documented curl does', () => {
    const request = buildCreateHookRequest({ event: 'email', targetUrl: 'https://example.com/hook' });
    expect(asCurl(request, auth)).toEqual(curl(seedText('wisepops-create-hook.curl.txt')));
  });

  it('deletes a hook exactly as the documented curl does', () => {
    const request = buildDeleteHookRequest(42);
    expect(asCurl(request, auth)).toEqual(curl(seedText('wisepops-delete-hook.curl.txt').replace('\n', ' ')));
    expect(request.body).toBeUndefined();
  });

  it('reads the documented answer to a creation', () => {
    expect(parseCreateHookResponse({ status: 200, headers: {}, body: seedText('wisepops-create-hook.response.json') })).toEqual({ id: 42 });
    expect(parseCreateHookResponse({ status: 201, body: { id: '43', target_url: 'x' } })).toEqual({ id: '43', target_url: 'x' });
  });
});

describe('hooks', () => {
  it('adds wisepop_id only when a campaign is chosen, as a number', () => {
    expect(buildCreateHookRequest({ event: 'phone', targetUrl: 'https://hooks.zapier.com/1/2', campaignId: '12345' }).body).toEqual({
      event: 'phone',
      target_url: 'https://hooks.zapier.com/1/2',
      wisepop_id: 12345,
    });
    expect(buildCreateHookRequest({ event: 'survey', targetUrl: 'https://x.example/h', campaignId: '' }).body).toEqual({ event: 'survey', target_url: 'https://x.example/h' });
    expect(buildCreateHookRequest({ event: 'survey', targetUrl: 'https://x.example/h', campaignId: null }).body).not.toHaveProperty('wisepop_id');
  });

  it('uses Wisepops itself when the base URL is blank', () => {
    expect(buildListCampaignsRequest({ baseUrl: '  ' }).url).toBe('https://app.wisepops.com/api2/wisepops');
  });

  it('uses an overridden base URL without its trailing slash', () => {
    expect(buildCreateHookRequest({ event: 'email', targetUrl: 'http://127.0.0.1:5678/webhook/a' }, { baseUrl: 'http://127.0.0.1:4010/' }).url).toBe(
      'http://127.0.0.1:4010/api2/hooks',
    );
  });

  it('refuses bad input with an InputError that names the field', () => {
    expect(() => buildCreateHookRequest({ event: 'sms' as 'email', targetUrl: 'https://x.example' })).toThrow(InputError);
    expect(() => buildCreateHookRequest({ event: 'email', targetUrl: 'not a url' })).toThrow(/target URL/);
    expect(() => buildCreateHookRequest({ event: 'email', targetUrl: 'ftp://x.example/h' })).toThrow(/target URL/);
    expect(() => buildCreateHookRequest({ event: 'email', targetUrl: 'https://x.example', campaignId: 'abc' })).toThrow(/campaign/);
    expect(() => buildCreateHookRequest({ event: 'email', targetUrl: 'https://x.example' }, { baseUrl: 'javascript:alert(1)' })).toThrow(/base URL/);
    expect(() => buildDeleteHookRequest('1; DROP')).toThrow(InputError);
  });

  it('treats an already deleted hook as deleted, and other failures as errors', () => {
    expect(parseDeleteHookResponse({ status: 204, body: '' })).toEqual({ deleted: true, alreadyGone: false });
    expect(parseDeleteHookResponse({ status: 404, body: { error: 'Hook not found' } })).toEqual({ deleted: true, alreadyGone: true });
    expect(() => parseDeleteHookResponse({ status: 401, body: '' })).toThrow(ApiError);
  });

  it('refuses a creation answer without an id', () => {
    expect(() => parseCreateHookResponse({ status: 200, body: { ok: true } })).toThrow(/not a hook with an id/);
    expect(() => parseCreateHookResponse({ status: 200, body: '<html>' })).toThrow(/not JSON/);
  });
});

describe('auth header', () => {
  it('is exactly the documented form, key trimmed', () => {
    expect(wisepopsAuthHeaders('  abc123\n')).toEqual({ Authorization: 'WISEPOPS-API key="abc123"' });
  });

  it('refuses keys that would break out of the quoted parameter, without echoing them', () => {
    for (const key of ['', 'ab"c', 'a b', 'a\\b', 'a\r\nX-Evil: 1']) {
      let error: unknown;
      try {
        wisepopsAuthHeaders(key);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InputError);
      if (key.length > 3) expect((error as Error).message).not.toContain(key);
    }
  });
});

describe('campaigns', () => {
  const campaigns = [
    { id: 12345, label: 'Welcome offer - new visitors', created_at: '2024-01-01T00:00:00Z', activated: true, display_count: 10, click_count: 2, email_count: 1, goal: 'x' },
    { id: 678, label: null, activated: false },
  ];

  it('lists with GET /api2/wisepops and keeps unknown keys', () => {
    expect(buildListCampaignsRequest()).toEqual({ method: 'GET', url: 'https://app.wisepops.com/api2/wisepops', headers: { Accept: 'application/json' }, query: {} });
    const parsed = parseListCampaignsResponse({ status: 200, body: JSON.stringify(campaigns) });
    expect(parsed[0]).toEqual(campaigns[0]);
    expect(parseListCampaignsResponse({ status: 200, body: { data: campaigns } })).toHaveLength(2);
  });

  it('labels dropdown options, unnamed and inactive ones included', () => {
    const parsed = parseListCampaignsResponse({ status: 200, body: campaigns });
    expect(parsed.map(campaignOption)).toEqual([
      { value: '12345', label: 'Welcome offer - new visitors' },
      { value: '678', label: 'Campaign 678 (inactive)' },
    ]);
  });

  it('refuses an answer that is not a list', () => {
    expect(() => parseListCampaignsResponse({ status: 200, body: { error: 'x' } })).toThrow(/not a list of campaigns/);
  });
});

describe('contacts', () => {
  it('builds GET /api2/contacts with the largest page by default and UTC collected_after', () => {
    const request = buildListContactsRequest({ collectedAfter: new Date('2026-11-01T10:00:00+02:00'), campaignId: 12345 });
    expect(request.method).toBe('GET');
    expect(request.url).toBe('https://app.wisepops.com/api2/contacts');
    expect(request.query).toEqual({ collected_after: '2026-11-01T08:00:00.000Z', wisepop_id: '12345', page_size: '1000' });
    expect(buildListContactsRequest({ pageSize: 1 }).query).toEqual({ page_size: '1' });
    expect(buildListContactsRequest({ page: 3, pageSize: 10 }).query).toEqual({ page_size: '10', page: '3' });
  });

  it('refuses page sizes outside 1–1000 and unreadable dates', () => {
    expect(() => buildListContactsRequest({ pageSize: 0 })).toThrow(/page size/);
    expect(() => buildListContactsRequest({ pageSize: 1001 })).toThrow(/page size/);
    expect(() => buildListContactsRequest({ collectedAfter: 'last week' })).toThrow(/collected after/);
  });

  it('parses a bare array of leads shaped like the hook payload, for normalize', () => {
    const leads = parseListContactsResponse({ status: 200, body: seedText('wisepops-hook-payload.json') });
    expect(leads).toEqual(seedJson('wisepops-hook-payload.json'));
    expect(normalize('wisepops', leads, { event: 'email' }).map((r) => r.email)).toEqual(['example@example.com', 'other.example@example.com']);
  });
});

describe('backfill paging', () => {
  const lead = (at: string): { collected_at: string } => ({ collected_at: at });
  const fullPage = (at: string): { collected_at: string }[] => Array.from({ length: 1000 }, () => lead(at));

  it('asks for the largest page after the last seen time', () => {
    const cursor = startBackfill('2026-11-20T00:00:00Z', '7');
    expect(backfillRequestInput(cursor)).toEqual({ collectedAfter: '2026-11-20T00:00:00.000Z', campaignId: '7', page: 1, pageSize: 1000 });
  });

  it('stops on a short page and reports the newest time', () => {
    const step = afterBackfillPage(startBackfill('2026-11-20T00:00:00Z'), [lead('2026-11-21T00:00:00Z'), lead('2026-11-22T00:00:00.5Z')]);
    expect(step).toEqual({ done: true, truncated: false, newestCollectedAt: '2026-11-22T00:00:00.500Z' });
  });

  it('moves collected_after forward on a full page, and falls back to the page number when it cannot move', () => {
    const first = afterBackfillPage(startBackfill('2026-11-20T00:00:00Z'), [...fullPage('2026-11-21T00:00:00Z').slice(1), lead('2026-11-23T00:00:00Z')]);
    expect(first).toMatchObject({ done: false, next: { collectedAfter: '2026-11-23T00:00:00.000Z', page: 1, pagesFetched: 1 } });
    if (first.done) throw new Error('expected another page');
    const stuck = afterBackfillPage(first.next, fullPage('2026-11-23T00:00:00Z'));
    expect(stuck).toMatchObject({ done: false, next: { collectedAfter: '2026-11-23T00:00:00.000Z', page: 2, pagesFetched: 2 } });
  });

  it('stops after the page budget and says the result is truncated', () => {
    const step = afterBackfillPage({ ...startBackfill('2026-11-20T00:00:00Z'), pagesFetched: 9 }, fullPage('2026-11-21T00:00:00Z'));
    expect(step).toMatchObject({ done: true, truncated: true });
  });
});

describe('data privacy', () => {
  it('erases by email and/or phone with DELETE /api2/data-privacy and a JSON body', () => {
    expect(buildErasePersonRequest({ email: ' Jane@Example.COM ' })).toEqual({
      method: 'DELETE',
      url: 'https://app.wisepops.com/api2/data-privacy',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      query: {},
      body: { email: 'Jane@example.com' },
    });
    expect(buildErasePersonRequest({ phone: '+33 6 12-34-56-78' }).body).toEqual({ phone: '+33612345678' });
    expect(buildErasePersonRequest({ email: 'a@b.example', phone: '+15551234567' }).body).toEqual({ email: 'a@b.example', phone: '+15551234567' });
    expect(buildErasePersonRequest({ email: 'a@b.example', phone: '' }).body).toEqual({ email: 'a@b.example' });
  });

  it('refuses nothing to erase, an invalid email and a local phone number', () => {
    expect(() => buildErasePersonRequest({})).toThrow(/email, a phone number, or both/);
    expect(() => buildErasePersonRequest({ email: 'not-an-email' })).toThrow(/email/);
    expect(() => buildErasePersonRequest({ phone: '06 12 34 56 78' })).toThrow(/international format/);
  });

  it('accepts any 2xx answer', () => {
    expect(parseErasePersonResponse({ status: 204, body: '' })).toEqual({ erased: true });
    expect(() => parseErasePersonResponse({ status: 422, body: { message: 'phone is invalid' } })).toThrow(/phone is invalid/);
  });
});

describe('recent leads for editors', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('asks for the largest page of the last 30 days, for one campaign if chosen', () => {
    expect(buildRecentLeadsRequest('12345', {}, now).query).toEqual({ collected_after: '2026-10-24T12:00:00.000Z', wisepop_id: '12345', page_size: '1000' });
    expect(buildRecentLeadsRequest(undefined, {}, now).query).toEqual({ collected_after: '2026-10-24T12:00:00.000Z', page_size: '1000' });
  });

  it("keeps the trigger's event only, newest first, each id once, at most the limit", () => {
    const lead = (at: string, fields: Record<string, unknown>, session = at): Record<string, unknown> => ({ collected_at: at, wisepop_id: 1, form_session: session, fields });
    const leads = [
      lead('2026-11-01T00:00:00.000Z', { email: 'old@x.example' }),
      lead('2026-11-03T00:00:00.000Z', { phone: '+33612345678' }),
      lead('2026-11-02T00:00:00.000Z', { email: 'new@x.example' }),
      lead('2026-11-02T00:00:00.000Z', { email: 'new@x.example' }),
    ];
    expect(recentLeadRecords(leads, 'email').map((r) => r.email)).toEqual(['new@x.example', 'old@x.example']);
    expect(recentLeadRecords(leads, 'email', 1).map((r) => r.email)).toEqual(['new@x.example']);
    expect(recentLeadRecords(leads, 'phone').map((r) => r.phone)).toEqual(['+33612345678']);
    expect(recentLeadRecords(leads, 'survey')).toEqual([]);
  });
});

describe('what a request does, for messages about a call that got no answer', () => {
  it('names each call as the response parsers do', () => {
    const options = { baseUrl: 'https://wisepops.test' };
    expect(wisepopsActionOf(buildCreateHookRequest({ event: 'email', targetUrl: 'https://n8n.test/h' }, options))).toBe('creating the hook');
    expect(wisepopsActionOf(buildDeleteHookRequest(7, options))).toBe('deleting the hook');
    expect(wisepopsActionOf(buildListCampaignsRequest(options))).toBe('listing campaigns');
    expect(wisepopsActionOf(buildListContactsRequest({}, options))).toBe('listing contacts');
    expect(wisepopsActionOf(buildErasePersonRequest({ email: 'a@example.com' }, options))).toBe('erasing the person data');
    // The same words as the parsers' messages, so a timeout and a refusal read alike.
    expect(() => parseListContactsResponse({ status: 500, body: '' })).toThrow(/while listing contacts/);
    expect(() => parseListCampaignsResponse({ status: 200, body: '<!doctype html><title>Log in</title>' })).toThrow(
      'Wisepops answered HTTP 200 with a body that is not JSON while listing campaigns.',
    );
  });

  it('finds the API path behind a base URL with a path of its own, and nothing for other requests', () => {
    expect(wisepopsActionOf(buildListCampaignsRequest({ baseUrl: 'https://proxy.test/wisepops/' }))).toBe('listing campaigns');
    expect(wisepopsActionOf({ method: 'GET', url: 'https://wisepops.test/api2/hooks' })).toBeUndefined();
    expect(wisepopsActionOf({ method: 'GET', url: 'not a url' })).toBeUndefined();
  });
});
