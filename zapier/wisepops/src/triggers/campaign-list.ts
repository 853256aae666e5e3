import { buildListCampaignsRequest, campaignOption, parseListCampaignsResponse } from '@popup-leads/core';
import type { ZObject } from 'zapier-platform-core';

import { withZapierErrors } from '../../../shared/zapier-errors';
import { wisepopsApiOptions } from '../base-url';
import { callWisepops } from '../call-wisepops';

/**
 * Hidden trigger behind the "Campaign" dropdown. Wisepops returns every campaign in one answer
 * (no paging), so one call fills the list.
 */
export async function listCampaigns(z: ZObject): Promise<{ id: string; name: string }[]> {
  return withZapierErrors(z, async () => {
    const response = await callWisepops(z, buildListCampaignsRequest(wisepopsApiOptions()), { action: 'listing campaigns' });
    return parseListCampaignsResponse(response).map((campaign) => {
      const option = campaignOption(campaign);
      return { id: option.value, name: option.label };
    });
  });
}

export const CAMPAIGN_LIST_KEY = 'campaign_list';

export const campaignList = {
  key: CAMPAIGN_LIST_KEY,
  noun: 'Campaign',
  display: {
    label: 'List Campaigns',
    description: 'Lists the campaigns of the connected website, for the Campaign dropdown.',
    hidden: true,
  },
  operation: {
    perform: listCampaigns,
    canPaginate: false,
    sample: { id: '12345', name: 'Welcome offer - new visitors' },
    outputFields: [
      { key: 'id', label: 'Campaign ID' },
      { key: 'name', label: 'Campaign Name' },
    ],
  },
};
