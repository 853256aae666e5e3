import {
  buildCreateHookRequest,
  buildDeleteHookRequest,
  parseCreateHookResponse,
  parseDeleteHookResponse,
  type LeadRecord,
  type WisepopsEvent,
} from '@popup-leads/core';
import type { Bundle, ZObject } from 'zapier-platform-core';

import { outputFieldsFor } from '../../../shared/output-fields';
import { recordsFromHook } from '../../../shared/receive-hook';
import { withZapierErrors } from '../../../shared/zapier-errors';
import { wisepopsApiOptions } from '../base-url';
import { callWisepops } from '../call-wisepops';
import { sampleRecord } from '../sample-leads';
import { CAMPAIGN_LIST_KEY } from './campaign-list';
import { recentLeads } from './recent-leads';

/**
 * The three Wisepops instant triggers differ only in the event they subscribe to, so one
 * factory builds them. Each is a REST hook: turning the Zap on creates a Wisepops hook pointing
 * at the Zap's URL, turning it off deletes it, and each lead of a delivery becomes its own run.
 */
interface LeadTriggerSpec {
  key: string;
  event: WisepopsEvent;
  noun: string;
  label: string;
  /** Completes "Triggers when …". */
  when: string;
}

export const LEAD_TRIGGER_SPECS: readonly LeadTriggerSpec[] = [
  { key: 'new_email_lead', event: 'email', noun: 'Email Lead', label: 'New Email Lead', when: 'a visitor submits a sign-up form (email block) in a Wisepops campaign' },
  { key: 'new_phone_lead', event: 'phone', noun: 'Phone Lead', label: 'New Phone Lead', when: 'a visitor submits a phone number (phone block) in a Wisepops campaign' },
  { key: 'new_survey_response', event: 'survey', noun: 'Survey Response', label: 'New Survey Response', when: 'a visitor answers a survey (survey block) in a Wisepops campaign' },
];

function campaignOf(bundle: Bundle): string | undefined {
  const campaign = bundle.inputData?.campaign;
  if (typeof campaign === 'number') return String(campaign);
  return typeof campaign === 'string' && campaign.trim() !== '' ? campaign.trim() : undefined;
}

export function subscribeHook(event: WisepopsEvent) {
  return (z: ZObject, bundle: Bundle): Promise<{ id: string | number }> =>
    withZapierErrors(z, async () => {
      const request = buildCreateHookRequest({ event, targetUrl: bundle.targetUrl ?? '', campaignId: campaignOf(bundle) }, wisepopsApiOptions());
      const created = parseCreateHookResponse(await callWisepops(z, request, { action: 'creating the hook' }));
      return { id: created.id };
    });
}

/**
 * Deletes the hook this Zap created. Zapier has been seen calling unsubscribe without the data
 * subscribe returned; with no id there is nothing to delete, and failing would keep the Zap
 * from turning off. A hook already gone (404) counts as deleted: the core decides that.
 */
export async function unsubscribeHook(z: ZObject, bundle: Bundle): Promise<{ deleted: boolean; already_gone: boolean }> {
  const id = (bundle.subscribeData as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' && typeof id !== 'number') {
    z.console.log('Wisepops hook not deleted: this Zap holds no hook id.');
    return { deleted: false, already_gone: false };
  }
  return withZapierErrors(z, async () => {
    const request = buildDeleteHookRequest(id, wisepopsApiOptions());
    const result = parseDeleteHookResponse(await callWisepops(z, request, { action: 'deleting the hook', readStatusYourself: true }));
    return { deleted: result.deleted, already_gone: result.alreadyGone };
  });
}

export function receiveLeads(event: WisepopsEvent) {
  return (z: ZObject, bundle: Bundle): LeadRecord[] =>
    recordsFromHook(z, bundle, { provider: 'wisepops', secrets: [bundle.authData?.apiKey ?? ''], event }, 'Wisepops');
}

export function listRecentLeads(event: WisepopsEvent) {
  return (z: ZObject, bundle: Bundle): Promise<LeadRecord[]> => withZapierErrors(z, () => recentLeads(z, event, campaignOf(bundle)));
}

export function leadTrigger(spec: LeadTriggerSpec) {
  const sample = sampleRecord(spec.event);
  return {
    key: spec.key,
    noun: spec.noun,
    display: {
      label: spec.label,
      description: `Triggers when ${spec.when}.`,
    },
    operation: {
      type: 'hook' as const,
      inputFields: [
        {
          key: 'campaign',
          label: 'Campaign',
          required: false,
          dynamic: `${CAMPAIGN_LIST_KEY}.id.name`,
          helpText: 'Only leads collected by this campaign. Leave empty for every campaign of the website.',
        },
      ],
      performSubscribe: subscribeHook(spec.event),
      performUnsubscribe: unsubscribeHook,
      perform: receiveLeads(spec.event),
      performList: listRecentLeads(spec.event),
      sample,
      outputFields: outputFieldsFor(sample),
    },
  };
}

export const leadTriggers = Object.fromEntries(LEAD_TRIGGER_SPECS.map((spec) => [spec.key, leadTrigger(spec)]));
