import type { HttpRequest, HttpResponse as CoreResponse } from '@popup-leads/core';
import type { HttpRequestOptions, HttpResponse } from 'zapier-platform-core';

/**
 * The core describes requests as inert data; these two functions are the only translation
 * between that shape and `z.request`, so every call is made and read the same way.
 */

export type ZapierRequest = HttpRequestOptions & { url: string };

/** A core request as `z.request` options. JSON bodies are serialized here so the bytes sent are the core's. */
export function toZapierRequest(request: HttpRequest): ZapierRequest {
  const options: ZapierRequest = {
    method: request.method,
    url: request.url,
    headers: { ...request.headers },
    params: { ...request.query },
  };
  if (request.body !== undefined) options.body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  return options;
}

/** A `z.request` response as the core's parsers read it: status, headers and the raw text. */
export function toCoreResponse(response: Pick<HttpResponse, 'status' | 'headers' | 'content'>): CoreResponse {
  const headers: Record<string, string> = {};
  response.headers?.forEach((value: string, name: string) => {
    headers[name] = value;
  });
  return { status: response.status, headers, body: response.content };
}
