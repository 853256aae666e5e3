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

const ROUNDS = 9;
const ROUND_MS = 300;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median ops/s over `rounds` rounds, each running `fn` for about ROUND_MS. */
function opsPerSecond(fn, rounds = ROUNDS) {
  for (let i = 0; i < 2000; i += 1) fn(); // warm up the JIT
  const rates = [];
  for (let round = 0; round < rounds; round += 1) {
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

/** How many calls make a sample of at least 20 ms (fast cases would otherwise time the timer). */
function repeatsFor(fn) {
  fn();
  let repeat = 1;
  for (;;) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < repeat; i += 1) fn();
    if (Number(process.hrtime.bigint() - start) / 1e6 >= 20 || repeat >= 1 << 20) return repeat;
    repeat *= 2;
  }
}

function sampleMs(fn, repeat) {
  if (global.gc) global.gc();
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeat; i += 1) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / repeat;
}

/**
 * Milliseconds per call of `small` and the time ratio of `large` to it. Samples alternate
 * between the two, each after a full garbage collection, and the ratio is the median of the
 * per-pair ratios, so a change in machine load during the run cancels out.
 */
function scaling(small, large, samples = 11) {
  const repeatSmall = repeatsFor(small);
  const repeatLarge = repeatsFor(large);
  const times = [];
  const ratios = [];
  for (let s = 0; s < samples; s += 1) {
    const a = sampleMs(small, repeatSmall);
    const b = sampleMs(large, repeatLarge);
    times.push(a);
    ratios.push(b / a);
  }
  return { ms: median(times), ratio: median(ratios) };
}

const rows = [];
const row = (name, value, unit, note = '') => rows.push({ name, value, unit, note });

// --- 1. The webhook path -------------------------------------------------------------------
const body = Buffer.from(readFileSync(join(__dirname, '..', 'test', 'fixtures', 'seeds', 'wisepops-hook-payload.json'), 'utf8'));
const key = 'wp_live_6f1c2a9e44b8';
const headers = core.signatureHeaders({ scheme: 'wisepops', body, secret: key });
const check = core.receiveDelivery({ provider: 'wisepops', rawBody: body, headers, secrets: key, event: 'email' });
if (!check.ok || check.records.length !== 2) throw new Error('the benchmark delivery does not verify');

const floorFn = () => {
  createHmac('sha256', key).update(body).digest();
  JSON.parse(body.toString('utf8'));
};
const oursFn = () => core.receiveDelivery({ provider: 'wisepops', rawBody: body, headers, secrets: key, event: 'email' });
// Rounds alternate between the two so that load on the machine affects both alike.
const floors = [];
const ourRates = [];
const pathRatios = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const f = opsPerSecond(floorFn, 1);
  const o = opsPerSecond(oursFn, 1);
  floors.push(f);
  ourRates.push(o);
  pathRatios.push(f / o);
}
const floor = median(floors);
const ours = median(ourRates);
row('floor: HMAC-SHA256 + JSON.parse (2-lead delivery)', floor, 'ops/s');
row('ours: verify + parse + normalize (2-lead delivery)', ours, 'ops/s');
const pathRatio = median(pathRatios);
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
const ratios = [];
for (const [name, make] of cases) {
  for (const size of [100 * KB, 1024 * KB]) {
    const small = make(size);
    const large = make(size * 2);
    if (core.detectEmail(small) !== null || core.detectEmail(large) !== null) throw new Error(`${name}: found an email where there is none`);
    const { ms, ratio } = scaling(() => core.detectEmail(small), () => core.detectEmail(large));
    const label = `${name}, ${size / KB} KB`;
    row(`detectEmail: ${label}`, ms, 'ms');
    ratios.push(ratio);
    row(`detectEmail: ${label} -> 2x size`, ratio, 'x time', ratio <= 2.2 ? 'target <= 2.2: met' : 'target <= 2.2: NOT met');
  }
}

// --- Report -------------------------------------------------------------------------------
const fmt = (r) => (r.unit === 'ops/s' ? Math.round(r.value).toLocaleString('en-US') : r.value.toFixed(r.unit === 'ms' ? 4 : 2));
console.log(`Node ${process.version}, ${require('node:os').cpus()[0]?.model ?? 'cpu'}, median of ${ROUNDS} rounds\n`);
console.log('| measure | value | unit | note |');
console.log('| --- | ---: | --- | --- |');
for (const r of rows) console.log(`| ${r.name} | ${fmt(r)} | ${r.unit} | ${r.note} |`);
console.log(`\nverify+normalize / floor ratio: ${pathRatio.toFixed(2)} (target <= 1.5)`);
console.log(`email detection, worst time ratio at 2x input: ${Math.max(...ratios).toFixed(2)} (target <= 2.2)`);
