import { version as platformVersion } from 'zapier-platform-core';

import { authentication } from './authentication';
import { erasePersonData } from './creates/erase-person-data';
import { addWisepopsAuth, mapWisepopsErrors } from './middleware';
import { campaignList } from './triggers/campaign-list';
import { leadTriggers } from './triggers/lead-trigger';
import { APP_VERSION } from './version';

/**
 * "Wisepops" for Zapier's public directory: one API key per website, instant triggers that
 * subscribe themselves, and an erasure action. Everything Wisepops-specific comes from the core.
 */
const app = {
  version: APP_VERSION,
  platformVersion,
  flags: {
    // Let `afterResponse` see 429s, so the core words them and keeps Wisepops' Retry-After.
    throwForThrottlingEarly: false,
  },
  authentication,
  beforeRequest: [addWisepopsAuth],
  afterResponse: [mapWisepopsErrors],
  triggers: {
    ...leadTriggers,
    [campaignList.key]: campaignList,
  },
  creates: {
    [erasePersonData.key]: erasePersonData,
  },
};

export default app;
