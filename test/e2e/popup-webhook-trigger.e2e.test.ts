import { randomBytes } from 'node:crypto';

import type { SendInput } from '@popup-leads/sandbox';

import { popupWebhookTriggerWorkflow, POPUP_TRIGGER_NAME, type Json } from '../../harness/src';
import { executionsOf, items, startE2eStack, waitForWebhook } from './e2e-stack';

/**
 * Issue case 5: the Popup Webhook Trigger inside a real n8n receives each other tool's signed
 * delivery, sent by the sandbox in that tool's documented format, and yields the normalized
 * item; the same delivery signed with another secret is answered 401 and runs nothing.
 */

const whsec = (): string => `whsec_${randomBytes(24).toString('base64')}`;
const plain = (): string => randomBytes(16).toString('hex');

interface Case {
  title: string;
  provider: SendInput['provider'];
  secret: string;
  parameters: Json;
  popup?: SendInput['popup'];
  expected: Json;
}

const CASES: Case[] = [
  {
    title: 'Cool Popup (X-CoolPopup-Signature)',
    provider: 'coolpopup',
    secret: plain(),
    parameters: { provider: 'coolpopup' },
    expected: { provider: 'coolpopup', event: 'popup.converted', campaign_id: 'camp_abc123', campaign_name: 'Summer Sale Popup', page_url: 'https://yoursite.com/products/summer-sale' },
  },
  {
    title: 'Popsee (X-Popsee-Signature: sha256=…)',
    provider: 'popsee',
    secret: plain(),
    parameters: { provider: 'popsee' },
    expected: { provider: 'popsee', event: 'response.completed', email_path: 'response.customParams.email', page_url: 'https://yoursite.com/checkout' },
  },
  {
    title: 'Popup, signed secret (Standard Webhooks headers)',
    provider: 'popup',
    secret: whsec(),
    parameters: { provider: 'popup', popupMode: 'signature' },
    expected: { provider: 'popup', event: 'lead.created', campaign_id: 'venue_42' },
  },
  {
    title: 'Popup, signed secret in a named header (hex HMAC)',
    provider: 'popup',
    secret: plain(),
    parameters: { provider: 'popup', popupMode: 'signature', popupHeader: 'X-Popup-Signature', popupEncoding: 'hex' },
    popup: { mode: 'hmac', header: 'X-Popup-Signature', encoding: 'hex' },
    expected: { provider: 'popup', event: 'lead.created' },
  },
  {
    title: 'Popup, bearer token',
    provider: 'popup',
    secret: plain(),
    parameters: { provider: 'popup', popupMode: 'bearer' },
    popup: { mode: 'bearer' },
    expected: { provider: 'popup', event: 'lead.created' },
  },
  {
    title: 'Standard Webhooks (webhook-signature v1)',
    provider: 'standard-webhooks',
    secret: whsec(),
    parameters: { provider: 'standard-webhooks' },
    expected: { provider: 'standard-webhooks', event: 'lead.created', campaign_id: 'form_7' },
  },
];

let stack: Awaited<ReturnType<typeof startE2eStack>>;

beforeAll(async () => {
  stack = await startE2eStack('popup');
}, 600_000);

afterAll(async () => {
  await stack?.dispose();
}, 60_000);

test.each(CASES)('$title: a signed delivery yields the normalized item; another secret gets 401', async (entry) => {
  const credential = await stack.api.createCredential(`${entry.title} secret`, 'popupWebhookSecretApi', { secret: entry.secret });
  const { workflow, webhookPath } = popupWebhookTriggerWorkflow(entry.title, credential, entry.parameters);
  const { id } = await stack.api.createWorkflow(workflow);
  await stack.api.activate(id);
  const url = `${stack.n8n.url}${webhookPath}`;
  await waitForWebhook(url);

  const email = `${entry.provider}.${randomBytes(3).toString('hex')}@example.com`;
  const otherSecret = entry.secret.startsWith('whsec_') ? whsec() : plain();
  const forged = await stack.sandbox.send({ provider: entry.provider, url, secret: otherSecret, email, ...(entry.popup ? { popup: entry.popup } : {}) });
  expect(forged.response.status).toBe(401);
  expect(forged.response.body).not.toContain(entry.secret);

  const sent = await stack.sandbox.send({ provider: entry.provider, url, secret: entry.secret, email, ...(entry.popup ? { popup: entry.popup } : {}) });
  expect(sent.response.status).toBe(200);

  // Exactly one execution: the forged delivery started none.
  const [execution] = await executionsOf(stack, id, 1);
  expect(execution?.status).toBe('success');
  const records = items(execution, POPUP_TRIGGER_NAME);
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ ...entry.expected, email });
  expect(records[0]?.raw).toEqual(JSON.parse(sent.sent.body));
  expect(typeof records[0]?.id).toBe('string');
});

test('a secret changed in the credential is used from the next delivery on; the old one is refused once it is read again', async () => {
  const [oldSecret, newSecret] = [plain(), plain()];
  const credential = await stack.api.createCredential('Rotated Cool Popup secret', 'popupWebhookSecretApi', { secret: oldSecret });
  const { workflow, webhookPath } = popupWebhookTriggerWorkflow('Rotated secret', credential, { provider: 'coolpopup' });
  const { id } = await stack.api.createWorkflow(workflow);
  await stack.api.activate(id);
  const url = `${stack.n8n.url}${webhookPath}`;
  await waitForWebhook(url);
  const send = (secret: string, email: string) => stack.sandbox.send({ provider: 'coolpopup', url, secret, email });

  // The first delivery has the node keep the secret for later ones (for up to 10 s).
  expect((await send(oldSecret, 'before@example.com')).response.status).toBe(200);
  await stack.api.updateCredential(credential.id, { secret: newSecret });
  // Kept, so still accepted right after the change: the window the n8n README states.
  expect((await send(oldSecret, 'kept@example.com')).response.status).toBe(200);
  // The new secret fails against the kept one, so the node reads the credential again.
  expect((await send(newSecret, 'after@example.com')).response.status).toBe(200);
  expect((await send(oldSecret, 'stale@example.com')).response.status).toBe(401);

  const executions = await executionsOf(stack, id, 3);
  expect(executions.map((execution) => items(execution, POPUP_TRIGGER_NAME)[0]?.email)).toEqual(['before@example.com', 'kept@example.com', 'after@example.com']);
});
