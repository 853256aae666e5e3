import { signatureHeaders } from '@popup-leads/core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createAppTester, version as coreVersion } from 'zapier-platform-core';

import popupWebhooksSource from '../../zapier/popup-webhooks/src';
import wisepopsSource from '../../zapier/wisepops/src';
import { seedText } from '../helpers/fixtures';
import { API_KEY, rawRequest } from './support';

/*
 * What Zapier loads is each app folder's index.js, which requires the esbuild bundle in dist/
 * (built by `npm run build`, which `npm test` runs first). These tests load exactly that.
 */
const loadCompiled = createRequire(__filename);
const APPS = { wisepops: wisepopsSource, 'popup-webhooks': popupWebhooksSource } as const;
type Definition = {
  version: string;
  platformVersion: string;
  flags?: Record<string, unknown>;
  triggers: Record<string, { key: string; noun: string; display: { label: string; description: string; hidden?: boolean }; operation: { perform: unknown; sample?: object; type?: string; performList?: unknown } }>;
  creates: Record<string, { key: string; display: { label: string; description: string }; operation: { sample?: object } }>;
};

describe.each(Object.keys(APPS) as (keyof typeof APPS)[])('the %s app', (name) => {
  const folder = join(__dirname, '..', '..', 'zapier', name);
  const compiled = loadCompiled(folder) as Definition;
  const source = APPS[name] as unknown as Definition;

  it('loads from its compiled entry point with the same definition as the sources', () => {
    expect(Object.keys(compiled.triggers)).toEqual(Object.keys(source.triggers));
    expect(Object.keys(compiled.creates)).toEqual(Object.keys(source.creates));
    for (const key of Object.keys(source.triggers)) expect(compiled.triggers[key]?.operation.sample).toEqual(source.triggers[key]?.operation.sample);
  });

  it('carries the version of its package.json and the zapier-platform-core it depends on', () => {
    const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
    expect(compiled.version).toBe(pkg.version);
    expect(compiled.platformVersion).toBe(coreVersion);
    expect(pkg.dependencies).toEqual({ 'zapier-platform-core': coreVersion });
    expect(compiled.flags).toEqual({ throwForThrottlingEarly: false });
  });

  it('meets the publishing checks the local validator misses: samples, wording, title case', () => {
    const titleCase = /^([A-Z0-9][\w-]*)( ([A-Z0-9][\w-]*|a|an|and|or|of|to|in|for|the))*$/;
    for (const [key, trigger] of Object.entries(compiled.triggers)) {
      expect(trigger.key).toBe(key);
      if (trigger.display.hidden) continue;
      expect(trigger.display.label).toMatch(titleCase);
      expect(trigger.display.description).toMatch(/^Triggers when .+\.$/);
      // Zapier requires a non-empty sample object on every visible trigger (D012).
      expect(Object.keys((trigger.operation.sample ?? {}) as object).length).toBeGreaterThan(0);
    }
    for (const [key, create] of Object.entries(compiled.creates)) {
      expect(create.key).toBe(key);
      expect(create.display.label).toMatch(titleCase);
      expect(create.display.description).toMatch(/\.$/);
      expect(Object.keys((create.operation.sample ?? {}) as object).length).toBeGreaterThan(0);
    }
  });
});

describe('the compiled apps run under zapier-platform-core', () => {
  it('Wisepops: a signed delivery gives records through the bundle', async () => {
    const compiled = loadCompiled(join(__dirname, '..', '..', 'zapier', 'wisepops')) as Definition;
    const body = seedText('wisepops-hook-payload.json');
    const records = (await createAppTester(compiled)(compiled.triggers.new_email_lead?.operation.perform as never, {
      authData: { apiKey: API_KEY },
      rawRequest: rawRequest(body, signatureHeaders({ scheme: 'wisepops', body, secret: API_KEY })),
    })) as unknown[];
    expect(records).toHaveLength(2);
    for (const key of ['new_email_lead', 'new_phone_lead', 'new_survey_response']) expect(compiled.triggers[key]?.operation.performList).toBeInstanceOf(Function);
  });

  it('Popup Webhooks: a signed Popsee delivery gives a record through the bundle', async () => {
    const compiled = loadCompiled(join(__dirname, '..', '..', 'zapier', 'popup-webhooks')) as Definition;
    const body = seedText('popsee-response-completed.json');
    const records = (await createAppTester(compiled)(compiled.triggers.popsee_survey_response?.operation.perform as never, {
      inputData: { secret: 'popsee-secret-1' },
      rawRequest: rawRequest(body, signatureHeaders({ scheme: 'popsee', body, secret: 'popsee-secret-1' })),
    })) as { email: string }[];
    expect(records.map((record) => record.email)).toEqual(['customer@example.com']);
  });
});
