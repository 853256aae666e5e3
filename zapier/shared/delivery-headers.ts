import type { HeaderBag } from '@popup-leads/core';

/**
 * Zapier hands a hook's headers over re-cased and, apart from Content-Type and Content-Length,
 * prefixed with `Http-` (`X-Wisepops-Signature` arrives as `Http-X-Wisepops-Signature`). The
 * core looks headers up by their real names, so the prefix goes. Should a name occur both with
 * and without the prefix, both values are kept: the core accepts a header when any copy matches.
 */
const ZAPIER_PREFIX = /^http-/i;

export function deliveryHeaders(headers: Readonly<Record<string, unknown>> | undefined): HeaderBag {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of Object.entries(headers ?? {})) {
    const bare = name.replace(ZAPIER_PREFIX, '').toLowerCase();
    const values = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : [];
    if (values.length === 0 || bare === '') continue;
    out[bare] = [...(out[bare] ?? []), ...values];
  }
  return out;
}
