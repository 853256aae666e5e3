import type { LeadRecord, NormalizeContext, ProviderId } from '../normalize/record';
import type { VerifyInput, VerifyResult } from '../signatures/types';

export interface EventOption {
  /** What the provider sends, e.g. `popup.converted`. */
  value: string;
  /** What a user reads in a dropdown. */
  label: string;
}

/**
 * Everything the platforms need to know about one sending tool. Adapters read labels and help
 * texts from here, so the Zapier and n8n screens describe each tool the same way.
 */
export interface ProviderDescriptor {
  id: ProviderId;
  name: string;
  /** Event types a user may filter on; empty when the tool sends a single kind. */
  events: readonly EventOption[];
  /** Where, in the tool, the receiving URL (a Zap's or an n8n webhook's) is pasted. */
  setup: string;
  secret: {
    label: string;
    /** Where the user finds it in the tool. */
    help: string;
  };
  verify(input: VerifyInput): VerifyResult;
  /** Never throws: whatever the body holds becomes records, with the original in `raw`. */
  normalize(body: unknown, context: NormalizeContext): LeadRecord[];
}
