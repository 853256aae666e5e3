import { z } from 'zod';

import { jsonBodyOf } from '../../http/body';
import { errorFromResponse, unexpectedBodyError, type ServiceInfo } from '../../http/errors';
import type { HttpRequest, HttpResponse } from '../../http/types';
import { parseInput } from '../../input-error';
import { normalizeEmail } from '../../email/validate';
import {
  CampaignIdSchema,
  CreatedHookSchema,
  HookIdSchema,
  WisepopsCampaignSchema,
  WisepopsEventSchema,
  type CreatedHook,
  type WisepopsCampaign,
  type WisepopsLead,
} from './schemas';

/**
 * The Wisepops REST API (seed 000 and Wisepops' public API articles) as request builders and
 * response parsers. Requests carry no key: each platform adds `wisepopsAuthHeaders` in its own
 * authentication step, so the key stays in the platform's credential store.
 *
 * Wisepops allows about 1,500 calls per 30 days on standard plans: nothing here polls, and
 * listing uses the largest page the API allows.
 */

export const WISEPOPS_DEFAULT_BASE_URL = 'https://app.wisepops.com';
export const WISEPOPS_SERVICE: ServiceInfo = { name: 'Wisepops', keyLocation: 'Settings > Email API' };
export const CONTACTS_MAX_PAGE_SIZE = 1000;

// The key goes inside a quoted header parameter: quotes, backslashes and control characters would break out of it.
export const ApiKeySchema = z
  .string()
  .trim()
  .min(1, 'the API key is empty')
  .max(256, 'the API key is too long')
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'the API key may not contain spaces, quotes or backslashes');

/** An empty base URL (a credential field left blank) means Wisepops itself. */
export const BaseUrlSchema = z
  .preprocess(
    (value) => (value === undefined || value === null || (typeof value === 'string' && value.trim() === '') ? WISEPOPS_DEFAULT_BASE_URL : value),
    z.string().trim().pipe(z.url({ protocol: /^https?$/, error: 'the base URL must be an http(s) URL' })),
  )
  .transform((url) => url.replace(/\/+$/, ''));

export interface WisepopsApiOptions {
  /** Default https://app.wisepops.com; a local sandbox in tests. */
  baseUrl?: string;
}

/** The authentication header, exactly as Wisepops documents it. */
export function wisepopsAuthHeaders(apiKey: string): Record<string, string> {
  const key = parseInput(ApiKeySchema, apiKey, { '': 'API key' });
  return { Authorization: `WISEPOPS-API key="${key}"` };
}

function baseUrl(options: WisepopsApiOptions = {}): string {
  return parseInput(BaseUrlSchema, options.baseUrl ?? undefined, { '': 'Wisepops base URL' });
}

function request(method: HttpRequest['method'], path: string, options: WisepopsApiOptions, extra: Partial<HttpRequest> = {}): HttpRequest {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (extra.body !== undefined) headers['Content-Type'] = 'application/json';
  return { method, url: `${baseUrl(options)}${path}`, headers, query: extra.query ?? {}, ...(extra.body !== undefined ? { body: extra.body } : {}) };
}

/** What each call does, in the words of error messages ("… while creating the hook"). */
const ACTIONS = {
  'POST /api2/hooks': 'creating the hook',
  'DELETE /api2/hooks': 'deleting the hook',
  'GET /api2/wisepops': 'listing campaigns',
  'GET /api2/contacts': 'listing contacts',
  'DELETE /api2/data-privacy': 'erasing the person data',
} as const;

/**
 * What a request built here does, for the message about a call that got no answer at all
 * (a timeout, a refused connection), which no response parser sees.
 */
export function wisepopsActionOf(request: Pick<HttpRequest, 'method' | 'url'>): string | undefined {
  let path: string;
  try {
    path = new URL(request.url).pathname;
  } catch {
    return undefined;
  }
  // A base URL may carry a path of its own (a proxy): the API path is the end of it.
  for (const [key, action] of Object.entries(ACTIONS)) {
    const [method, suffix] = key.split(' ');
    if (method === request.method && suffix !== undefined && path.endsWith(suffix)) return action;
  }
  return undefined;
}

