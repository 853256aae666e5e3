import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { z } from 'zod';

import { itemsOf, N8nApiError, type Execution, type Json, type N8nApi } from './n8n-api';
import type { Stack } from './stack';
import { until } from './wait';
import { WISEPOPS_TRIGGER_NAME, wisepopsTriggerWorkflow } from './workflows';

export const DEMO_WORKFLOW_NAME = 'Wisepops leads (popup-leads demo)';
const DEMO_CREDENTIAL_NAME = 'Wisepops sandbox (popup-leads demo)';

/** Three leads as a Wisepops email form collects them: each becomes one n8n item. */
export const DEMO_LEADS = [
  { fields: { email: 'ada.lovelace@example.com', first_name: 'Ada', consent: true } },
  { fields: { 'Your e-mail': 'Grace.Hopper@Example.org', company: 'Navy' } },
  { fields: { Email: 'alan.turing@example.net', 'How did you hear about us?': 'A friend' } },
];

// What the previous run created, so a second run can remove it (the sandbox starts empty each time).
const DemoStateSchema = z.object({ credentialIds: z.array(z.string()).default([]) });

function readState(file: string): z.infer<typeof DemoStateSchema> {
  if (!existsSync(file)) return { credentialIds: [] };
  const parsed = DemoStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : { credentialIds: [] };
}

/** Deactivating first lets the trigger remove its hook; then the workflow and old credentials go. */
async function removePreviousDemo(api: N8nApi, stateFile: string): Promise<void> {
  for (const workflow of (await api.workflows()).filter((entry) => entry.name === DEMO_WORKFLOW_NAME)) {
    if (workflow.active) await api.deactivate(workflow.id);
    // n8n 2.41 answers 409 while a deactivation is still being unpublished.
    await until(`n8n to let go of the previous demo workflow ${workflow.id}`, async () => {
      try {
        await api.deleteWorkflow(workflow.id);
        return true;
      } catch (error) {
        if (error instanceof N8nApiError && error.status === 409) return false;
        throw error;
      }
    });
  }
  for (const id of readState(stateFile).credentialIds) {
    await api.deleteCredential(id).catch(() => undefined); // already deleted by hand: nothing to do
  }
}

export interface DemoResult {
  workflowId: string;
  execution: Execution;
  items: Json[];
}

/**
 * Sets up the demo in a running stack: a Wisepops credential pointing at the sandbox, the demo
 * workflow (Wisepops Trigger, one item per lead), activated; then the sandbox collects three
 * leads and this waits for the execution they start.
 */
export async function runDemo(stack: Stack, workDir: string, log: (line: string) => void): Promise<DemoResult> {
  const { api, sandbox } = stack;
  mkdirSync(workDir, { recursive: true });
  const stateFile = join(workDir, 'demo-state.json');
  await removePreviousDemo(api, stateFile);

  const credential = await api.createCredential(DEMO_CREDENTIAL_NAME, 'wisepopsApi', {
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.url,
    // n8n 2.x asks which hosts a credential may be sent to; the sandbox is on 127.0.0.1.
    allowedHttpRequestDomains: 'all',
  });
  writeFileSync(stateFile, `${JSON.stringify({ credentialIds: [credential.id] }, null, 2)}\n`);
  log(`Created the credential "${credential.name}" (API key of the sandbox, base URL ${sandbox.url}).`);

  const { workflow, webhookPath } = wisepopsTriggerWorkflow({ name: DEMO_WORKFLOW_NAME, credential, event: 'email' });
  const created = await api.createWorkflow(workflow);
  await api.activate(created.id);
  const targetUrl = `${stack.n8n.url}${webhookPath}`;
  const hook = await until('the Wisepops Trigger to create its hook in the sandbox', () =>
    [...sandbox.state.hooks.values()].find((entry) => entry.target_url === targetUrl),
  );
  log(`Activated "${DEMO_WORKFLOW_NAME}": the trigger created hook ${hook.id} (event ${hook.event}) -> ${targetUrl}`);

  sandbox.collect(DEMO_LEADS, { event: 'email' });
  log('The sandbox collected 3 leads and is delivering them as one signed array.');
  const execution = await until(
    'the execution of the 3 leads',
    async () => (await api.executions(created.id)).find((entry) => entry.status === 'success' && itemsOf(entry, WISEPOPS_TRIGGER_NAME).length > 0),
    60_000,
    500,
  );
  return { workflowId: created.id, execution, items: itemsOf(execution, WISEPOPS_TRIGGER_NAME) };
}
