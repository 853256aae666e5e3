import { errorFromResponse, wisepopsAuthHeaders, WISEPOPS_SERVICE } from '@popup-leads/core';
import type { Bundle, HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';

import { toCoreResponse } from '../../shared/http';
import { zapierErrorFor } from '../../shared/zapier-errors';
import { wisepopsApiOptions } from './base-url';

type Request = HttpRequestOptions & { url: string };

/** The connected key, if any; every message built from a response is scrubbed of it. */
function apiKeyOf(bundle: Bundle): string | undefined {
  const key = bundle.authData?.apiKey;
  return typeof key === 'string' && key !== '' ? key : undefined;
}

/**
 * Adds `Authorization: WISEPOPS-API key="…"` (built by the core) to calls to the Wisepops API,
 * and to nothing else, so the key cannot travel to another host. A key the core refuses
 * (quotes, spaces) cannot work: the user is asked to reconnect.
 */
export function addWisepopsAuth(request: Request, z: ZObject, bundle: Bundle): Request {
  const key = apiKeyOf(bundle);
  const base = wisepopsApiOptions().baseUrl ?? '';
  if (!key || !request.url.startsWith(`${base.replace(/\/+$/, '')}/`)) return request;
  let auth: Record<string, string>;
  try {
    auth = wisepopsAuthHeaders(key);
  } catch (error) {
    throw new z.errors.ExpiredAuthError(error instanceof Error ? error.message : 'The Wisepops API key cannot be used: reconnect with a valid key.');
  }
  request.headers = { ...(request.headers ?? {}), ...auth };
  return request;
}

/**
 * The one place a Wisepops answer becomes an error: the core's `errorFromResponse` words it
 * (401/403 → reconnect, 429 → wait, others by kind) and `zapierErrorFor` picks the Zapier class.
 * The app sets `throwForThrottlingEarly: false`, so a 429 reaches this point with its
 * Retry-After instead of Zapier's generic throttling error. Requests that read their status
 * themselves (`skipThrowForStatus`) are left alone.
 */
export function mapWisepopsErrors(response: HttpResponse, z: ZObject, bundle: Bundle): HttpResponse {
  if (response.skipThrowForStatus) return response;
  const action = response.request?.middlewareData?.action;
  const error = errorFromResponse(toCoreResponse(response), WISEPOPS_SERVICE, {
    secrets: [apiKeyOf(bundle)],
    ...(typeof action === 'string' ? { action } : {}),
  });
  if (error) throw zapierErrorFor(z, error);
  return response;
}
