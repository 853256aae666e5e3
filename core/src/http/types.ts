import { z } from 'zod';

/**
 * A request as plain data. The core builds these; the Zapier app runs them with `z.request`
 * and the n8n nodes with `httpRequestWithAuthentication`. Keeping the request inert is what
 * lets one implementation serve both platforms and be tested without a network.
 */
export const HttpMethodSchema = z.enum(['GET', 'POST', 'DELETE']);
export type HttpMethod = z.infer<typeof HttpMethodSchema>;

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL without the query string. */
  url: string;
  headers: Record<string, string>;
  /** Query parameters, already formatted as strings. */
  query: Record<string, string>;
  /** JSON value, or a URL-encoded string when `Content-Type` says so. */
  body?: unknown;
}

/** Header values as Node, Zapier and n8n hand them over. */
export type HeaderValue = string | readonly string[] | undefined;
export type HeaderBag = Readonly<Record<string, HeaderValue>>;

export const HttpResponseSchema = z.object({
  status: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.undefined()])).default({}),
  /** Either the parsed JSON the platform produced, or the raw text. */
  body: z.unknown(),
});
export type HttpResponse = z.input<typeof HttpResponseSchema>;
