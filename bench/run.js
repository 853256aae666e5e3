/**
 * Core benchmarks (`npm run bench`). Not a test: it prints numbers and the two ratios the
 * project targets, and never fails on timing.
 *   1. verify + parse + normalize of the Wisepops 2-lead seed delivery, against the floor
 *      (HMAC-SHA256 + JSON.parse of the same bytes alone). Target: ratio <= 1.5.
 *   2. email detection on 100 KB / 1 MB payloads and adversarial strings, with the time ratio
 *      at twice the size. Target: <= 2.2 (linear).
 */
const { createHmac } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const core = require('../core');

const ROUNDS = 7;
const ROUND_MS = 400;

/** Median ops/s over several rounds, each running `fn` for about ROUND_MS. */
function opsPerSecond(fn) {
  for (let i = 0; i < 2000; i += 1) fn(); // warm up the JIT
  const rates = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    if (global.gc) global.gc();
    let count = 0;
    const start = process.hrtime.bigint();
    const until = start + BigInt(ROUND_MS) * 1_000_000n;
    let now = start;
    while (now < until) {
      for (let i = 0; i < 100; i += 1) fn();
      count += 100;
      now = process.hrtime.bigint();
    }
    rates.push(count / (Number(now - start) / 1e9));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

/** Median milliseconds of one call, for the slow cases. */
function msPerCall(fn, minCalls = 5) {
  fn();
  const times = [];
  const deadline = Date.now() + 1500;
  while (times.length < minCalls || (Date.now() < deadline && times.length < 200)) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const rows = [];
const row = (name, value, unit, note = '') => rows.push({ name, value, unit, note });

// --- 1. The webhook path -------------------------------------------------------------------
const body = Buffer.from(readFileSync(join(__dirname, '..', 'test', 'fixtures', 'seeds', 'wisepops-hook-payload.json'), 'utf8'));
const key = 'wp_live_6f1c2a9e44b8';
const headers = core.signatureHeaders({ scheme: 'wisepops', body, secret: key });
const check = core.receiveDelivery({ provider: 'wisepops', rawBody: body, headers, secrets: key, event: 'email' });
if (!check.ok || check.records.length !== 2) throw new Error('the benchmark delivery does not verify');

const floor = opsPerSecond(() => {
  createHmac('sha256', key).update(body).digest();
  JSON.parse(body.toString('utf8'));
});
const ours = opsPerSecond(() => core.receiveDelivery({ provider: 'wisepops', rawBody: body, headers, secrets: key, event: 'email' }));
row('floor: HMAC-SHA256 + JSON.parse (2-lead delivery)', floor, 'ops/s');
row('ours: verify + parse + normalize (2-lead delivery)', ours, 'ops/s');
const pathRatio = floor / ours;
row('time ratio ours / floor', pathRatio, 'x', pathRatio <= 1.5 ? 'target <= 1.5: met' : 'target <= 1.5: NOT met');

// --- 2. Email detection --------------------------------------------------------------------
/** A realistic list of leads with no email in any of them: the search must visit everything. */
function payloadOf(bytes) {
  const leads = [];
  let size = 2;
  for (let i = 0; size < bytes; i += 1) {
    const lead = {
      collected_at: new Date(1_700_000_000_000 + i * 1000).toISOString(),
      wisepop_id: 12345,
      form_session: `session-${i}`,
      ip: '127.0.0.1',
      country_code: 'US',
      fields: { name: `Visitor ${i}`, City: 'New York', note: 'contact at example dot com', answers: [{ q: 'q1', a: i }] },
    };
    leads.push(lead);
    size += JSON.stringify(lead).length + 1;
  }
  return leads;
}

const KB = 1024;
const cases = [
  ['payload, no email', (n) => payloadOf(n)],
  ['string of "a@a.a." runs', (n) => ({ note: 'a@a.a.'.repeat(Math.ceil(n / 6)).slice(0, n) })],
  ['string without "@"', (n) => ({ note: 'x'.repeat(n) })],
  ['many "a@a.a." strings', (n) => ({ notes: Array.from({ length: Math.ceil(n / 40) }, () => 'a@a.a.a@a.a.a@a.a.a@a.a.a@a.a.a@a.a.') })],
];
const scaling = [];
for (const [name, make] of cases) {
  for (const size of [100 * KB, 1024 * KB]) {
    const small = make(size);
    const large = make(size * 2);
    if (core.detectEmail(small) !== null || core.detectEmail(large) !== null) throw new Error(`${name}: found an email where there is none`);
    const t1 = msPerCall(() => core.detectEmail(small));
    const t2 = msPerCall(() => core.detectEmail(large));
    const label = `${name}, ${size / KB} KB`;
    row(`detectEmail: ${label}`, t1, 'ms');
    const ratio = t2 / t1;
    scaling.push(ratio);
    row(`detectEmail: ${label} -> 2x size`, ratio, 'x time', ratio <= 2.2 ? 'target <= 2.2: met' : 'target <= 2.2: NOT met');
  }
}

// --- Report -------------------------------------------------------------------------------
const fmt = (r) => (r.unit === 'ops/s' ? Math.round(r.value).toLocaleString('en-US') : r.value.toFixed(r.unit === 'ms' ? 3 : 2));
console.log(`Node ${process.version}, ${require('node:os').cpus()[0]?.model ?? 'cpu'}, median of ${ROUNDS} rounds\n`);
console.log('| measure | value | unit | note |');
console.log('| --- | ---: | --- | --- |');
for (const r of rows) console.log(`| ${r.name} | ${fmt(r)} | ${r.unit} | ${r.note} |`);
console.log(`\nverify+normalize / floor ratio: ${pathRatio.toFixed(2)} (target <= 1.5)`);
console.log(`email detection, worst time ratio at 2x input: ${Math.max(...scaling).toFixed(2)} (target <= 2.2)`);
