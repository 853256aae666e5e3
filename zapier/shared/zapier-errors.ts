import { InputError, isApiError } from '@popup-leads/core';
import type { ZObject } from 'zapier-platform-core';

/**
 * Turns the core's errors into the ones Zapier acts on. The core already chose the wording
 * and the kind; this only picks the Zapier class, so an expired key asks the user to reconnect
 * and a rate limit is retried after the delay the API asked for.
 */
export function zapierErrorFor(z: ZObject, error: unknown): unknown {
  if (isApiError(error)) {
    switch (error.kind) {
      case 'auth':
        return new z.errors.ExpiredAuthError(error.message);
      case 'rate-limited':
        return new z.errors.ThrottledError(error.message, error.retryAfterSeconds);
      default:
        return new z.errors.Error(error.message, error.kind, error.status);
    }
  }
  if (error instanceof InputError) return new z.errors.Error(error.message, 'invalid-input', 400);
  return error;
}

/** Runs an operation and rethrows whatever the core throws as the matching Zapier error. */
export async function withZapierErrors<T>(z: ZObject, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw zapierErrorFor(z, error);
  }
}
