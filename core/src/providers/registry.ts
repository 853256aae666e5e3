import type { ProviderId } from '../normalize/record';
import { coolpopup } from './coolpopup';
import type { ProviderDescriptor } from './descriptor';
import { popsee } from './popsee';
import { popup } from './popup';
import { standardWebhooks } from './standard-webhooks';
import { wisepops } from './wisepops/descriptor';

/** Every supported sending tool. Adding one: a descriptor file, an entry here, fixtures and tests. */
export const PROVIDERS: Readonly<Record<ProviderId, ProviderDescriptor>> = Object.freeze({
  wisepops,
  coolpopup,
  popsee,
  popup,
  'standard-webhooks': standardWebhooks,
});

export function providerById(id: string): ProviderDescriptor | undefined {
  return Object.prototype.hasOwnProperty.call(PROVIDERS, id) ? PROVIDERS[id as ProviderId] : undefined;
}
