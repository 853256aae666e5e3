import { headerValues } from '../http/headers';
import { safeEqualText, secretList } from './digest';
import { fail, OK, type VerifyInput, type VerifyResult } from './types';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** `Authorization: Bearer <token>` compared in constant time with the configured token(s). */
export function verifyBearer(input: VerifyInput, header = 'authorization'): VerifyResult {
  const tokens = secretList(input.secrets);
  if (tokens.length === 0) return fail('no-secret', 'No bearer token is configured, so the delivery cannot be checked.');
  const values = headerValues(input.headers, header);
  if (values.length === 0) return fail('missing-header', `The ${header} header is missing.`);
  const sent: string[] = [];
  for (const value of values) {
    const match = BEARER.exec(value.trim());
    if (match?.[1]) sent.push(match[1]);
  }
  if (sent.length === 0) return fail('malformed', `The ${header} header is not of the form "Bearer <token>".`);
  for (const token of tokens) for (const candidate of sent) if (safeEqualText(token, candidate)) return OK;
  return fail('mismatch', 'The bearer token does not match the configured token.');
}
