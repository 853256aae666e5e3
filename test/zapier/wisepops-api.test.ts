import { RECENT_WINDOW_DAYS, type LeadRecord } from '@popup-leads/core';
import nock from 'nock';
import { createAppTester } from 'zapier-platform-core';

import app from '../../zapier/wisepops/src';
import { seedJson } from '../helpers/fixtures';
import { API_KEY, AUTH_HEADER, appError, keysOf, operationAt, valueAt, WISEPOPS } from './support';

const appTester = createAppTester(app);
const performList = (key: string) => operationAt(app, `triggers.${key}.operation.performList`);
const listCampaigns = operationAt(app, 'triggers.campaign_list.operation.perform');
const erase = operationAt(app, 'creates.erase_person_data.operation.perform');
const AUTH = { apiKey: API_KEY };

const SEED_LEADS = seedJson<Record<string, unknown>[]>('wisepops-hook-payload.json');
const PHONE_LEAD = { collected_at: '2019-10-11T08:00:00.000Z', wisepop_id: 12346, form_session: 'p-1', ip: '10.0.0.1', country_code: 'FR', fields: { phone: '+33612345678' } };
const SURVEY_LEAD = { collected_at: '2019-10-11T09:00:00.000Z', wisepop_id: 12347, form_session: 's-1', fields: { 'Your favourite colour?': 'Blue' } };

/** `collected_after` within a minute of "now minus the window", `page_size` the largest. */
function recentQuery(query: Record<string, string>, extra: Record<string, string> = {}): boolean {
  const expected = Date.now() - RECENT_WINDOW_DAYS * 24 * 60 * 60 * 1000;
  const { collected_after: after, page_size: size, ...rest } = query;
  return size === '1000' && Math.abs(Date.parse(after ?? '') - expected) < 60_000 && JSON.stringify(rest) === JSON.stringify(extra);
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Wisepops performList (recent leads for the Zap editor)', () => {
  it('lists the last 30 days in one call and normalizes leads exactly like live deliveries, newest first', async () => {
    const scope = nock(WISEPOPS, { reqheaders: { authorization: AUTH_HEADER } })
      .get('/api2/contacts')
      .query((query) => recentQuery(query as Record<string, string>))
      .reply(200, [...SEED_LEADS, PHONE_LEAD, SURVEY_LEAD]);
    const records = (await appTester(performList('new_email_lead'), { authData: AUTH, inputData: {} })) as LeadRecord[];
    expect(scope.isDone()).toBe(true);
    expect(records.map((record) => record.email)).toEqual(['other.example@example.com', 'example@example.com']);
    const sample = valueAt(app, 'triggers.new_email_lead.operation.sample') as Record<string, unknown>;
    for (const record of records) expect(keysOf(record)).toEqual(keysOf(sample));
    expect(records[1]?.id).toBe('wisepops:12345:e3ff440d-602f-414a-85fa-9d6268d0a82a:2019-10-10T10:10:58.389Z');
  });

  it("keeps only the trigger's event and passes the chosen campaign", async () => {
    nock(WISEPOPS)
      .get('/api2/contacts')
      .query((query) => recentQuery(query as Record<string, string>, { wisepop_id: '12346' }))
      .reply(200, [...SEED_LEADS, PHONE_LEAD, SURVEY_LEAD]);
    const phones = (await appTester(performList('new_phone_lead'), { authData: AUTH, inputData: { campaign: '12346' } })) as LeadRecord[];
    expect(phones.map((record) => [record.event, record.phone])).toEqual([['phone', '+33612345678']]);
    const sample = valueAt(app, 'triggers.new_phone_lead.operation.sample') as LeadRecord;
    for (const key of ['id', 'event', 'occurred_at', 'email', 'phone', 'campaign_id', 'ip', 'country_code', 'form_session']) expect(phones[0]).toHaveProperty(key);
    expect(sample.event).toBe('phone');

    nock(WISEPOPS).get('/api2/contacts').query(true).reply(200, [...SEED_LEADS, PHONE_LEAD, SURVEY_LEAD]);
    const surveys = (await appTester(performList('new_survey_response'), { authData: AUTH, inputData: {} })) as LeadRecord[];
    expect(surveys.map((record) => record.field_your_favourite_colour)).toEqual(['Blue']);
  });

  it('returns nothing (Zapier then shows the sample) when there are no recent leads', async () => {
    nock(WISEPOPS).get('/api2/contacts').query(true).reply(200, []);
    expect(await appTester(performList('new_email_lead'), { authData: AUTH, inputData: {} })).toEqual([]);
  });
});

