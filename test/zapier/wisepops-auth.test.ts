import nock from 'nock';
import { createAppTester } from 'zapier-platform-core';

import app from '../../zapier/wisepops/src';
import { API_KEY, AUTH_HEADER, operationAt, WISEPOPS } from './support';

const appTester = createAppTester(app);
const test_ = operationAt(app, 'authentication.test');
const label = operationAt(app, 'authentication.connectionLabel');

const CAMPAIGNS = [
  { id: 12345, label: 'Welcome offer - new visitors', activated: true, display_count: 1200 },
  { id: 12346, label: 'Exit intent', activated: false },
];

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Wisepops authentication', () => {
  it('tests the key with one call to /api2/wisepops, sending the documented header', async () => {
    const scope = nock(WISEPOPS, { reqheaders: { authorization: AUTH_HEADER } }).get('/api2/wisepops').reply(200, CAMPAIGNS);
    const result = await appTester(test_, { authData: { apiKey: API_KEY } });
    expect(result).toEqual({
      campaign_count: 2,
      first_campaign: 'Welcome offer - new visitors',
      connection_label: 'Welcome offer - new visitors and 1 more (2 campaigns)',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('labels the connection from the campaigns, never from the key', async () => {
    expect(await appTester(label, { authData: { apiKey: API_KEY }, inputData: { connection_label: 'Exit intent (1 campaign)' } })).toBe('Exit intent (1 campaign)');
    nock(WISEPOPS).get('/api2/wisepops').reply(200, [{ id: 7, label: null }]);
    const single = (await appTester(test_, { authData: { apiKey: API_KEY } })) as { connection_label: string };
    expect(single.connection_label).toBe('Campaign 7 (1 campaign)');
    nock(WISEPOPS).get('/api2/wisepops').reply(200, []);
    const none = (await appTester(test_, { authData: { apiKey: API_KEY } })) as { connection_label: string };
    expect(none.connection_label).toBe('Website without campaigns');
    for (const text of [single.connection_label, none.connection_label]) expect(text).not.toContain(API_KEY.slice(0, 6));
  });

  it('turns a 401 into ExpiredAuthError with the core message and no key', async () => {
    nock(WISEPOPS).get('/api2/wisepops').reply(401, { error: `Invalid key ${API_KEY}` });
    const failure = appTester(test_, { authData: { apiKey: API_KEY } });
    await expect(failure).rejects.toMatchObject({ name: 'ExpiredAuthError' });
    const error = (await failure.catch((e: unknown) => e)) as Error;
    // The app tester appends a "What happened" trace after the message.
    expect(error.message.split('\n')[0]).toBe(
      'Wisepops rejected the API key (HTTP 401) while checking the API key. Copy a valid key from Wisepops (Settings > Email API) and reconnect.',
    );
    expect(error.message).not.toContain(API_KEY);
  });

  it('treats 403 like 401', async () => {
    nock(WISEPOPS).get('/api2/wisepops').reply(403, 'Forbidden');
    await expect(appTester(test_, { authData: { apiKey: API_KEY } })).rejects.toMatchObject({ name: 'ExpiredAuthError', message: expect.stringContaining('HTTP 403') });
  });

  it('asks to reconnect when the stored key cannot be sent, without calling Wisepops', async () => {
    const error = (await appTester(test_, { authData: { apiKey: 'has "quotes"' } }).catch((e: unknown) => e)) as Error;
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toContain('API key');
  });

  it('sends the key to the Wisepops base URL only', async () => {
    const elsewhere = nock('https://example.com', { badheaders: ['authorization'] }).get('/x').reply(200, {});
    await appTester(async (z: { request: (url: string) => Promise<unknown> }) => z.request('https://example.com/x'), { authData: { apiKey: API_KEY } });
    expect(elsewhere.isDone()).toBe(true);
  });

  it('uses WISEPOPS_BASE_URL when set, for a local sandbox', async () => {
    process.env.WISEPOPS_BASE_URL = 'http://localhost:8765/';
    try {
      const scope = nock('http://localhost:8765', { reqheaders: { authorization: AUTH_HEADER } }).get('/api2/wisepops').reply(200, []);
      await appTester(test_, { authData: { apiKey: API_KEY } });
      expect(scope.isDone()).toBe(true);
    } finally {
      delete process.env.WISEPOPS_BASE_URL;
    }
  });
});
