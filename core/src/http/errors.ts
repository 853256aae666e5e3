import { headerValue } from './headers';
import { redactSecrets } from './redact';
import type { HttpResponse } from './types';

export type ApiErrorKind = 'auth' | 'not-found' | 'rate-limited' | 'invalid-request' | 'upstream';

/** Who answered, so messages can say where to look. */
export interface ServiceInfo {
  name: string;
  /** Where the user finds the key, e.g. "Settings > Email API". */
  keyLocation?: string;
}

interface ApiErrorDetails {
  kind: ApiErrorKind;
  service: string;
  status?: number;
  retryAfterSeconds?: number;
  apiMessage?: string;
}

/**
 * A failed call to a remote API, already worded for the person who built the workflow.
 * It holds no request, header or key: adapters may log or rethrow it as it is.
 */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly service: string;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly apiMessage?: string;

  constructor(message: string, details: ApiErrorDetails) {
    super(message);
    this.name = 'ApiError';
    this.kind = details.kind;
    this.service = details.service;
    this.status = details.status;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.apiMessage = details.apiMessage;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

const MAX_API_MESSAGE = 300;

/** The API's own words, if its body carries any; HTML pages and empty bodies give none. */
export function apiMessageOf(body: unknown, secrets: readonly (string | undefined)[] = []): string | undefined {
  let text: string | undefined;
  if (typeof body === 'string') {
    const trimmed = body.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return apiMessageOf(JSON.parse(trimmed) as unknown, secrets);
      } catch {
        text = trimmed;
      }
    } else if (!trimmed.startsWith('<')) {
      text = trimmed;
    }
  } else if (body && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    for (const key of ['message', 'error_description', 'error', 'detail', 'errors']) {
      const value = record[key];
      if (typeof value === 'string' && value.trim()) {
        text = value.trim();
        break;
      }
      if (Array.isArray(value) && value.length > 0) {
        text = value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('; ');
        break;
      }
      if (value && typeof value === 'object') {
        text = JSON.stringify(value);
        break;
      }
    }
  }
  if (!text) return undefined;
  const clean = redactSecrets(text, secrets).replace(/\s+/g, ' ');
  return clean.length > MAX_API_MESSAGE ? `${clean.slice(0, MAX_API_MESSAGE)}…` : clean;
}

/** Retry-After as seconds: either delta-seconds or an HTTP date. */
export function retryAfterSeconds(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

export interface ErrorOptions {
  /** Values that must never appear in a message (the API key, signing secrets). */
  secrets?: readonly (string | undefined)[];
  /** What was being done, e.g. "creating the hook"; starts the message. */
  action?: string;
  nowMs?: number;
  /** The client's time limit, to say how long a call that timed out waited. */
  timeoutMs?: number;
}

/**
 * Turns a non-2xx response into an ApiError; returns undefined for a 2xx. This is the one
 * place that decides what a status means, so both platforms report failures alike.
 */
export function errorFromResponse(response: HttpResponse, service: ServiceInfo, options: ErrorOptions = {}): ApiError | undefined {
  const { status } = response;
  if (status >= 200 && status < 300) return undefined;
  const apiMessage = apiMessageOf(response.body, options.secrets);
  const said = apiMessage ? `: ${apiMessage}` : '.';
  const doing = options.action ? ` while ${options.action}` : '';
  const base = { service: service.name, status, apiMessage };

  if (status === 401 || status === 403) {
    const where = service.keyLocation ? ` Copy a valid key from ${service.name} (${service.keyLocation}) and reconnect.` : ' Check the credentials and reconnect.';
    return new ApiError(`${service.name} rejected the API key (HTTP ${status})${doing}.${where}`, { ...base, kind: 'auth' });
  }
  if (status === 404) {
    return new ApiError(`${service.name} found nothing at this address (HTTP 404)${doing}${said}`, { ...base, kind: 'not-found' });
  }
  if (status === 429) {
    const wait = retryAfterSeconds(headerValue(response.headers, 'retry-after'), options.nowMs);
    const when = wait === undefined ? 'Try again later' : `Try again in ${wait} seconds`;
    return new ApiError(`${service.name} is limiting requests (HTTP 429)${doing}. ${when}.`, {
      ...base,
      kind: 'rate-limited',
      retryAfterSeconds: wait,
    });
  }
  if (status >= 400 && status < 500) {
    return new ApiError(`${service.name} refused the request (HTTP ${status})${doing}${said}`, { ...base, kind: 'invalid-request' });
  }
  return new ApiError(`${service.name} failed to answer (HTTP ${status})${doing}${said} This is usually temporary.`, {
    ...base,
    kind: 'upstream',
  });
}

// Error codes of Node, axios and undici for a call that ran out of time. axios reports its own
// `timeout` as ECONNABORTED, which n8n rewords as "perhaps the server is offline".
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TIMEOUT_TEXT = /\btimeout of \d+ ?ms exceeded\b|\btimed out\b/i;

/**
 * Whether a failed call ran out of time. Platforms wrap the HTTP client's error in their own:
 * n8n's NodeApiError replaces the message, keeps the client's error as `cause` (n8n 2.41) or
 * only its code as `httpCode` and its words in `messages` (older n8n). So all of those are
 * looked at, and the causes a few levels deep.
 */
export function isTimeout(cause: unknown): boolean {
  let current: unknown = cause;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth += 1) {
    const { code, httpCode, name, message, messages } = current as Record<string, unknown>;
    if ([code, httpCode].some((value) => typeof value === 'string' && TIMEOUT_CODES.has(value))) return true;
    if (name === 'TimeoutError') return true;
    const texts = [message, ...(Array.isArray(messages) ? messages : [])];
    if (texts.some((text) => typeof text === 'string' && TIMEOUT_TEXT.test(text))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** A call that got no HTTP answer at all (DNS, refused connection, timeout). */
export function networkError(service: ServiceInfo, cause: unknown, options: ErrorOptions = {}): ApiError {
  const doing = options.action ? ` while ${options.action}` : '';
  if (isTimeout(cause)) {
    const limit = options.timeoutMs ? ` within ${Math.round(options.timeoutMs / 1000)} seconds` : ' in time';
    return new ApiError(`${service.name} did not answer${limit}${doing}. It may be busy or down: try again later.`, { kind: 'upstream', service: service.name });
  }
  const reason = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : 'unknown network error';
  const clean = redactSecrets(reason, options.secrets);
  return new ApiError(`Could not reach ${service.name}${doing}: ${clean}`, { kind: 'upstream', service: service.name });
}

/** A 2xx answer whose body is not what the API promises; `action` as in ErrorOptions. */
export function unexpectedBodyError(service: ServiceInfo, what: string, status: number, action?: string): ApiError {
  const doing = action ? ` while ${action}` : '';
  return new ApiError(`${service.name} answered HTTP ${status} with ${what}${doing}.`, { kind: 'upstream', service: service.name, status });
}
