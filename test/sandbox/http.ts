import { wisepopsAuthHeaders, type HttpRequest, type HttpResponse } from '@popup-leads/core';

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** One request to a running server, with the body read and parsed. */
export async function call(base: string, method: string, path: string, options: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...(options.key !== undefined ? { Authorization: `WISEPOPS-API key="${options.key}"` } : {}), ...options.headers };
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Runs a request the core built, the way a platform would, and hands back what the core's parsers read. */
export async function runCoreRequest(request: HttpRequest, apiKey: string): Promise<HttpResponse> {
  const query = new URLSearchParams(request.query).toString();
  const response = await fetch(`${request.url}${query ? `?${query}` : ''}`, {
    method: request.method,
    headers: { ...request.headers, ...wisepopsAuthHeaders(apiKey) },
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}
