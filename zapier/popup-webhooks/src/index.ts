import { version as platformVersion } from 'zapier-platform-core';

import { sendConversionNotification } from './creates/send-conversion-notification';
import { signedHookTriggers } from './triggers/signed-hook-trigger';
import { APP_VERSION } from './version';

/**
 * "Popup Webhooks", for invite-only use: signed static-hook triggers for the popup tools that
 * have no subscription API, and the conversion notification action. No account to connect:
 * each step carries its own secret or webhook URL.
 */
const app = {
  version: APP_VERSION,
  platformVersion,
  flags: {
    // Let the core read a 429's Retry-After instead of Zapier's generic throttling error.
    throwForThrottlingEarly: false,
  },
  triggers: signedHookTriggers,
  creates: {
    [sendConversionNotification.key]: sendConversionNotification,
  },
};

export default app;
