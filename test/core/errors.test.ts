import { ApiError, apiMessageOf, errorFromResponse, isTimeout, networkError, redactSecrets, retryAfterSeconds, WISEPOPS_SERVICE } from '@popup-leads/core';

const KEY = 'wp_live_6f1c2a9e44b8';

describe('errorFromResponse', () => {
  it('returns nothing for a 2xx', () => {
    expect(errorFromResponse({ status: 200, body: {} }, WISEPOPS_SERVICE)).toBeUndefined();
    expect(errorFromResponse({ status: 204, body: '' }, WISEPOPS_SERVICE)).toBeUndefined();
  });

  it.each([401, 403])('calls %i an invalid key and says where the key lives', (status) => {
    const error = errorFromResponse({ status, body: { message: `bad key ${KEY}` } }, WISEPOPS_SERVICE, { secrets: [KEY], action: 'creating the hook' });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'auth', status, service: 'Wisepops' });
    expect(error?.message).toBe(`Wisepops rejected the API key (HTTP ${status}) while creating the hook. Copy a valid key from Wisepops (Settings > Email API) and reconnect.`);
    expect(JSON.stringify({ ...error, message: error?.message })).not.toContain(KEY);
  });

  it('calls 404 not found, with the API message', () => {
    expect(errorFromResponse({ status: 404, body: { error: 'Hook not found' } }, WISEPOPS_SERVICE)).toMatchObject({
      kind: 'not-found',
      apiMessage: 'Hook not found',
      message: 'Wisepops found nothing at this address (HTTP 404): Hook not found',
    });
  });

  it('calls 429 rate limiting and reads Retry-After in seconds or as a date', () => {
    const seconds = errorFromResponse({ status: 429, headers: { 'Retry-After': '120' }, body: '' }, WISEPOPS_SERVICE);
    expect(seconds).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 120, message: 'Wisepops is limiting requests (HTTP 429). Try again in 120 seconds.' });
    const now = Date.parse('2026-11-23T12:00:00Z');
    const dated = errorFromResponse({ status: 429, headers: { 'retry-after': 'Mon, 23 Nov 2026 12:01:30 GMT' }, body: '' }, WISEPOPS_SERVICE, { nowMs: now });
    expect(dated?.retryAfterSeconds).toBe(90);
    expect(errorFromResponse({ status: 429, body: '' }, WISEPOPS_SERVICE)).toMatchObject({ retryAfterSeconds: undefined, message: expect.stringContaining('Try again later') });
  });

  it.each([400, 409, 422])('calls %i an invalid request and passes on what the API said', (status) => {
    const error = errorFromResponse({ status, body: { errors: ['target_url is invalid', { field: 'event' }] } }, WISEPOPS_SERVICE);
    expect(error).toMatchObject({ kind: 'invalid-request', apiMessage: 'target_url is invalid; {"field":"event"}' });
  });

  it.each([500, 502, 503, 302])('calls %i an upstream failure', (status) => {
    expect(errorFromResponse({ status, body: '<html><body>Bad gateway</body></html>' }, WISEPOPS_SERVICE)).toMatchObject({ kind: 'upstream', apiMessage: undefined });
  });

  it('never repeats a secret the API echoes, and shortens long messages', () => {
    const error = errorFromResponse({ status: 400, body: JSON.stringify({ message: `key ${KEY} is not allowed ${'x'.repeat(400)}` }) }, WISEPOPS_SERVICE, { secrets: [KEY] });
    expect(error?.message).not.toContain(KEY);
    expect(error?.message).toContain('[redacted]');
    expect((error?.apiMessage ?? '').length).toBeLessThanOrEqual(301);
  });
});

describe('helpers', () => {
  it('networkError words a failure without the key', () => {
    const error = networkError(WISEPOPS_SERVICE, new Error(`connect ECONNREFUSED (key ${KEY})`), { secrets: [KEY], action: 'listing campaigns' });
    expect(error).toMatchObject({ kind: 'upstream', status: undefined });
    expect(error.message).toBe('Could not reach Wisepops while listing campaigns: connect ECONNREFUSED (key [redacted])');
  });

  it('networkError calls a timeout a timeout, with how long it waited and what it was doing', () => {
    // axios' own timeout, as n8n 2.41 wraps it: its message replaced, the original as the cause.
    const wrapped = Object.assign(new Error('The connection was aborted, perhaps the server is offline'), {
      cause: Object.assign(new Error('timeout of 15000ms exceeded'), { code: 'ECONNABORTED' }),
    });
    expect(networkError(WISEPOPS_SERVICE, wrapped, { action: 'creating the hook', timeoutMs: 15_000 }).message).toBe(
      'Wisepops did not answer within 15 seconds while creating the hook. It may be busy or down: try again later.',
    );
    expect(networkError(WISEPOPS_SERVICE, new Error('socket timed out')).message).toBe('Wisepops did not answer in time. It may be busy or down: try again later.');
  });

  it.each([
    ['a Node timeout code', Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:443'), { code: 'ETIMEDOUT' })],
    ['an undici headers timeout', Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' })],
    ['an AbortSignal.timeout', Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' })],
    ['older n8n: the code in httpCode, the words in messages', { message: 'The connection was aborted', httpCode: 'ECONNABORTED' }],
    ['older n8n: only the words', { message: 'The connection was aborted', messages: ['timeout of 15000ms exceeded'] }],
    ['a cause of a cause', { message: 'outer', cause: { message: 'inner', cause: { code: 'ETIMEDOUT' } } }],
  ])('isTimeout recognises %s', (_name, error) => {
    expect(isTimeout(error)).toBe(true);
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })],
    ['a DNS failure', Object.assign(new Error('getaddrinfo ENOTFOUND wisepops.invalid'), { code: 'ENOTFOUND' })],
    ['text', 'timeout of 15000ms exceeded'],
    ['nothing', undefined],
    ['a cycle', (() => { const cyclic: Record<string, unknown> = { message: 'loop' }; cyclic.cause = cyclic; return cyclic; })()],
  ])('isTimeout does not take %s for one', (_name, error) => {
    expect(isTimeout(error)).toBe(false);
  });

  it('apiMessageOf reads common shapes and ignores HTML and empty bodies', () => {
    expect(apiMessageOf({ message: ' Invalid event ' })).toBe('Invalid event');
    expect(apiMessageOf({ error_description: 'nope' })).toBe('nope');
    expect(apiMessageOf({ error: { code: 1 } })).toBe('{"code":1}');
    expect(apiMessageOf('plain words')).toBe('plain words');
    expect(apiMessageOf('<!doctype html><p>x</p>')).toBeUndefined();
    expect(apiMessageOf('')).toBeUndefined();
    expect(apiMessageOf(null)).toBeUndefined();
  });

  it('retryAfterSeconds ignores nonsense', () => {
    expect(retryAfterSeconds('soon')).toBeUndefined();
    expect(retryAfterSeconds(undefined)).toBeUndefined();
    expect(retryAfterSeconds(' 5 ')).toBe(5);
  });

  it('redactSecrets leaves very short values alone', () => {
    expect(redactSecrets('a b abc', ['a', 'abc'])).toBe('a b abc');
    expect(redactSecrets('token=abcd1234 again abcd1234', ['abcd1234'])).toBe('token=[redacted] again [redacted]');
  });
});
