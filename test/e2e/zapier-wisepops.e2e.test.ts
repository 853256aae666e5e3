import type { LeadRecord } from '@popup-leads/core';
import { startReceiver, startSandbox, type Receiver, type RunningSandbox } from '@popup-leads/sandbox';
import { createAppTester } from 'zapier-platform-core';

import app from '../../zapier/wisepops/src';
import { asZapierHeaders, capturingLogs, operationAt } from '../zapier/support';

/**
 * Issue case 7: the Wisepops Zapier app over real HTTP against the sandbox (no nock). Subscribe
 * creates the hook; the sandbox delivers to a local receiver standing in for Zapier's hook URL;
 * the captured request goes to `perform` the way Zapier hands it over (`Http-` prefixed headers,
 * the body as the raw string), giving one record per lead; unsubscribe removes the hook.
 */

const appTester = createAppTester(app);
const trigger = (name: string) => operationAt(app, `triggers.new_email_lead.operation.${name}`);

let sandbox: RunningSandbox;
let receiver: Receiver;
const previousBaseUrl = process.env.WISEPOPS_BASE_URL;

beforeAll(async () => {
  sandbox = await startSandbox({ retry: { baseMs: 50, maxAttempts: 3, timeoutMs: 5000 } });
  receiver = await startReceiver();
  // The app's one switch for a Wisepops stand-in (zapier/wisepops/src/base-url.ts).
  process.env.WISEPOPS_BASE_URL = sandbox.url;
});

afterAll(async () => {
  if (previousBaseUrl === undefined) delete process.env.WISEPOPS_BASE_URL;
  else process.env.WISEPOPS_BASE_URL = previousBaseUrl;
  await receiver?.close();
  await sandbox?.close();
});

test('7. subscribe creates the hook, a real delivery becomes one record per lead, unsubscribe removes the hook', async () => {
  const authData = { apiKey: sandbox.apiKey };
  const subscribeData = (await appTester(trigger('performSubscribe'), { authData, targetUrl: receiver.url, inputData: { campaign: '12345' } })) as { id: number };
  expect([...sandbox.state.hooks.values()]).toEqual([{ id: subscribeData.id, event: 'email', target_url: receiver.url, wisepop_id: 12345, created_at: expect.any(String) }]);

  sandbox.collect(
    [
      { wisepop_id: 12345, form_session: 'zap-1', fields: { email: 'zap.one@example.com', 'First name': 'Zoe' } },
      { wisepop_id: 12345, form_session: 'zap-2', fields: { 'E-mail address': 'zap.two@example.com' } },
    ],
    { event: 'email' },
  );
  const [delivery] = await receiver.recorder.waitFor(1);
  const headers = Object.fromEntries(Object.entries(delivery?.headers ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
  const rawRequest = { method: 'POST', querystring: '', headers: asZapierHeaders(headers), content: delivery?.rawBody ?? '' };
  expect(rawRequest.headers['Http-X-Wisepops-Signature']).toMatch(/^[0-9a-f]{64}$/);

  const records = (await appTester(trigger('perform'), { authData, inputData: { campaign: '12345' }, rawRequest, cleanedRequest: JSON.parse(rawRequest.content) as unknown })) as LeadRecord[];
  expect(records.map((record) => [record.email, record.form_session, record.campaign_id, record.event])).toEqual([
    ['zap.one@example.com', 'zap-1', '12345', 'email'],
    ['zap.two@example.com', 'zap-2', '12345', 'email'],
  ]);
  expect(records[0]).toMatchObject({ provider: 'wisepops', field_first_name: 'Zoe' });
  expect(new Set(records.map((record) => record.id)).size).toBe(2);

  // The same delivery with the signature of another website's key runs nothing.
  const forged = { ...rawRequest, headers: { ...rawRequest.headers, 'Http-X-Wisepops-Signature': 'ab'.repeat(32) } };
  const refused = await capturingLogs(() => appTester(trigger('perform'), { authData, rawRequest: forged }));
  expect(refused.result).toEqual([]);
  expect(refused.logs).toContain('Wisepops delivery refused (mismatch, would answer HTTP 401)');
  expect(refused.logs).not.toContain(sandbox.apiKey);

  // performList (Zapier's "test trigger") reads the same leads back from the contacts API.
  const listed = (await appTester(trigger('performList'), { authData, inputData: { campaign: '12345' } })) as LeadRecord[];
  expect(listed.map((record) => record.email).sort()).toEqual(['zap.one@example.com', 'zap.two@example.com']);

  const unsubscribed = await appTester(trigger('performUnsubscribe'), { authData, subscribeData });
  expect(unsubscribed).toEqual({ deleted: true, already_gone: false });
  expect(sandbox.state.hooks.size).toBe(0);
});
