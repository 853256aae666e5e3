import { buildListCampaignsRequest, campaignOption, parseListCampaignsResponse } from '@popup-leads/core';
import type { Bundle, ZObject } from 'zapier-platform-core';

import { withZapierErrors } from '../../shared/zapier-errors';
import { wisepopsApiOptions } from './base-url';
import { callWisepops } from './call-wisepops';

export interface ConnectionTest {
  campaign_count: number;
  first_campaign: string | null;
  /** What the connection is called in Zapier; built from the website's campaigns, never from the key. */
  connection_label: string;
}

/**
 * The connection test lists the website's campaigns: one cheap call that needs a valid key,
 * and its answer tells two websites apart without showing any part of the key.
 */
export async function testConnection(z: ZObject): Promise<ConnectionTest> {
  return withZapierErrors(z, async () => {
    const response = await callWisepops(z, buildListCampaignsRequest(wisepopsApiOptions()), { action: 'checking the API key' });
    const campaigns = parseListCampaignsResponse(response);
    const first = campaigns[0] ? campaignOption(campaigns[0]).label : null;
    return { campaign_count: campaigns.length, first_campaign: first, connection_label: connectionLabelOf(campaigns.length, first) };
  });
}

export function connectionLabelOf(count: number, first: string | null): string {
  if (count === 0 || first === null) return 'Website without campaigns';
  if (count === 1) return `${first} (1 campaign)`;
  return `${first} and ${count - 1} more (${count} campaigns)`;
}

/** The label is whatever the test computed; Zapier passes the test's result as `inputData`. */
export function connectionLabel(z: ZObject, bundle: Bundle): string {
  const label = bundle.inputData?.connection_label;
  return typeof label === 'string' && label !== '' ? label : 'Wisepops';
}

export const authentication = {
  type: 'custom' as const,
  fields: [
    {
      key: 'apiKey',
      label: 'API Key',
      type: 'password' as const,
      required: true,
      helpText:
        'Find the API key of your website in Wisepops > Settings > Email API ([how to find it](https://support.wisepops.com/en/articles/9897479-wisepops-api-documentation)). Each website has its own key.',
    },
  ],
  test: testConnection,
  connectionLabel,
};
