import { normalizeWisepopsLead, type LeadRecord, type WisepopsEvent } from '@popup-leads/core';

/**
 * Samples are built by the core from leads shaped like Wisepops' own example (its webhook
 * documentation), so a sample has exactly the keys a live delivery of such a lead has. The email
 * lead is that example verbatim; Wisepops publishes none for phone or survey blocks, so those two
 * keep its envelope and swap the form fields.
 */
export const SAMPLE_LEADS: Readonly<Record<WisepopsEvent, Record<string, unknown>>> = {
  email: {
    collected_at: '2019-10-10T10:10:58.389Z',
    wisepop_id: 12345,
    form_session: 'e3ff440d-602f-414a-85fa-9d6268d0a82a',
    ip: '127.0.0.1',
    country_code: 'US',
    fields: { email: 'example@example.com', Gender: 'male', City: 'New York' },
  },
  phone: {
    collected_at: '2019-10-10T10:12:03.114Z',
    wisepop_id: 12346,
    form_session: '0b6f2c8e-3d1a-4c2b-9a57-6f1e0d2c4b11',
    ip: '127.0.0.1',
    country_code: 'US',
    fields: { phone: '+12125550123', 'First name': 'Jane' },
  },
  survey: {
    collected_at: '2019-10-10T10:14:41.902Z',
    wisepop_id: 12347,
    form_session: '7d3e9a10-58b4-4f0e-b0c2-2a9c5e6f8d33',
    ip: '127.0.0.1',
    country_code: 'US',
    fields: { 'How did you hear about us?': 'A friend', 'How likely are you to recommend us?': '9' },
  },
};

export function sampleRecord(event: WisepopsEvent): LeadRecord {
  return normalizeWisepopsLead(SAMPLE_LEADS[event], { event });
}
