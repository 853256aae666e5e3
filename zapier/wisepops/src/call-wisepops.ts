import type { HttpRequest, HttpResponse as CoreResponse } from '@popup-leads/core';
import type { ZObject } from 'zapier-platform-core';

import { toCoreResponse, toZapierRequest } from '../../shared/http';

export interface CallOptions {
  /** What is being done, for the error message ("creating the hook"). */
  action: string;
  /**
   * Leave non-2xx answers to the caller's core parser instead of `afterResponse`: used where the
   * core gives a status its own meaning (a 404 on unsubscribe means the hook is already gone).
   */
  readStatusYourself?: boolean;
}

/**
 * Runs a request the core built. The key is added by `beforeRequest`, errors are mapped by
 * `afterResponse`; `middlewareData.action` tells that mapping what was being done.
 */
export async function callWisepops(z: ZObject, request: HttpRequest, options: CallOptions): Promise<CoreResponse> {
  const response = await z.request({
    ...toZapierRequest(request),
    middlewareData: { action: options.action },
    ...(options.readStatusYourself ? { skipThrowForStatus: true } : {}),
  });
  return toCoreResponse(response);
}
