import { signatureHeaders } from '@popup-leads/core';
import { DEFAULT_CAMPAIGNS, type Hook } from '@popup-leads/sandbox';

import { wisepopsTriggerWorkflow, type CredentialRef, type Json, type Stack } from '../../harness/src';
import { waitForWisepopsTrigger } from './e2e-stack';

/**
 * The Wisepops Trigger scenario of issue cases 1–4, shared by the single-process and the
 * queue-mode tests so both assert exactly the same results.
 */

export const CAMPAIGN = DEFAULT_CAMPAIGNS[0]?.id ?? 0;

export const emails = (records: Json[]): unknown[] => records.map((record) => record.email);

/** A Wisepops credential for the stack's sandbox. */
export async function sandboxCredential(stack: Stack, name = 'Wisepops sandbox'): Promise<CredentialRef> {
  return await stack.api.createCredential(name, 'wisepopsApi', { apiKey: stack.sandbox.apiKey, baseUrl: stack.sandbox.url, allowedHttpRequestDomains: 'all' });
}

/** A Wisepops credential for the stack's sandbox and the email-lead workflow (campaign, backfill on), not yet active. */
export async function createLeadsWorkflow(stack: Stack, name: string): Promise<{ workflowId: string; webhookPath: string }> {
  const credential = await sandboxCredential(stack);
  const { workflow, webhookPath } = wisepopsTriggerWorkflow({ name, credential, event: 'email', campaign: String(CAMPAIGN), backfill: true });
  return { workflowId: (await stack.api.createWorkflow(workflow)).id, webhookPath };
}

export const sandboxHooks = (stack: Stack): Hook[] => [...stack.sandbox.state.hooks.values()];

/** Case 1's activation: from no hook to exactly one, for this URL, the email event and CAMPAIGN. */
export async function activateWithOneHook(stack: Stack, workflowId: string, hookUrl: string): Promise<Hook> {
  expect(sandboxHooks(stack)).toEqual([]);
  await stack.api.activate(workflowId);
  await waitForWisepopsTrigger(stack, hookUrl);
  expect(sandboxHooks(stack)).toEqual([{ id: expect.any(Number), event: 'email', target_url: hookUrl, wisepop_id: CAMPAIGN, created_at: expect.any(String) }]);
  return sandboxHooks(stack)[0] as Hook;
}

/** Case 1's delivery: three leads whose emails sit under three different field names. */
export const THREE_LEADS = [
  { form_session: 'e2e-1', fields: { email: 'ada.lovelace@example.com', first_name: 'Ada' } },
  { form_session: 'e2e-2', fields: { 'Your e-mail': 'grace@example.org', company: 'Navy' } },
  { form_session: 'e2e-3', fields: { Email: 'alan@example.net' } },
];

/** The three items THREE_LEADS must become: detected emails, where they were found, flat fields, distinct ids. */
export function expectThreeLeadRecords(records: Json[]): void {
  expect(emails(records)).toEqual(['ada.lovelace@example.com', 'grace@example.org', 'alan@example.net']);
  expect(records.map((record) => record.email_path)).toEqual(['fields.email', 'fields["Your e-mail"]', 'fields.Email']);
  for (const record of records) {
    expect(record).toMatchObject({ provider: 'wisepops', event: 'email', campaign_id: String(CAMPAIGN), country_code: 'US' });
  }
  expect(records[0]).toMatchObject({ form_session: 'e2e-1', field_first_name: 'Ada' });
  expect(new Set(records.map((record) => record.id)).size).toBe(3);
}

/** Case 3: signed with another website's key, a made-up signature, none: each 401, never echoing the key. */
export async function expectForgeriesRefused(url: string, apiKey: string): Promise<void> {
  const body = JSON.stringify([{ collected_at: new Date().toISOString(), wisepop_id: CAMPAIGN, form_session: 'forged', fields: { email: 'mallory@example.com' } }]);
  const forgeries: Record<string, string>[] = [
    signatureHeaders({ scheme: 'wisepops', body, secret: 'another-websites-key' }),
    { 'X-Wisepops-Signature': 'ab'.repeat(32) },
    {},
  ];
  for (const headers of forgeries) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(apiKey);
  }
}
