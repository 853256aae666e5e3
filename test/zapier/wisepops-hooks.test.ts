import { signatureHeaders, type LeadRecord } from '@popup-leads/core';
import nock from 'nock';
import { createAppTester } from 'zapier-platform-core';

import app from '../../zapier/wisepops/src';
import { seedJson, seedText } from '../helpers/fixtures';
import { API_KEY, AUTH_HEADER, capturingLogs, firstLine, keysOf, operationAt, rawRequest, valueAt, WISEPOPS } from './support';

const appTester = createAppTester(app);
const TRIGGERS = ['new_email_lead', 'new_phone_lead', 'new_survey_response'] as const;
const EVENTS = { new_email_lead: 'email', new_phone_lead: 'phone', new_survey_response: 'survey' } as const;
const subscribe = (key: string) => operationAt(app, `triggers.${key}.operation.performSubscribe`);
const unsubscribe = (key: string) => operationAt(app, `triggers.${key}.operation.performUnsubscribe`);
const perform = (key: string) => operationAt(app, `triggers.${key}.operation.perform`);

/** The seed's delivery, byte for byte, signed with the key as Wisepops does. */
const BODY = seedText('wisepops-hook-payload.json');
const SIGNED = rawRequest(BODY, signatureHeaders({ scheme: 'wisepops', body: BODY, secret: API_KEY }));
const TARGET = 'https://hooks.zapier.com/hooks/standard/123/abc/';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Wisepops instant triggers: subscribe', () => {
  it.each(TRIGGERS)('%s creates a hook for its event with the exact documented body and header', async (key) => {
    let body: unknown;
    const scope = nock(WISEPOPS, { reqheaders: { authorization: AUTH_HEADER, 'content-type': 'application/json' } })
      .post('/api2/hooks', (sent: unknown) => {
        body = sent;
        return true;
      })
      .reply(200, seedJson('wisepops-create-hook.response.json'));
    const result = await appTester(subscribe(key), { authData: { apiKey: API_KEY }, targetUrl: TARGET, inputData: {} });
    expect(result).toEqual({ id: 42 });
    expect(body).toEqual({ event: EVENTS[key], target_url: TARGET });
    expect(scope.isDone()).toBe(true);
  });

  it('matches the seed curl exactly for the documented example', async () => {
    const curl = seedText('wisepops-create-hook.curl.txt');
    const documented = JSON.parse(/-d '([^']*)'/.exec(curl)?.[1] ?? '') as { target_url: string };
    let raw = '';
    nock(WISEPOPS, { reqheaders: { authorization: 'WISEPOPS-API key="YOUR_API_KEY_HERE"' } })
      .post('/api2/hooks', (sent: unknown) => {
        raw = JSON.stringify(sent);
        return true;
      })
      .reply(200, { id: 42 });
    await appTester(subscribe('new_email_lead'), { authData: { apiKey: 'YOUR_API_KEY_HERE' }, targetUrl: documented.target_url, inputData: {} });
    expect(raw).toBe('{"event":"email","target_url":"https://example.com/hook"}');
  });

  it('adds wisepop_id when a campaign is chosen', async () => {
    let body: unknown;
    nock(WISEPOPS)
      .post('/api2/hooks', (sent: unknown) => {
        body = sent;
        return true;
      })
      .reply(201, { id: '77' });
    const result = await appTester(subscribe('new_phone_lead'), { authData: { apiKey: API_KEY }, targetUrl: TARGET, inputData: { campaign: '12345' } });
    expect(body).toEqual({ event: 'phone', target_url: TARGET, wisepop_id: 12345 });
    expect(result).toEqual({ id: '77' });
  });

  it('refuses a Wisepops answer without a hook id', async () => {
    nock(WISEPOPS).post('/api2/hooks').reply(200, { ok: true });
    const error = await appTester(subscribe('new_email_lead'), { authData: { apiKey: API_KEY }, targetUrl: TARGET, inputData: {} }).catch((e: unknown) => e);
    expect(firstLine(error)).toBe('Wisepops answered HTTP 200 with an answer that is not a hook with an id.');
  });
});

