import { unexpectedBodyError, type ServiceInfo } from './errors';

/**
 * The JSON of a response body, whether the platform parsed it already or handed over text.
 * `action` ("listing contacts") goes into the message when the body is not JSON.
 */
export function jsonBodyOf(body: unknown, service: ServiceInfo, status: number, action?: string): unknown {
  if (typeof body !== 'string') return body;
  const text = body.trim();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw unexpectedBodyError(service, 'a body that is not JSON', status, action);
  }
}
