import { conversionNotificationNode, CONVERSION_NODE_NAME, wisepopsTriggerWorkflow, type Json } from '../../harness/src';
import { executionsOf, items, startE2eStack, waitForWisepopsTrigger } from './e2e-stack';

/**
 * Issue case 6: a lead from Wisepops runs the Conversion Notification step in a real n8n, which
 * posts the body the conversion tool documents (seed 002) to its webhook URL, here a sandbox
 * inbox that records exactly what arrived.
 */

let stack: Awaited<ReturnType<typeof startE2eStack>>;
let wisepops: { id: string; name: string };

const LEAD = {
  form_session: 'conversion-1',
  ip: '203.0.113.7',
  country_code: 'FR',
  fields: { email: 'Jean.Dupont@Example.fr', first_name: 'Jean', last_name: 'Dupont', city: 'Paris' },
};

beforeAll(async () => {
  stack = await startE2eStack('conversion');
  wisepops = await stack.api.createCredential('Wisepops sandbox', 'wisepopsApi', { apiKey: stack.sandbox.apiKey, baseUrl: stack.sandbox.url, allowedHttpRequestDomains: 'all' });
}, 600_000);

afterAll(async () => {
  await stack?.dispose();
}, 60_000);

/** Wisepops Trigger → Conversion Notification posting to the sandbox inbox `inbox`. */
async function activeWorkflow(name: string, inbox: string, format: 'json' | 'form'): Promise<string> {
  const conversion = await stack.api.createCredential(`${name} webhook`, 'conversionWebhookApi', {
    secretWebhookUrl: stack.sandbox.inboxUrl(inbox),
  });
  const { workflow, webhookPath } = wisepopsTriggerWorkflow({
    name,
    credential: wisepops,
    event: 'email',
    then: [conversionNotificationNode(conversion, { email: '={{ $json.email }}', format })],
  });
  const { id } = await stack.api.createWorkflow(workflow);
  await stack.api.activate(id);
  await waitForWisepopsTrigger(stack, `${stack.n8n.url}${webhookPath}`);
  return id;
}

test('6. posts the documented JSON body: email, timestamp in ms, ip, names and location from the lead', async () => {
  const id = await activeWorkflow('Leads to conversion notifications', 'conversion', 'json');
  const [lead] = stack.sandbox.collect(LEAD, { event: 'email' }).leads;
  const [execution] = await executionsOf(stack, id, 1);
  expect(execution?.status).toBe('success');

  const posts = stack.sandbox.sandbox.inbox('conversion').requests;
  expect(posts).toHaveLength(1);
  expect(posts[0]).toMatchObject({ method: 'POST', contentType: 'application/json' });
  const documented: Json = {
    email: 'Jean.Dupont@example.fr',
    timestamp: Date.parse(String(lead?.collected_at)),
    ip: '203.0.113.7',
    firstName: 'Jean',
    lastName: 'Dupont',
    city: 'Paris',
    countryCode: 'FR',
  };
  expect(JSON.parse(posts[0]?.rawBody ?? '')).toEqual(documented);
  expect(items(execution, CONVERSION_NODE_NAME)).toEqual([{ sent: true, status: 200, payload: documented }]);
});

test('6. the form-encoded variant posts the same fields as application/x-www-form-urlencoded', async () => {
  const id = await activeWorkflow('Leads to conversion notifications (form)', 'conversion-form', 'form');
  const [lead] = stack.sandbox.collect({ ...LEAD, form_session: 'conversion-2' }, { event: 'email' }).leads;
  await executionsOf(stack, id, 1);

  const posts = stack.sandbox.sandbox.inbox('conversion-form').requests;
  expect(posts).toHaveLength(1);
  expect(posts[0]?.contentType).toBe('application/x-www-form-urlencoded');
  expect(Object.fromEntries(new URLSearchParams(posts[0]?.rawBody ?? ''))).toEqual({
    email: 'Jean.Dupont@example.fr',
    timestamp: String(Date.parse(String(lead?.collected_at))),
    ip: '203.0.113.7',
    firstName: 'Jean',
    lastName: 'Dupont',
    city: 'Paris',
    countryCode: 'FR',
  });
});