/** Throws the ApiError for a non-2xx answer, else returns its JSON body. */
function okJson(response: HttpResponse, action: string): unknown {
  const error = errorFromResponse(response, WISEPOPS_SERVICE, { action });
  if (error) throw error;
  return jsonBodyOf(response.body, WISEPOPS_SERVICE, response.status, action);
}

function expect<S extends z.ZodType>(schema: S, body: unknown, what: string, status: number): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw unexpectedBodyError(WISEPOPS_SERVICE, `an answer that is not ${what}`, status);
  return parsed.data;
}

// --- Hooks -------------------------------------------------------------------------------

const TargetUrlSchema = z.url({ protocol: /^https?$/, error: 'the target URL must be an http(s) URL' });

export const CreateHookInputSchema = z.object({
  event: WisepopsEventSchema,
  targetUrl: TargetUrlSchema,
  /** Only leads of this campaign; empty for all campaigns. */
  campaignId: z
    .union([CampaignIdSchema, z.literal(''), z.null()])
    .optional()
    .transform((id) => (id === '' || id == null ? undefined : Number(id))),
});
export type CreateHookInput = z.input<typeof CreateHookInputSchema>;

const HOOK_LABELS = { event: 'event', targetUrl: 'target URL', campaignId: 'campaign' };

/** `POST /api2/hooks` with `{ event, target_url, wisepop_id? }`. */
export function buildCreateHookRequest(input: CreateHookInput, options: WisepopsApiOptions = {}): HttpRequest {
  const hook = parseInput(CreateHookInputSchema, input, HOOK_LABELS);
  const body: Record<string, unknown> = { event: hook.event, target_url: hook.targetUrl };
  if (hook.campaignId !== undefined) body.wisepop_id = hook.campaignId;
  return request('POST', '/api2/hooks', options, { body });
}

/** `{ id }` of the created hook: keep it, Wisepops has no call that lists hooks. */
export function parseCreateHookResponse(response: HttpResponse): CreatedHook {
  return expect(CreatedHookSchema, okJson(response, ACTIONS['POST /api2/hooks']), 'a hook with an id', response.status);
}

/** `DELETE /api2/hooks?hook_id=<id>`. */
export function buildDeleteHookRequest(hookId: string | number, options: WisepopsApiOptions = {}): HttpRequest {
  const id = parseInput(HookIdSchema, hookId, { '': 'hook id' });
  return request('DELETE', '/api2/hooks', options, { query: { hook_id: String(id) } });
}

/** A hook that is already gone (404) counts as deleted: turning a workflow off must not fail on it. */
export function parseDeleteHookResponse(response: HttpResponse): { deleted: true; alreadyGone: boolean } {
  if (response.status === 404) return { deleted: true, alreadyGone: true };
  const error = errorFromResponse(response, WISEPOPS_SERVICE, { action: ACTIONS['DELETE /api2/hooks'] });
  if (error) throw error;
  return { deleted: true, alreadyGone: false };
}

// --- Campaigns ---------------------------------------------------------------------------

/** `GET /api2/wisepops`: the campaigns of the website, for dropdowns and as the cheapest key test. */
export function buildListCampaignsRequest(options: WisepopsApiOptions = {}): HttpRequest {
  return request('GET', '/api2/wisepops', options);
}

/** A bare array is documented by public clients; `{ data: [...] }` is accepted too in case it is wrapped. */
function arrayIn(body: unknown): unknown {
  if (body && typeof body === 'object' && !Array.isArray(body) && Array.isArray((body as { data?: unknown }).data)) {
    return (body as { data: unknown[] }).data;
  }
  return body;
}

export function parseListCampaignsResponse(response: HttpResponse): WisepopsCampaign[] {
  const body = arrayIn(okJson(response, ACTIONS['GET /api2/wisepops']));
  return expect(z.array(WisepopsCampaignSchema), body, 'a list of campaigns', response.status);
}

