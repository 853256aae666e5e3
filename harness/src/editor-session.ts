import { z } from 'zod';

import type { OwnerAccount } from './n8n-api';

/**
 * What n8n's editor knows and its public API does not say. Since n8n 2.41 (with its workflow
 * publication service, the default) the public API's activate answers as soon as the request
 * is queued: a trigger whose activation then fails shows up only in the editor, which reads
 * `/rest/workflows/<id>/publication-status`. This logs in as the owner, as the editor does.
 */

const TriggerStatusSchema = z.object({ nodeId: z.string(), status: z.string(), errorMessage: z.string().nullable() }).loose();
export const PublicationStatusSchema = z.object({
  data: z
    .object({
      /** `in_progress`, `published`, `partial`, `failed` or `not_published`. */
      status: z.string(),
      triggers: z.array(TriggerStatusSchema),
    })
    .loose(),
});
export type PublicationStatus = z.infer<typeof PublicationStatusSchema>['data'];

export class EditorSession {
  private constructor(
    readonly baseUrl: string,
    private readonly cookie: string,
  ) {}

  static async login(baseUrl: string, owner: Pick<OwnerAccount, 'email' | 'password'>): Promise<EditorSession> {
    const response = await fetch(`${baseUrl}/rest/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    if (response.status !== 200 || !cookie) throw new Error(`Login as ${owner.email} failed (HTTP ${response.status}).`);
    return new EditorSession(baseUrl, cookie);
  }

  /** The publication state of a workflow and of each of its triggers, with their errors. */
  async publicationStatus(workflowId: string): Promise<PublicationStatus> {
    const response = await fetch(`${this.baseUrl}/rest/workflows/${encodeURIComponent(workflowId)}/publication-status`, {
      headers: { cookie: this.cookie },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`publication-status of ${workflowId}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return PublicationStatusSchema.parse(JSON.parse(text)).data;
  }
}
