import { z } from 'zod';

import { AnyObjectSchema } from '../../normalize/tolerant';

/** Subscription events: the kind of block that collected the data. */
export const WisepopsEventSchema = z.enum(['email', 'phone', 'survey']);
export type WisepopsEvent = z.infer<typeof WisepopsEventSchema>;

export const CampaignIdSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/, 'a campaign id is a number')]);
export const HookIdSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^[\w-]{1,64}$/, 'a hook id is a number')]);

/**
 * One collected lead, as hooks deliver it and `/api2/contacts` lists it. Every key is
 * optional and unknown keys pass through: a lead is never refused for a key Wisepops adds.
 * `fields` holds free labels, so only its being an object is checked.
 */
export const WisepopsLeadShape = {
  collected_at: z.union([z.string(), z.number()]).optional(),
  wisepop_id: z.union([z.number(), z.string()]).optional(),
  form_session: z.string().optional(),
  ip: z.string().optional(),
  country_code: z.string().optional(),
  fields: AnyObjectSchema.optional(),
};
export const WisepopsLeadSchema = z.looseObject(WisepopsLeadShape);
export type WisepopsLead = z.infer<typeof WisepopsLeadSchema>;

/**
 * A campaign from `GET /api2/wisepops`. The seed names the endpoint but not its answer: these
 * are the keys public clients read. Only `id` is required; the rest pass through untouched.
 */
export const WisepopsCampaignSchema = z.looseObject({
  id: z.union([z.number(), z.string()]),
  label: z.string().nullish(),
  created_at: z.string().nullish(),
  activated: z.boolean().nullish(),
  display_count: z.number().nullish(),
  click_count: z.number().nullish(),
  email_count: z.number().nullish(),
});
export type WisepopsCampaign = z.infer<typeof WisepopsCampaignSchema>;

export const CreatedHookSchema = z.looseObject({ id: HookIdSchema });
export type CreatedHook = z.infer<typeof CreatedHookSchema>;
