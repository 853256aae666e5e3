import type { LeadRecord, NormalizeContext, ProviderId } from './normalize/record';
import { providerById } from './providers/registry';

/**
 * One record per lead: Wisepops' array gives one per element, single-event tools one per
 * request, an empty array none. Never throws; content it does not recognise is kept under
 * `extra_…` keys and in `raw`.
 */
export function normalize(provider: ProviderId, body: unknown, context: NormalizeContext = {}): LeadRecord[] {
  const descriptor = providerById(provider);
  if (!descriptor) return [];
  return descriptor.normalize(body, context ?? {});
}
