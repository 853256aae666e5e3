import { receiveDelivery, redactSecrets, type DeliveryInput, type LeadRecord } from '@popup-leads/core';
import type { Bundle, ZObject } from 'zapier-platform-core';

import { deliveryHeaders } from './delivery-headers';

/** What a hook trigger knows beyond the request itself: whose delivery it is and how it is signed. */
export type HookCheck = Omit<DeliveryInput, 'rawBody' | 'headers'>;

/**
 * A hook trigger's `perform`: the raw body and headers Zapier received go through the core's
 * `receiveDelivery` (verify the bytes, decode, normalize, filter). Zapier cannot answer a sender
 * with 401, so a refused delivery becomes "no run" (`[]`) and one log line. The line holds the
 * core's reason and message, which never contain a secret or the body; secrets are still
 * redacted from it, in case a future message echoes one.
 */
export function recordsFromHook(z: ZObject, bundle: Bundle, check: HookCheck, name: string): LeadRecord[] {
  const raw = bundle.rawRequest;
  if (!raw || typeof raw.content !== 'string') {
    z.console.log(`${name} delivery ignored: the request carried no body.`);
    return [];
  }
  const result = receiveDelivery({ ...check, rawBody: raw.content, headers: deliveryHeaders(raw.headers) });
  if (!result.ok) {
    const secrets = typeof check.secrets === 'string' ? [check.secrets] : [...check.secrets];
    z.console.log(redactSecrets(`${name} delivery refused (${result.reason}, would answer HTTP ${result.status}): ${result.message}`, secrets));
    return [];
  }
  if (result.ignored > 0) z.console.log(`${name} delivery: ${result.ignored} event(s) left out by the event filter.`);
  return result.records;
}