describe('Wisepops campaign dropdown', () => {
  it('lists campaigns as id and name, from one call', async () => {
    const scope = nock(WISEPOPS, { reqheaders: { authorization: AUTH_HEADER } })
      .get('/api2/wisepops')
      .reply(200, [
        { id: 12345, label: 'Welcome offer - new visitors', activated: true },
        { id: 2, label: '', activated: false },
      ]);
    expect(await appTester(listCampaigns, { authData: AUTH })).toEqual([
      { id: '12345', name: 'Welcome offer - new visitors' },
      { id: '2', name: 'Campaign 2 (inactive)' },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('is what every lead trigger’s Campaign field points at', () => {
    for (const key of ['new_email_lead', 'new_phone_lead', 'new_survey_response']) {
      const fields = valueAt(app, `triggers.${key}.operation.inputFields`) as { key: string; dynamic?: string }[];
      const dynamic = fields.find((field) => field.key === 'campaign')?.dynamic ?? '';
      const [trigger, id, label] = dynamic.split('.');
      expect(valueAt(app, `triggers.${trigger}.operation.perform`)).toBe(listCampaigns);
      expect([id, label]).toEqual(['id', 'name']);
    }
    expect(valueAt(app, 'triggers.campaign_list.display.hidden')).toBe(true);
  });
});

describe('Wisepops errors', () => {
  it('turns a 429 into ThrottledError with the Retry-After delay and the core message', async () => {
    nock(WISEPOPS).get('/api2/wisepops').reply(429, { error: 'Too many requests' }, { 'Retry-After': '120' });
    const error = (await appTester(listCampaigns, { authData: AUTH }).catch((e: unknown) => e)) as Error;
    expect(error.name).toBe('ThrottledError');
    // ThrottledError carries { message, delay } as JSON; Zapier retries after `delay` seconds.
    expect(JSON.parse(error.message)).toEqual({ message: 'Wisepops is limiting requests (HTTP 429) while listing campaigns. Try again in 120 seconds.', delay: 120 });
  });

  it('reports a 5xx as temporary, with the API message scrubbed of the key', async () => {
    nock(WISEPOPS).get('/api2/contacts').query(true).reply(503, { message: `Maintenance (key ${API_KEY})` });
    const error = await appTester(performList('new_email_lead'), { authData: AUTH, inputData: {} }).catch((e: unknown) => e);
    expect(appError(error)).toEqual({
      message: 'Wisepops failed to answer (HTTP 503) while listing recent leads: Maintenance (key [redacted]) This is usually temporary.',
      code: 'upstream',
      status: 503,
    });
  });

  it('reports a 400 as a refused request', async () => {
    nock(WISEPOPS).post('/api2/hooks').reply(422, { error: 'target_url is invalid' });
    const error = await appTester(operationAt(app, 'triggers.new_email_lead.operation.performSubscribe'), {
      authData: AUTH,
      targetUrl: 'https://hooks.zapier.com/x',
      inputData: {},
    }).catch((e: unknown) => e);
    expect(appError(error)).toMatchObject({ message: 'Wisepops refused the request (HTTP 422) while creating the hook: target_url is invalid', code: 'invalid-request', status: 422 });
  });
});

describe('Erase Person Data', () => {
  it('sends DELETE /api2/data-privacy with the email and phone and confirms', async () => {
    let body: unknown;
    const scope = nock(WISEPOPS, { reqheaders: { authorization: AUTH_HEADER, 'content-type': 'application/json' } })
      .delete('/api2/data-privacy', (sent: unknown) => {
        body = sent;
        return true;
      })
      .reply(200, {});
    const result = await appTester(erase, { authData: AUTH, inputData: { email: ' Jane@Example.COM ', phone: '+33 6 12 34 56 78' } });
    expect(body).toEqual({ email: 'Jane@example.com', phone: '+33612345678' });
    expect(result).toEqual({ erased: true, email: 'Jane@example.com', phone: '+33612345678' });
    expect(scope.isDone()).toBe(true);
  });

  it('erases by email alone', async () => {
    let body: unknown;
    nock(WISEPOPS)
      .delete('/api2/data-privacy', (sent: unknown) => {
        body = sent;
        return true;
      })
      .reply(204);
    expect(await appTester(erase, { authData: AUTH, inputData: { email: 'jane@example.com' } })).toEqual({ erased: true, email: 'jane@example.com', phone: null });
    expect(body).toEqual({ email: 'jane@example.com' });
  });

  it('explains unusable input without calling Wisepops', async () => {
    const none = await appTester(erase, { authData: AUTH, inputData: {} }).catch((e: unknown) => e);
    expect(appError(none)).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('give an email, a phone number, or both') });
    const badPhone = await appTester(erase, { authData: AUTH, inputData: { phone: '06 12 34 56 78' } }).catch((e: unknown) => e);
    expect(appError(badPhone).message).toContain('international format');
  });
});
