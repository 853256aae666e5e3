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

function webhookNode(options: Json): { node: Json; webhookPath: string } {
  const path = randomUUID();
  return {
    node: {
      id: randomUUID(),
      name: 'Webhook',
      type: 'n8n-nodes-base.webhook',
      typeVersion: 2.1,
      position: [0, 0],
      webhookId: path,
      parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options },
    },
    webhookPath: `/webhook/${path}`,
  };
}

/** B: the Webhook node alone. One item per delivery (headers and the parsed array), unverified. */
export function webhookOnly(name: string): BuiltinWorkflow {
  const { node, webhookPath } = webhookNode({});
  return { workflow: { name, nodes: [node], connections: {}, settings: SETTINGS }, webhookPath };
}

/** The Code node that checks Wisepops' signature and hands on the array, as C and C′ differ only here. */
function checkSignatureNode(jsCode: string): Json {
  return { id: randomUUID(), name: 'Check signature', type: 'n8n-nodes-base.code', typeVersion: 2, position: [260, 0], parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode } };
}

function withCheckAndSplit(name: string, webhook: Json, webhookPath: string, jsCode: string): BuiltinWorkflow {
  const split = { id: randomUUID(), name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [520, 0], parameters: { fieldToSplitOut: 'leads', include: 'noOtherFields', options: {} } };
  return {
    workflow: {
      name,
      nodes: [webhook, checkSignatureNode(jsCode), split],
      connections: {
        Webhook: { main: [[{ node: 'Check signature', type: 'main', index: 0 }]] },
        'Check signature': { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
      },
      settings: SETTINGS,
    },
    webhookPath,
  };
}

/**
 * C: Webhook with "Raw Body" → Code → Split Out (one item per lead). Wisepops signs the bytes it
 * sends (its own example hashes `php://input` and compares with `hash_equals`), so a correct
 * hand-built check reads the raw body from binary data and compares in constant time. The key is
 * pasted into the code, as users do.
 */
export function webhookRawCodeSplit(name: string, apiKey: string): BuiltinWorkflow {
  const { node, webhookPath } = webhookNode({ rawBody: true });
  const jsCode = [
    "const crypto = require('crypto');",
    `const key = ${JSON.stringify(apiKey)};`,
    'const out = [];',
    'const items = $input.all();',
    'for (let i = 0; i < items.length; i++) {',
    "  const raw = await this.helpers.getBinaryDataBuffer(i, 'data');",
    "  const expected = crypto.createHmac('sha256', key).update(raw).digest();",
    "  const given = Buffer.from(String(items[i].json.headers['x-wisepops-signature'] ?? ''), 'hex');",
    "  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw new Error('Invalid signature');",
    '  out.push({ json: { leads: items[i].json.body } });',
    '}',
    'return out;',
  ].join('\n');
  return withCheckAndSplit(name, node, webhookPath, jsCode);
}

/**
 * C′: the shortcut users also take: the HMAC over `JSON.stringify` of the parsed body. Simpler,
 * but it rejects every delivery whose bytes differ from JavaScript's serialization (PHP's `\/`
 * escapes, other spacing, `1.0`), and its `!==` is not constant-time. Measured for comparison.
 */
export function webhookReserializedCodeSplit(name: string, apiKey: string): BuiltinWorkflow {
  const { node, webhookPath } = webhookNode({});
  const jsCode = [
    "const crypto = require('crypto');",
    `const key = ${JSON.stringify(apiKey)};`,
    'return $input.all().map((item) => {',
    "  const expected = crypto.createHmac('sha256', key).update(JSON.stringify(item.json.body)).digest('hex');",
    "  if (item.json.headers['x-wisepops-signature'] !== expected) throw new Error('Invalid signature');",
    '  return { json: { leads: item.json.body } };',
    '});',
  ].join('\n');
  return withCheckAndSplit(name, node, webhookPath, jsCode);
}