describe('Wisepops instant triggers: unsubscribe', () => {
  it('deletes the hook by the id subscribe returned, with the exact query', async () => {
    const scope = nock(WISEPOPS, { reqheaders: { authorization: AUTH_HEADER } }).delete('/api2/hooks').query({ hook_id: '42' }).reply(200, {});
    const result = await appTester(unsubscribe('new_email_lead'), { authData: { apiKey: API_KEY }, subscribeData: { id: 42 } });
    expect(result).toEqual({ deleted: true, already_gone: false });
    expect(scope.isDone()).toBe(true);
  });

  it('counts a hook that is already gone (404) as deleted', async () => {
    nock(WISEPOPS).delete('/api2/hooks').query({ hook_id: '42' }).reply(404, { error: 'Hook not found' });
    const result = await appTester(unsubscribe('new_survey_response'), { authData: { apiKey: API_KEY }, subscribeData: { id: '42' } });
    expect(result).toEqual({ deleted: true, already_gone: true });
  });

  it('does not fail when Zapier passes no subscribe data', async () => {
    const { result, logs } = await capturingLogs(() => appTester(unsubscribe('new_email_lead'), { authData: { apiKey: API_KEY } }));
    expect(result).toEqual({ deleted: false, already_gone: false });
    expect(logs).toContain('this Zap holds no hook id');
  });

  it('still reports other failures, e.g. an expired key', async () => {
    nock(WISEPOPS).delete('/api2/hooks').query({ hook_id: '42' }).reply(401, {});
    const error = (await appTester(unsubscribe('new_email_lead'), { authData: { apiKey: API_KEY }, subscribeData: { id: 42 } }).catch((e: unknown) => e)) as Error;
    expect(error.name).toBe('ExpiredAuthError');
    expect(firstLine(error)).toContain('while deleting the hook');
  });
});

describe('Wisepops instant triggers: deliveries', () => {
  it('turns a correctly signed 2-lead delivery into two records', async () => {
    const records = (await appTester(perform('new_email_lead'), { authData: { apiKey: API_KEY }, inputData: {}, rawRequest: SIGNED, cleanedRequest: JSON.parse(BODY) as unknown })) as LeadRecord[];
    expect(records).toHaveLength(2);
    expect(records.map((record) => record.email)).toEqual(['example@example.com', 'other.example@example.com']);
    expect(records[0]).toMatchObject({
      id: 'wisepops:12345:e3ff440d-602f-414a-85fa-9d6268d0a82a:2019-10-10T10:10:58.389Z',
      provider: 'wisepops',
      event: 'email',
      occurred_at: '2019-10-10T10:10:58.389Z',
      campaign_id: '12345',
      ip: '127.0.0.1',
      country_code: 'US',
      form_session: 'e3ff440d-602f-414a-85fa-9d6268d0a82a',
      field_email: 'example@example.com',
      field_gender: 'male',
      field_city: 'New York',
    });
    expect(records[1]?.field_city).toBe('Seattle');
  });

  it('gives each trigger its own event', async () => {
    const records = (await appTester(perform('new_survey_response'), { authData: { apiKey: API_KEY }, rawRequest: SIGNED })) as LeadRecord[];
    expect(records.map((record) => record.event)).toEqual(['survey', 'survey']);
  });

  it('has a sample with exactly the keys of a live record', async () => {
    const records = (await appTester(perform('new_email_lead'), { authData: { apiKey: API_KEY }, rawRequest: SIGNED })) as LeadRecord[];
    const sample = valueAt(app, 'triggers.new_email_lead.operation.sample') as Record<string, unknown>;
    expect(keysOf(sample)).toEqual(keysOf(records[0] as LeadRecord));
    const labelled = (valueAt(app, 'triggers.new_email_lead.operation.outputFields') as { key: string; label: string }[]).map((field) => field.key);
    expect([...labelled, 'raw'].sort()).toEqual(keysOf(sample));
  });

  const refused: [string, ReturnType<typeof rawRequest>][] = [
    ['signed with another key', rawRequest(BODY, signatureHeaders({ scheme: 'wisepops', body: BODY, secret: 'another-key-123' }))],
    ['mutated after signing', { ...SIGNED, content: BODY.replace('New York', 'New Yorq') }],
    ['re-serialized JSON', { ...SIGNED, content: JSON.stringify(JSON.parse(BODY)) }],
    ['unsigned', rawRequest(BODY, {})],
    ['with a truncated signature', rawRequest(BODY, { 'X-Wisepops-Signature': signatureHeaders({ scheme: 'wisepops', body: BODY, secret: API_KEY })['X-Wisepops-Signature']?.slice(0, 20) ?? '' })],
  ];

  it.each(refused)('ignores a delivery %s, logging why without the key or the body', async (_case, raw) => {
    const { result, logs } = await capturingLogs(() => appTester(perform('new_email_lead'), { authData: { apiKey: API_KEY }, rawRequest: raw }));
    expect(result).toEqual([]);
    expect(logs).toMatch(/Wisepops delivery refused \((missing-header|malformed|mismatch)/);
    expect(logs).not.toContain(API_KEY);
    expect(logs).not.toContain('example@example.com');
  });

  it('runs nothing for a signed empty array', async () => {
    const raw = rawRequest('[]', signatureHeaders({ scheme: 'wisepops', body: '[]', secret: API_KEY }));
    expect(await appTester(perform('new_email_lead'), { authData: { apiKey: API_KEY }, rawRequest: raw })).toEqual([]);
  });

  it('runs nothing when there is no raw request', async () => {
    const { result, logs } = await capturingLogs(() => appTester(perform('new_email_lead'), { authData: { apiKey: API_KEY } }));
    expect(result).toEqual([]);
    expect(logs).toContain('no body');
  });
});
