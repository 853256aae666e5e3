/**
 * `npm start` until the local Wisepops sandbox and n8n exist: runs the seed's Wisepops delivery
 * through the compiled core the way both platforms do (verify the raw bytes, split, normalize),
 * then a forged copy, and prints what a Zap or a workflow would receive.
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const core = require('../core');

const apiKey = 'demo-api-key';
const body = readFileSync(join(__dirname, '..', 'test', 'fixtures', 'seeds', 'wisepops-hook-payload.json'));
const headers = { 'Content-Type': 'application/json', ...core.signatureHeaders({ scheme: 'wisepops', body, secret: apiKey }) };

console.log('Subscribe request a Zap or workflow sends when it is turned on:');
const subscribe = core.buildCreateHookRequest({ event: 'email', targetUrl: 'https://hooks.example/catch/1' });
console.log(JSON.stringify({ ...subscribe, headers: { ...subscribe.headers, Authorization: 'WISEPOPS-API key="…"' } }, null, 2));

console.log('\nA signed delivery of %d bytes with %s: %s', body.length, 'X-Wisepops-Signature', headers['X-Wisepops-Signature']);
const delivery = core.receiveDelivery({ provider: 'wisepops', rawBody: body, headers, secrets: apiKey, event: 'email' });
if (!delivery.ok) throw new Error(`the demo delivery was refused: ${delivery.message}`);
console.log(`accepted: ${delivery.records.length} records, one per lead`);
// `raw` (the lead as received) is left out here only to keep the printout short.
for (const record of delivery.records) console.log(JSON.stringify({ ...record, raw: '…' }, null, 2));

const forged = Buffer.from(body.toString('utf8').replace('New York', 'Newark'));
const refused = core.receiveDelivery({ provider: 'wisepops', rawBody: forged, headers, secrets: apiKey, event: 'email' });
console.log(`\nThe same delivery with one field changed: ${refused.ok ? 'accepted (wrong!)' : `HTTP ${refused.status}, ${refused.reason}: ${refused.message}`}`);
