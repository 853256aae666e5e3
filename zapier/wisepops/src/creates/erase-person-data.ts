import { buildErasePersonRequest, parseErasePersonResponse } from '@popup-leads/core';
import type { Bundle, ZObject } from 'zapier-platform-core';

import { withZapierErrors } from '../../../shared/zapier-errors';
import { wisepopsApiOptions } from '../base-url';
import { callWisepops } from '../call-wisepops';

export interface ErasureConfirmation {
  erased: true;
  email: string | null;
  phone: string | null;
}

function textInput(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value : undefined;
}

/**
 * Erases a person's data in Wisepops (GDPR/CCPA) so an unsubscribe or deletion request in a
 * CRM reaches Wisepops without code. The core checks the input (a valid email, a phone in
 * international format, at least one of them) and its InputError reaches the user as it is.
 * The confirmation echoes what was sent, as the core normalized it.
 */
export async function erasePerson(z: ZObject, bundle: Bundle): Promise<ErasureConfirmation> {
  return withZapierErrors(z, async () => {
    const request = buildErasePersonRequest({ email: textInput(bundle.inputData?.email), phone: textInput(bundle.inputData?.phone) }, wisepopsApiOptions());
    parseErasePersonResponse(await callWisepops(z, request, { action: 'erasing the person data' }));
    const sent = (request.body ?? {}) as { email?: string; phone?: string };
    return { erased: true, email: sent.email ?? null, phone: sent.phone ?? null };
  });
}

export const erasePersonData = {
  key: 'erase_person_data',
  noun: 'Person Data',
  display: {
    label: 'Erase Person Data',
    description: "Erases a person's data from Wisepops (GDPR/CCPA), found by email and/or phone.",
  },
  operation: {
    inputFields: [
      { key: 'email', label: 'Email', required: false, helpText: 'The email address of the person to erase. Give an email, a phone number, or both.' },
      { key: 'phone', label: 'Phone', required: false, helpText: 'The phone number in international format, e.g. +33612345678.' },
    ],
    perform: erasePerson,
    sample: { erased: true, email: 'example@example.com', phone: null },
    outputFields: [
      { key: 'erased', label: 'Erased', type: 'boolean' as const },
      { key: 'email', label: 'Email' },
      { key: 'phone', label: 'Phone' },
    ],
  },
};
