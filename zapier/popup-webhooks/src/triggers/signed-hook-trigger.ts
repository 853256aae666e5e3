import { normalize, PROVIDERS, type DigestEncoding, type LeadRecord, type ProviderDescriptor, type ProviderId } from '@popup-leads/core';
import type { Bundle, ZObject } from 'zapier-platform-core';

import { outputFieldsFor } from '../../../shared/output-fields';
import { recordsFromHook, type HookCheck } from '../../../shared/receive-hook';
import { SAMPLE_DELIVERIES } from '../sample-deliveries';

/**
 * One static-hook trigger per sending tool, built from the core's provider descriptors: the
 * user copies the Zap's URL into the tool and pastes the tool's secret into the trigger. Names,
 * events, where the URL goes and the secret's label and help come from the descriptor; what is
 * Zapier-specific (the trigger's key and wording) is in `PRESENTATION`.
 */
interface Presentation {
  key: string;
  noun: string;
  label: string;
  /** Completes "Triggers when …". */
  when: string;
}

const PRESENTATION: Readonly<Partial<Record<ProviderId, Presentation>>> = {
  coolpopup: {
    key: 'cool_popup_event',
    noun: 'Popup Event',
    label: 'New Cool Popup Event',
    when: 'Cool Popup reports a popup event (shown, clicked, converted or closed)',
  },
  popsee: {
    key: 'popsee_survey_response',
    noun: 'Survey Response',
    label: 'New Popsee Survey Response',
    when: 'a visitor completes a Popsee survey',
  },
  popup: {
    key: 'popup_event',
    noun: 'Event',
    label: 'New Popup Event',
    when: 'Popup sends an event (a sale, a registration, a new subscriber…)',
  },
  'standard-webhooks': {
    key: 'standard_webhooks_event',
    noun: 'Event',
    label: 'New Standard Webhooks Event',
    when: 'a tool that signs its webhooks the Standard Webhooks way sends an event',
  },
};

/** The Popup options the core reads (`mode`, `header`, `encoding`, `prefix`), as inputs. */
const POPUP_INPUTS = [
  {
    key: 'mode',
    label: 'Authentication Mode',
    required: true,
    default: 'signature',
    choices: { signature: 'Signed secret (recommended)', bearer: 'Bearer token' },
    helpText: 'The authentication mode chosen for the endpoint in Popup.',
  },
  {
    key: 'header',
    label: 'Signature Header',
    required: false,
    helpText: 'Signed secret only: the header holding an HMAC-SHA256 of the body. Leave empty for Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature).',
  },
  {
    key: 'encoding',
    label: 'Signature Encoding',
    required: false,
    default: 'auto',
    choices: { auto: 'Hex or Base64 (detect)', hex: 'Hex', base64: 'Base64' },
    helpText: 'Signed secret with a Signature Header only: how the HMAC is written.',
  },
  {
    key: 'prefix',
    label: 'Signature Prefix',
    required: false,
    helpText: 'Signed secret with a Signature Header only: text before the HMAC, e.g. sha256=.',
  },
];

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  const single = text(value);
  return single ? single.split(',').map((item) => item.trim()).filter(Boolean) : [];
}

/** What the trigger's inputs say about verifying a delivery; the rotation secret is optional. */
export function hookCheck(provider: ProviderId, bundle: Bundle): HookCheck {
  const input = (bundle.inputData ?? {}) as Record<string, unknown>;
  const secrets = [text(input.secret), text(input.previous_secret)].filter((secret): secret is string => secret !== undefined);
  const check: HookCheck = { provider, secrets };
  const events = list(input.events);
  if (events.length > 0) check.events = events;
  if (provider === 'popup') {
    check.mode = input.mode === 'bearer' ? 'bearer' : 'signature';
    const header = text(input.header);
    if (header) check.header = header;
    const encoding = text(input.encoding);
    if (encoding) check.encoding = encoding as DigestEncoding;
    const prefix = text(input.prefix);
    if (prefix) check.prefix = prefix;
  }
  return check;
}

export function sampleFor(provider: ProviderDescriptor): LeadRecord {
  const delivery = SAMPLE_DELIVERIES[provider.id];
  const [record] = normalize(provider.id, delivery?.body, { headers: delivery?.headers });
  if (!record) throw new Error(`No sample delivery for ${provider.name}`);
  return record;
}

function inputFieldsFor(provider: ProviderDescriptor) {
  const fields: Record<string, unknown>[] = [
    {
      key: 'secret',
      label: provider.secret.label,
      type: 'password',
      required: true,
      helpText: `${provider.secret.help} Deliveries that do not carry a matching signature are ignored.`,
    },
    {
      key: 'previous_secret',
      label: `Previous ${provider.secret.label}`,
      type: 'password',
      required: false,
      helpText: 'Only while you rotate the secret: the old one, so deliveries signed with either are accepted. Remove it once the tool uses the new one.',
    },
  ];
  if (provider.events.length > 1) {
    fields.push({
      key: 'events',
      label: 'Events',
      required: false,
      list: true,
      choices: provider.events.map((event) => ({ value: event.value, label: event.label, sample: event.value })),
      helpText: `Only these events start the Zap. Leave empty for all. (Choose the same events in ${provider.name}, so it sends no more than needed.)`,
    });
  }
  if (provider.id === 'popup') fields.push(...POPUP_INPUTS);
  return fields;
}

export function signedHookTrigger(provider: ProviderDescriptor, presentation: Presentation) {
  const sample = sampleFor(provider);
  return {
    key: presentation.key,
    noun: presentation.noun,
    display: {
      label: presentation.label,
      description: `Triggers when ${presentation.when}.`,
      directions: `${provider.setup} Then copy the ${provider.secret.label} into the field below. ${provider.secret.help}`,
    },
    operation: {
      type: 'hook' as const,
      inputFields: inputFieldsFor(provider),
      perform: (z: ZObject, bundle: Bundle): LeadRecord[] => recordsFromHook(z, bundle, hookCheck(provider.id, bundle), provider.name),
      sample,
      outputFields: outputFieldsFor(sample),
    },
  };
}

/** Every tool in the core's registry that has a presentation here; Wisepops has its own app. */
export const signedHookTriggers = Object.fromEntries(
  Object.values(PROVIDERS).flatMap((provider) => {
    const presentation = PRESENTATION[provider.id];
    return presentation ? [[presentation.key, signedHookTrigger(provider, presentation)]] : [];
  }),
);
