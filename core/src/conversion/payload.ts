import { z } from 'zod';

import { detectEmail } from '../email/detect';
import { normalizeEmail } from '../email/validate';
import { errorFromResponse, type ServiceInfo } from '../http/errors';
import type { HttpRequest, HttpResponse } from '../http/types';
import { InputError, parseInput } from '../input-error';
import { toIsoTime } from '../normalize/time';
import { nameFromLead } from './lead-name';

/**
 * The social-proof tool's "Stream" conversion webhook (seed 002): a POST of JSON or form data
 * to the notification's own webhook URL. That URL is the only credential, so it never
 * appears in an error message.
 */
export const CONVERSION_SERVICE: ServiceInfo = { name: 'The conversion notification tool' };

/** No-code tools send empty strings for unmapped fields: treat them as absent. */
const blank = (value: unknown): unknown => (value === '' || value === null ? undefined : value);
const text = (max = 500) => z.preprocess(blank, z.string().trim().max(max).optional());
const url = () => z.preprocess(blank, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional());
const amount = () =>
  z.preprocess(
    (value) => (typeof blank(value) === 'string' ? Number(value) : blank(value)),
    z.number({ error: 'must be a number' }).finite().optional(),
  );

export const ProductSchema = z.object({
  name: z.string().trim().min(1, 'is required'),
  link: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  id: z.preprocess(blank, z.union([z.string(), z.number()]).optional()),
  image: url(),
  price: amount(),
  quantity: amount(),
});

export const ConversionInputSchema = z.object({
  /** The notification's webhook URL, as the tool shows it. */
  webhookUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  format: z.enum(['json', 'form']).default('json'),
  email: text(254),
  /** A whole lead (a normalized record or any object) to take the email and defaults from. */
  lead: z.unknown().optional(),
  timestamp: z.preprocess(blank, z.union([z.number(), z.string(), z.date()]).optional()),
  ip: text(64),
  firstName: text(),
  lastName: text(),
  guid: text(),
  city: text(),
  country: text(),
  countryCode: text(8),
  state: text(),
  stateCode: text(8),
  productName: text(),
  productLink: url(),
  productImage: url(),
  total: amount(),
  currency: text(8),
  products: z.preprocess(blank, z.array(ProductSchema).optional()),
});
export type ConversionInput = z.input<typeof ConversionInputSchema>;

/** The body the tool receives: only what is known, numbers as numbers. */
export const ConversionPayloadSchema = ConversionInputSchema.omit({ webhookUrl: true, format: true, lead: true, timestamp: true }).extend({
  email: z.string(),
  timestamp: z.number().int().optional(),
});
export type ConversionPayload = z.infer<typeof ConversionPayloadSchema>;

const LABELS: Record<string, string> = {
  webhookUrl: 'Webhook URL',
  email: 'Email',
  firstName: 'First Name',
  lastName: 'Last Name',
  productLink: 'Product Link',
  productImage: 'Product Image',
  total: 'Total',
  products: 'Products',
};

function timestampMs(value: unknown): number | undefined {
  const iso = value instanceof Date ? value.toISOString() : toIsoTime(value);
  if (value !== undefined && iso === null) throw new InputError('Invalid Timestamp: use milliseconds, seconds or an ISO 8601 date.', 'timestamp');
  return iso === null ? undefined : Date.parse(iso);
}

function leadText(lead: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = lead?.[key];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * The payload for one conversion. Explicit fields win; what is missing is taken from `lead`
 * (its email found automatically, its IP, time, country and name). Throws an InputError
 * naming the field when the input cannot be sent.
 */
export function buildConversionPayload(input: ConversionInput): ConversionPayload {
  const data = parseInput(ConversionInputSchema, input, LABELS);
  const lead = data.lead && typeof data.lead === 'object' && !Array.isArray(data.lead) ? (data.lead as Record<string, unknown>) : undefined;

  let email: string | undefined;
  if (data.email) {
    email = normalizeEmail(data.email) ?? undefined;
    if (!email) throw new InputError('Invalid Email: it is not a valid email address.', 'email');
  } else {
    email = detectEmail(data.lead)?.email;
    if (!email) throw new InputError('No email address found: map the Email field, or pass a lead that contains an email address.', 'email');
  }

  const names = nameFromLead(lead);
  const payload: Record<string, unknown> = {
    email,
    timestamp: timestampMs(data.timestamp ?? leadText(lead, 'occurred_at')),
    ip: data.ip ?? leadText(lead, 'ip'),
    firstName: data.firstName ?? names.firstName,
    lastName: data.lastName ?? names.lastName,
    guid: data.guid,
    city: data.city ?? leadText(lead, 'field_city'),
    country: data.country,
    countryCode: data.countryCode ?? leadText(lead, 'country_code'),
    state: data.state,
    stateCode: data.stateCode,
    productName: data.productName,
    productLink: data.productLink,
    productImage: data.productImage,
    total: data.total,
    currency: data.currency,
    products: data.products,
  };
  const known = Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined));
  return ConversionPayloadSchema.parse(known);
}

/** Form encoding with bracketed keys for products (`products[0][name]`), as form posts nest arrays. */
export function formEncode(payload: ConversionPayload): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'products' && Array.isArray(value)) {
      value.forEach((product: Record<string, unknown>, index) => {
        for (const [field, item] of Object.entries(product)) if (item !== undefined) params.append(`products[${index}][${field}]`, String(item));
      });
    } else if (value !== undefined) {
      params.append(key, String(value));
    }
  }
  return params.toString();
}

/** The POST to the notification's webhook URL, JSON or form-encoded. */
export function buildConversionRequest(input: ConversionInput): HttpRequest {
  const { webhookUrl, format } = parseInput(ConversionInputSchema.pick({ webhookUrl: true, format: true }), input, LABELS);
  const payload = buildConversionPayload(input);
  const parsed = new URL(webhookUrl);
  const query = Object.fromEntries(parsed.searchParams);
  const bare = `${parsed.origin}${parsed.pathname}`;
  if (format === 'form') {
    return { method: 'POST', url: bare, query, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: formEncode(payload) };
  }
  return { method: 'POST', url: bare, query, headers: { 'Content-Type': 'application/json' }, body: payload };
}

/** Throws a worded ApiError for a refusal; the webhook URL is scrubbed from anything echoed. */
export function parseConversionResponse(response: HttpResponse, webhookUrl: string): { sent: true; status: number } {
  const error = errorFromResponse(response, CONVERSION_SERVICE, { action: 'sending the conversion', secrets: secretPartsOf(webhookUrl) });
  if (error) throw error;
  return { sent: true, status: response.status };
}

/**
 * The parts of a webhook URL that identify it: the whole URL, path segments that look like
 * ids (long, with a digit: not words such as "webhooks") and query values.
 */
export function secretPartsOf(webhookUrl: string): string[] {
  try {
    const parsed = new URL(webhookUrl);
    const ids = parsed.pathname.split('/').filter((part) => part.length >= 8 && /\d/.test(part));
    return [webhookUrl, ...ids, ...parsed.searchParams.values()];
  } catch {
    return [webhookUrl];
  }
}