/** A dropdown entry for a campaign; unnamed campaigns show their id. */
export function campaignOption(campaign: WisepopsCampaign): { value: string; label: string } {
  const label = campaign.label?.trim() || `Campaign ${campaign.id}`;
  const state = campaign.activated === false ? ' (inactive)' : '';
  return { value: String(campaign.id), label: `${label}${state}` };
}

// --- Contacts ----------------------------------------------------------------------------

export const ListContactsInputSchema = z.object({
  /** Only leads collected after this moment (sent as UTC ISO 8601). */
  collectedAfter: z
    .union([z.date(), z.string(), z.number()])
    .optional()
    .transform((value, context) => {
      if (value === undefined || value === '') return undefined;
      const date = value instanceof Date ? value : new Date(value);
      if (Number.isNaN(date.getTime())) {
        context.addIssue({ code: 'custom', message: 'not a date' });
        return z.NEVER;
      }
      return date.toISOString();
    }),
  campaignId: z
    .union([CampaignIdSchema, z.literal(''), z.null()])
    .optional()
    .transform((id) => (id === '' || id == null ? undefined : String(id))),
  pageSize: z.number().int().min(1).max(CONTACTS_MAX_PAGE_SIZE).default(CONTACTS_MAX_PAGE_SIZE),
  page: z.number().int().min(1).default(1),
});
export type ListContactsInput = z.input<typeof ListContactsInputSchema>;

/** `GET /api2/contacts`: leads oldest first, like the hook payload. */
export function buildListContactsRequest(input: ListContactsInput = {}, options: WisepopsApiOptions = {}): HttpRequest {
  const query = parseInput(ListContactsInputSchema, input, { collectedAfter: 'collected after', campaignId: 'campaign', pageSize: 'page size', page: 'page' });
  const params: Record<string, string> = { page_size: String(query.pageSize) };
  if (query.collectedAfter) params.collected_after = query.collectedAfter;
  if (query.campaignId) params.wisepop_id = query.campaignId;
  if (query.page > 1) params.page = String(query.page);
  return request('GET', '/api2/contacts', options, { query: params });
}

/**
 * The leads exactly as received, ready for `normalize` (which reads each one tolerantly).
 * Only the list itself is checked here: one odd lead must not hide the others.
 */
export function parseListContactsResponse(response: HttpResponse): WisepopsLead[] {
  const body = arrayIn(okJson(response, ACTIONS['GET /api2/contacts']));
  return expect(z.array(z.looseObject({})), body, 'a list of contacts', response.status) as WisepopsLead[];
}

// --- Data privacy ------------------------------------------------------------------------

const PhoneSchema = z
  .string()
  .transform((phone) => phone.replace(/[\s().-]/g, ''))
  .pipe(z.string().regex(/^\+[1-9]\d{5,14}$/, 'use the international format, e.g. +33612345678'));

export const ErasePersonInputSchema = z
  .object({
    email: z
      .string()
      .trim()
      .optional()
      .transform((value, context) => {
        if (!value) return undefined;
        const email = normalizeEmail(value);
        if (!email) {
          context.addIssue({ code: 'custom', message: 'not a valid email address' });
          return z.NEVER;
        }
        return email;
      }),
    phone: z.union([z.literal('').transform(() => undefined), PhoneSchema]).optional(),
  })
  .refine((person) => person.email || person.phone, { message: 'give an email, a phone number, or both' });
export type ErasePersonInput = z.input<typeof ErasePersonInputSchema>;

/** `DELETE /api2/data-privacy` with `{ email?, phone? }`: erases the person's data in Wisepops (GDPR/CCPA). */
export function buildErasePersonRequest(input: ErasePersonInput, options: WisepopsApiOptions = {}): HttpRequest {
  const person = parseInput(ErasePersonInputSchema, input, { email: 'email', phone: 'phone' });
  const body: Record<string, string> = {};
  if (person.email) body.email = person.email;
  if (person.phone) body.phone = person.phone;
  return request('DELETE', '/api2/data-privacy', options, { body });
}

export function parseErasePersonResponse(response: HttpResponse): { erased: true } {
  okJson(response, ACTIONS['DELETE /api2/data-privacy']);
  return { erased: true };
}

