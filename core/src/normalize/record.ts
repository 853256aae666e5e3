import { z } from 'zod';

export const ProviderIdSchema = z.enum(['wisepops', 'coolpopup', 'popsee', 'popup', 'standard-webhooks']);
export type ProviderId = z.infer<typeof ProviderIdSchema>;

/** A value a no-code user can map into any field. */
export const FlatValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FlatValue = z.infer<typeof FlatValueSchema>;

/**
 * One lead, the same shape for every provider and both platforms. The named keys are always
 * present (null when the provider did not send them); the provider's own fields follow as
 * flat keys (`field_city`, `answer_q1`, `param_plan`, `extra_…`, see normalize/flatten.ts), and
 * `raw` is the lead exactly as received.
 */
export const LeadRecordSchema = z
  .object({
    /** Stable: the same delivery (a retry included) always gives the same id. */
    id: z.string().min(1),
    provider: ProviderIdSchema,
    event: z.string(),
    /** ISO 8601, UTC. */
    occurred_at: z.string().nullable(),
    email: z.string().nullable(),
    /** Where the email was found, e.g. `fields.email`. */
    email_path: z.string().nullable(),
    phone: z.string().nullable(),
    campaign_id: z.string().nullable(),
    campaign_name: z.string().nullable(),
    ip: z.string().nullable(),
    country_code: z.string().nullable(),
    page_url: z.string().nullable(),
    form_session: z.string().nullable(),
    raw: z.unknown(),
  })
  .catchall(FlatValueSchema);
export type LeadRecord = z.infer<typeof LeadRecordSchema>;

/** What a caller may know about a delivery beyond its body. */
export interface NormalizeContext {
  /** The event the hook was subscribed to (Wisepops payloads do not name it). */
  event?: string;
  /** Delivery headers, for ids that travel there (Standard Webhooks' webhook-id). */
  headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
}
