import { randomUUID } from 'node:crypto';

import type { Json } from '@popup-leads/harness';

/**
 * What a user builds by hand instead of our trigger, with n8n's own nodes. Both answer on
 * receipt, as our trigger does, so the three are compared on the same contract.
 */
export interface BuiltinWorkflow {
  workflow: Json;
  webhookPath: string;
}

const SETTINGS = { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all', executionOrder: 'v1' };

function webhookNode(): { node: Json; webhookPath: string } {
  const path = randomUUID();
  return {
    node: {
      id: randomUUID(),
      name: 'Webhook',
      type: 'n8n-nodes-base.webhook',
      typeVersion: 2.1,
      position: [0, 0],
      webhookId: path,
      parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
    },
    webhookPath: `/webhook/${path}`,
  };
}

/** B: the Webhook node alone. One item per delivery (headers and the parsed array), unverified. */
export function webhookOnly(name: string): BuiltinWorkflow {
  const { node, webhookPath } = webhookNode();
  return { workflow: { name, nodes: [node], connections: {}, settings: SETTINGS }, webhookPath };
}

/**
 * C: Webhook → Code (checks the HMAC the way a user would, over the re-serialized body) →
 * Split Out (one item per lead). The key is pasted into the code, as users do.
 */
export function webhookCodeSplit(name: string, apiKey: string): BuiltinWorkflow {
  const { node, webhookPath } = webhookNode();
  const jsCode = [
    "const crypto = require('crypto');",
    `const key = ${JSON.stringify(apiKey)};`,
    'return $input.all().map((item) => {',
    "  const expected = crypto.createHmac('sha256', key).update(JSON.stringify(item.json.body)).digest('hex');",
    "  if (item.json.headers['x-wisepops-signature'] !== expected) throw new Error('Invalid signature');",
    '  return { json: { leads: item.json.body } };',
    '});',
  ].join('\n');
  const code = { id: randomUUID(), name: 'Check signature', type: 'n8n-nodes-base.code', typeVersion: 2, position: [260, 0], parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode } };
  const split = { id: randomUUID(), name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [520, 0], parameters: { fieldToSplitOut: 'leads', include: 'noOtherFields', options: {} } };
  return {
    workflow: {
      name,
      nodes: [node, code, split],
      connections: {
        Webhook: { main: [[{ node: 'Check signature', type: 'main', index: 0 }]] },
        'Check signature': { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
      },
      settings: SETTINGS,
    },
    webhookPath,
  };
}
