import { buildRecentLeadsRequest, parseListContactsResponse, recentLeadRecords, type LeadRecord, type WisepopsEvent } from '@popup-leads/core';
import type { ZObject } from 'zapier-platform-core';

import { wisepopsApiOptions } from '../base-url';
import { callWisepops } from '../call-wisepops';

/**
 * Recent leads for the Zap editor's "test trigger" step (`performList`): one call, normalized
 * exactly as live deliveries are (the core explains the window and the ordering).
 */
export async function recentLeads(z: ZObject, event: WisepopsEvent, campaignId: unknown, now: Date = new Date()): Promise<LeadRecord[]> {
  const campaign = typeof campaignId === 'string' || typeof campaignId === 'number' ? campaignId : undefined;
  const request = buildRecentLeadsRequest(campaign, wisepopsApiOptions(), now);
  const leads = parseListContactsResponse(await callWisepops(z, request, { action: 'listing recent leads' }));
  return recentLeadRecords(leads, event);
}
