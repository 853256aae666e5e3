import { Buffer } from 'node:buffer';

import fc from 'fast-check';

import {
  detectEmail,
  isEmail,
  LeadRecordSchema,
  normalize,
  normalizeEmail,
  receiveDelivery,
  signatureHeaders,
  verifySignature,
  type DeliveryInput,
  type DeliveryResult,
  type HeaderBag,
  type LeadRecord,
  type ProviderId,
  type SignatureScheme,
  type VerifyInput,
  type VerifyResult,
} from '@popup-leads/core';

/*
 * Properties over the whole receiving side: verification never throws and never accepts a
 * changed body or a foreign secret; normalization never throws, loses nothing and is
 * deterministic; email detection only ever returns an address it can point to.
 */

const NUM_RUNS = 300;
const run = { numRuns: NUM_RUNS };

const PROVIDERS: readonly ProviderId[] = ['wisepops', 'coolpopup', 'popsee', 'popup', 'standard-webhooks'];
const VERIFY_REASONS = ['missing-header', 'malformed', 'mismatch', 'stale-timestamp', 'no-secret'];
const DELIVERY_REASONS = [...VERIFY_REASONS, 'empty-body', 'invalid-encoding', 'invalid-json', 'too-deep', 'too-large'];

// --- Arbitraries --------------------------------------------------------------------------

const ALNUM = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
const token = (maxLength = 20): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 1, maxLength });

const providerArb = fc.constantFrom(...PROVIDERS);
const digestBytes = fc.uint8Array({ minLength: 32, maxLength: 32 });
const hexDigest = digestBytes.map((bytes) => Buffer.from(bytes).toString('hex'));
const base64Digest = digestBytes.map((bytes) => Buffer.from(bytes).toString('base64'));

/** Header values: noise, and values shaped like the real ones so parsing goes past the first check. */
const headerText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 80 }),
  hexDigest,
  hexDigest.map((hex) => `sha256=${hex}`),
  base64Digest,
  base64Digest.map((b64) => `v1,${b64} v2,${b64}`),
  fc.integer({ min: 0, max: 4_000_000_000 }).map(String),
  fc.string().map((text) => `Bearer ${text}`),
);
const headerNames = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'X-Wisepops-Signature',
      'x-coolpopup-signature',
      'X-Popsee-Signature',
      'webhook-id',
      'Webhook-Timestamp',
      'webhook-signature',
      'Authorization',
      'content-type',
      'X-Signature',
    ),
  },
  { weight: 1, arbitrary: fc.string() },
);
const headerValue = fc.oneof(headerText, fc.array(headerText, { maxLength: 3 }), fc.constant(undefined));
/** All three Standard Webhooks headers, so verification gets as far as the timestamp and the signatures. */
const standardWebhooksHeaders = fc.record({
  'webhook-id': fc.oneof(token().map((text) => `msg_${text}`), headerText),
  'webhook-timestamp': fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }).map(String), headerText),
  'webhook-signature': headerText,
});
const headersArb: fc.Arbitrary<HeaderBag> = fc
  .tuple(fc.dictionary(headerNames, headerValue, { maxKeys: 6 }), fc.option(standardWebhooksHeaders, { nil: undefined }))
  .map(([headers, standard]) => ({ ...headers, ...standard }));

const whsecArb = fc.uint8Array({ maxLength: 40 }).map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`);
const secretsArb = fc.oneof(fc.string(), whsecArb, fc.array(fc.oneof(fc.string(), whsecArb), { maxLength: 3 }));

const rawBodyArb = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.uint8Array({ maxLength: 80 }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
);

const anyNumber = fc.oneof(fc.integer(), fc.double(), fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }));
const popupOptionsArb = fc.record(
  {
    mode: fc.constantFrom('signature' as const, 'bearer' as const),
    header: fc.oneof(fc.string(), fc.constantFrom('X-Signature', 'x-popup-signature', '', 'bad header')),
    encoding: fc.constantFrom('hex' as const, 'base64' as const, 'auto' as const),
    prefix: fc.oneof(fc.string(), fc.constantFrom('sha256=', '')),
    now: anyNumber,
    toleranceSeconds: anyNumber,
  },
  { requiredKeys: [] },
);

const verifyInputArb: fc.Arbitrary<VerifyInput> = fc
  .tuple(fc.record({ rawBody: rawBodyArb, headers: headersArb, secrets: secretsArb }), popupOptionsArb)
  .map(([base, options]) => ({ ...base, ...options }));

/** Values beyond JSON that a platform may still hand over. */
const exoticAnything = fc.anything({
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withTypedArray: true,
  withNullPrototype: true,
  withObjectString: true,
});
/** The same with sparse arrays, at the top level too (holes are passed over, never records). */
const exoticSparse = fc.anything({
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withTypedArray: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
});

// --- Helpers ------------------------------------------------------------------------------

function expectVerifyResult(result: VerifyResult): void {
  if (result.ok) {
    expect(result).toEqual({ ok: true });
    return;
  }
  expect(VERIFY_REASONS).toContain(result.reason);
  expect(typeof result.message).toBe('string');
  expect(result.message.length).toBeGreaterThan(0);
}

function expectValidRecords(records: unknown, provider: ProviderId): asserts records is LeadRecord[] {
  expect(Array.isArray(records)).toBe(true);
  for (const record of records as unknown[]) {
    const parsed = LeadRecordSchema.safeParse(record);
    expect(parsed.success).toBe(true);
    const lead = record as LeadRecord;
    expect(lead.provider).toBe(provider);
    if (lead.email !== null) {
      expect(isEmail(lead.email)).toBe(true);
      expect(typeof lead.email_path).toBe('string');
    }
  }
}

function expectDeliveryResult(result: DeliveryResult, provider: ProviderId): void {
  if (result.ok) {
    expectValidRecords(result.records, provider);
    expect(Number.isInteger(result.ignored) && result.ignored >= 0).toBe(true);
    return;
  }
  expect([400, 401, 413]).toContain(result.status);
  expect(DELIVERY_REASONS).toContain(result.reason);
  expect(typeof result.message).toBe('string');
}

function bytesOf(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? new Uint8Array(Buffer.from(body, 'utf8')) : body;
}

function sameBytes(a: string | Uint8Array, b: string | Uint8Array): boolean {
  return Buffer.from(bytesOf(a)).equals(Buffer.from(bytesOf(b)));
}

/** One small change to a body: a flipped byte, or one character (byte) inserted or deleted. */
interface Mutation {
  kind: 'flip' | 'insert' | 'delete';
  /** Where, as a fraction of the length. */
  at: number;
  /** XOR mask for a flip (never 0), or the inserted byte / character code. */
  value: number;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('flip' as const, 'insert' as const, 'delete' as const),
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  value: fc.integer({ min: 1, max: 255 }),
});

function mutate(body: string | Uint8Array, mutation: Mutation): string | Uint8Array {
  if (typeof body === 'string' && mutation.kind !== 'flip') {
    // Insert a printable ASCII character, or delete one UTF-16 unit.
    if (mutation.kind === 'delete' && body.length === 0) return String.fromCharCode(32 + (mutation.value % 95));
    const index = Math.floor(mutation.at * (body.length + (mutation.kind === 'insert' ? 1 : 0)));
    return mutation.kind === 'insert'
      ? body.slice(0, index) + String.fromCharCode(32 + (mutation.value % 95)) + body.slice(index)
      : body.slice(0, index) + body.slice(index + 1);
  }
  const bytes = [...bytesOf(body)];
  if (bytes.length === 0 || mutation.kind === 'insert') {
    bytes.splice(Math.floor(mutation.at * (bytes.length + 1)), 0, mutation.value);
  } else {
    const index = Math.floor(mutation.at * bytes.length);
    if (mutation.kind === 'flip') bytes[index] = (bytes[index] as number) ^ mutation.value;
    else bytes.splice(index, 1);
  }
  return new Uint8Array(bytes);
}

// Signing, per scheme, with everything a verifier needs besides the secret.
type SignKind = 'wisepops' | 'coolpopup' | 'popsee' | 'standard-webhooks' | 'popup-standard-webhooks' | 'popup-hmac';

interface SignSetup {
  kind: SignKind;
  id: string;
  timestamp: number;
  header: string;
  signEncoding: 'hex' | 'base64';
  verifyEncoding: 'hex' | 'base64' | 'auto';
  prefix: string;
}

const signSetupArb: fc.Arbitrary<SignSetup> = fc
  .record({
    kind: fc.constantFrom<SignKind>('wisepops', 'coolpopup', 'popsee', 'standard-webhooks', 'popup-standard-webhooks', 'popup-hmac'),
    id: token().map((text) => `msg_${text}`),
    timestamp: fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
    header: fc.string({ unit: fc.constantFrom(...ALNUM, '-', '_'), minLength: 1, maxLength: 30 }).map((text) => `X-${text}`),
    signEncoding: fc.constantFrom('hex' as const, 'base64' as const),
    autoDecode: fc.boolean(),
    prefix: fc.oneof(fc.constant(''), fc.constant('sha256='), token(10).map((text) => `${text}=`)),
  })
  .map(({ autoDecode, ...setup }): SignSetup => ({ ...setup, verifyEncoding: autoDecode ? 'auto' : setup.signEncoding }));

const usesWhsec = (kind: SignKind): boolean => kind === 'standard-webhooks' || kind === 'popup-standard-webhooks';

/** A secret verification will not alter: no surrounding white space, not empty. */
const plainSecretArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((text) => text !== '' && text.trim() === text);
/** Key bytes whose last byte is not 0: HMAC pads short keys with zeros, so k and k+"\0" sign alike. */
const keyBytesArb = fc.uint8Array({ minLength: 1, maxLength: 48 }).map((bytes) => {
  const out = Uint8Array.from(bytes);
  out[out.length - 1] = (out[out.length - 1] as number) | 1;
  return out;
});
const whsecOf = (bytes: Uint8Array): string => `whsec_${Buffer.from(bytes).toString('base64')}`;

function sign(setup: SignSetup, body: string | Uint8Array, secret: string): { scheme: SignatureScheme; headers: Record<string, string> } {
  switch (setup.kind) {
    case 'wisepops':
    case 'coolpopup':
    case 'popsee':
      return { scheme: setup.kind, headers: signatureHeaders({ scheme: setup.kind, body, secret }) };
    case 'standard-webhooks':
    case 'popup-standard-webhooks':
      return {
        scheme: setup.kind === 'standard-webhooks' ? 'standard-webhooks' : 'popup',
        headers: signatureHeaders({ scheme: 'standard-webhooks', body, secret, id: setup.id, timestamp: setup.timestamp }),
      };
    case 'popup-hmac':
      return {
        scheme: 'popup',
        headers: signatureHeaders({ scheme: 'popup-hmac', body, secret, header: setup.header, encoding: setup.signEncoding, prefix: setup.prefix }),
      };
  }
}

function verifyWith(setup: SignSetup, scheme: SignatureScheme, headers: HeaderBag, rawBody: string | Uint8Array, secrets: string | readonly string[]): VerifyResult {
  const input: VerifyInput = { rawBody, headers, secrets, now: setup.timestamp };
  if (setup.kind === 'popup-hmac') return verifySignature(scheme, { ...input, header: setup.header, encoding: setup.verifyEncoding, prefix: setup.prefix });
  return verifySignature(scheme, input);
}

const bodyArb: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.uint8Array({ maxLength: 80 }),
);

// --- verifySignature ----------------------------------------------------------------------

describe('verifySignature never throws', () => {
  it('for arbitrary raw bodies, headers, secrets and options, under every scheme', () => {
    fc.assert(
      fc.property(providerArb, verifyInputArb, (scheme, input) => {
        const result = verifySignature(scheme, input);
        expectVerifyResult(result);
        // The message is safe to log: it holds no configured secret.
        if (!result.ok) {
          const secrets = typeof input.secrets === 'string' ? [input.secrets] : input.secrets;
          for (const secret of secrets) if (secret.trim().length >= 16) expect(result.message).not.toContain(secret.trim());
        }
      }),
      run,
    );
  });

  it('for garbage in place of the whole input', () => {
    fc.assert(
      fc.property(providerArb, fc.oneof(fc.anything(), exoticAnything), (scheme, garbage) => {
        expectVerifyResult(verifySignature(scheme, garbage as unknown as VerifyInput));
      }),
      run,
    );
  });

  it('for garbage in every field of the input', () => {
    const field = fc.oneof(fc.anything(), exoticAnything);
    const garbageInput = fc.record(
      { rawBody: field, headers: field, secrets: field, mode: field, header: field, encoding: field, prefix: field, now: field, toleranceSeconds: field },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(providerArb, garbageInput, (scheme, garbage) => {
        expectVerifyResult(verifySignature(scheme, garbage as unknown as VerifyInput));
      }),
      run,
    );
  });
});

describe('verifySignature accepts exactly what was signed', () => {
  const secretFor = (setup: SignSetup): fc.Arbitrary<string> => (usesWhsec(setup.kind) ? keyBytesArb.map(whsecOf) : plainSecretArb);
  const signedCase = signSetupArb.chain((setup) => fc.record({ setup: fc.constant(setup), body: bodyArb, secret: secretFor(setup) }));

  it('accepts a signed body, also with white space around the configured secret', () => {
    fc.assert(
      fc.property(signedCase, ({ setup, body, secret }) => {
        const { scheme, headers } = sign(setup, body, secret);
        expect(verifyWith(setup, scheme, headers, body, secret)).toEqual({ ok: true });
        expect(verifyWith(setup, scheme, headers, body, [` ${secret}\n`])).toEqual({ ok: true });
      }),
      run,
    );
  });

  it('never accepts a body with one byte flipped or one character inserted or deleted', () => {
    fc.assert(
      fc.property(signedCase, mutationArb, ({ setup, body, secret }, mutation) => {
        const { scheme, headers } = sign(setup, body, secret);
        expect(verifyWith(setup, scheme, headers, body, secret)).toEqual({ ok: true });
        const changed = mutate(body, mutation);
        fc.pre(!sameBytes(body, changed));
        expect(verifyWith(setup, scheme, headers, changed, secret)).toMatchObject({ ok: false, reason: 'mismatch' });
      }),
      run,
    );
  });

  it('never accepts a signature made with a different secret, and accepts it again once that secret is added', () => {
    const twoSecrets = signSetupArb.chain((setup) =>
      usesWhsec(setup.kind)
        ? fc
            .tuple(keyBytesArb, keyBytesArb)
            .filter(([a, b]) => !Buffer.from(a).equals(Buffer.from(b)))
            .map(([a, b]) => ({ setup, signer: whsecOf(a), verifier: whsecOf(b) }))
        : fc
            .tuple(plainSecretArb, plainSecretArb)
            .filter(([a, b]) => a !== b)
            .map(([a, b]) => ({ setup, signer: a, verifier: b })),
    );
    fc.assert(
      fc.property(twoSecrets, bodyArb, ({ setup, signer, verifier }, body) => {
        const { scheme, headers } = sign(setup, body, signer);
        expect(verifyWith(setup, scheme, headers, body, verifier)).toMatchObject({ ok: false, reason: 'mismatch' });
        expect(verifyWith(setup, scheme, headers, body, [verifier, signer])).toEqual({ ok: true });
      }),
      run,
    );
  });
});

// --- normalize ----------------------------------------------------------------------------

describe('normalize', () => {
  const bodies: [string, fc.Arbitrary<unknown>][] = [
    ['fc.anything()', fc.anything()],
    ['fc.jsonValue()', fc.jsonValue()],
    ['values beyond JSON (Map, Set, Date, typed arrays, boxed values, null prototypes)', exoticAnything],
    ['values beyond JSON with sparse arrays, top level included', exoticSparse],
  ];

  it.each(bodies)('never throws and returns valid records for %s', (_name, body) => {
    fc.assert(
      fc.property(providerArb, body, (provider, value) => {
        expectValidRecords(normalize(provider, value), provider);
      }),
      run,
    );
  });

  it('gives one Wisepops record per array element, each keeping the element itself as raw', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.anything(), fc.jsonValue())), (leads) => {
        const records = normalize('wisepops', leads);
        expect(records).toHaveLength(leads.length);
        records.forEach((record, index) => expect(record.raw).toBe(leads[index]));
      }),
      run,
    );
  });

  it('is deterministic: the same body, or a copy of it, gives the same ids', () => {
    fc.assert(
      fc.property(providerArb, fc.jsonValue(), (provider, value) => {
        const first = normalize(provider, value);
        const again = normalize(provider, value);
        const copy = normalize(provider, JSON.parse(JSON.stringify(value)) as unknown);
        expect(again.map((record) => record.id)).toEqual(first.map((record) => record.id));
        expect(copy.map((record) => record.id)).toEqual(first.map((record) => record.id));
        expect(again).toEqual(first);
      }),
      run,
    );
    fc.assert(
      fc.property(providerArb, fc.anything(), (provider, value) => {
        expect(normalize(provider, value).map((record) => record.id)).toEqual(normalize(provider, value).map((record) => record.id));
      }),
      run,
    );
  });

  /*
   * Regression: Array.prototype.map keeps holes, so a sparse top-level array (possible from a
   * platform, not from JSON) gave a records array with holes. Holes are now passed over.
   */
  it('returns no holes for a sparse top-level array', () => {
    const leads: unknown[] = [];
    leads[1] = { wisepop_id: 1, form_session: 's', collected_at: '2019-10-10T10:10:58.389Z', fields: { email: 'a@b.org' } };
    for (const provider of PROVIDERS) {
      const records = Array.from(normalize(provider, leads));
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) expect(LeadRecordSchema.safeParse(record).success).toBe(true);
    }
  });

  /*
   * Regression: contentId() called JSON.stringify on leaves, which throws on a BigInt, although
   * normalize is documented never to throw.
   */
  it('does not throw on a body holding a BigInt', () => {
    const records = normalize('coolpopup', { event: 'popup.converted', amount: BigInt(10) });
    expect(records).toHaveLength(1);
    expectValidRecords(records, 'coolpopup');
  });

  /*
   * Regression: canonical() bounded its recursion by depth but not by visited objects, so an
   * object referring to itself twice was expanded 2^65 times. The getters count property reads
   * and stop the run after 10,000 of them (a linear traversal needs a handful), so a relapse
   * fails instead of hanging.
   */
  it('finishes, in linear time, on a body that refers to itself twice', () => {
    let reads = 0;
    const body: Record<string, unknown> = { event: 'popup.converted' };
    for (const key of ['left', 'right']) {
      Object.defineProperty(body, key, {
        enumerable: true,
        get: () => {
          reads += 1;
          if (reads > 10_000) throw new Error('more than 10,000 property reads: the traversal is not linear');
          return body;
        },
      });
    }
    const records = normalize('coolpopup', body);
    expect(records).toHaveLength(1);
    expect(records[0]?.raw).toBe(body);
  });
});

// --- receiveDelivery ----------------------------------------------------------------------

describe('receiveDelivery', () => {
  const deliveryArb: fc.Arbitrary<DeliveryInput> = fc
    .tuple(
      fc.record({ provider: providerArb, rawBody: rawBodyArb, headers: headersArb, secrets: secretsArb }),
      fc.record(
        {
          event: fc.string(),
          events: fc.array(fc.oneof(fc.string(), fc.constantFrom('email', 'popup.converted', 'response.completed', ''))),
          maxBodyBytes: fc.oneof(fc.integer({ min: -1, max: 200 }), fc.integer({ min: 200, max: 100_000 }), fc.double()),
        },
        { requiredKeys: [] },
      ),
      popupOptionsArb,
    )
    .map(([base, delivery, options]) => ({ ...base, ...delivery, ...options }));

  it('never throws on arbitrary input and always answers with a well-formed result', () => {
    fc.assert(
      fc.property(deliveryArb, (input) => {
        expectDeliveryResult(receiveDelivery(input), input.provider);
      }),
      run,
    );
  });

  it('never refuses a correctly signed delivery as unauthenticated, and gives what normalize gives', () => {
    const signedDelivery = signSetupArb
      .filter((setup) => setup.kind !== 'popup-hmac')
      .chain((setup) =>
        fc.record({
          setup: fc.constant(setup),
          secret: usesWhsec(setup.kind) ? keyBytesArb.map(whsecOf) : plainSecretArb,
          body: fc.oneof(fc.jsonValue({ maxDepth: 5 }).map((value) => JSON.stringify(value)), fc.string()),
          event: fc.option(fc.oneof(fc.constantFrom('email', 'survey', 'popup.converted'), fc.string()), { nil: undefined }),
          events: fc.option(fc.array(fc.constantFrom<string>('email', 'survey', 'unknown', 'popup.converted', 'response.completed', '')), { nil: undefined }),
        }),
      );
    fc.assert(
      fc.property(signedDelivery, ({ setup, secret, body, event, events }) => {
        const { scheme, headers } = sign(setup, body, secret);
        const result = receiveDelivery({ provider: scheme, rawBody: body, headers, secrets: secret, now: setup.timestamp, event, events });
        expectDeliveryResult(result, scheme);
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.trim());
        } catch {
          expect(result).toMatchObject({ ok: false, status: 400 });
          return;
        }
        if (!result.ok) throw new Error(`refused a signed JSON body: ${result.reason}`);
        const all = normalize(scheme, parsed, { event, headers });
        const filter = (events ?? []).filter((name) => name !== '');
        const expected = filter.length === 0 ? all : all.filter((record) => filter.includes(record.event));
        expect(result.records).toEqual(expected);
        expect(result.ignored).toBe(all.length - expected.length);
      }),
      run,
    );
  });
});

// --- detectEmail --------------------------------------------------------------------------

/** Every string in `value`, as detectEmail can reach them (own enumerable keys, array elements). */
function stringLeaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringLeaves(item, out);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) stringLeaves(item, out);
  return out;
}

const PATH_PART = /^(?:\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([A-Za-z_$][\w$]*))/;

/** Follows a path in detectEmail's format (`a.b`, `a[0].b`, `["First name"]`) from `root`. */
function resolvePath(root: unknown, path: string): unknown {
  let current = root;
  let rest = path;
  while (rest !== '') {
    const match = PATH_PART.exec(rest);
    if (!match || (match[3] !== undefined && match[0].startsWith('.') === (rest === path))) throw new Error(`unexpected path syntax at "${rest}" in "${path}"`);
    const [whole, index, quoted, identifier] = match;
    const key = index !== undefined ? Number(index) : quoted !== undefined ? (JSON.parse(quoted) as string) : (identifier as string);
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key)) throw new Error(`"${path}" leads nowhere`);
    current = (current as Record<string | number, unknown>)[key];
    rest = rest.slice(whole.length);
  }
  return current;
}

describe('detectEmail', () => {
  it('never throws on fc.anything(), and what it returns is an email', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), exoticAnything), (value) => {
        const found = detectEmail(value);
        if (found !== null) expect(isEmail(found.email)).toBe(true);
      }),
      run,
    );
  });

  const emailish = fc.oneof(
    fc.constantFrom('a@b.org', ' Jane@EXAMPLE.org ', 'x@y.z', 'josé@exemple.fr', 'a@b', '[email protected]', 'q@1.2.3.4', 'at @ sign', 'email', 'n/a'),
    fc.tuple(token(8), token(8), fc.constantFrom('org', 'COM', 'fr', '123')).map(([local, domain, tld]) => `${local}@${domain}.${tld}`),
    fc.string(),
  );
  const leadLike = fc.anything({
    key: fc.oneof(fc.constantFrom('email', 'E-mail', 'emailAddress', 'mail', 'work_email', 'q3_email', 'type', 'value', 'answers', 'fields', 'First name'), fc.string()),
    values: [emailish, fc.integer(), fc.boolean(), fc.constant(null)],
    maxDepth: 4,
  });

  it('returns null exactly when no string in the value is an address, and a path that leads to the address', () => {
    fc.assert(
      fc.property(leadLike, (value) => {
        const found = detectEmail(value);
        const addresses = stringLeaves(value)
          .map((text) => normalizeEmail(text))
          .filter((email): email is string => email !== null);
        if (found === null) {
          expect(addresses).toEqual([]);
          return;
        }
        expect(isEmail(found.email)).toBe(true);
        expect(addresses).toContain(found.email);
        const at = resolvePath(value, found.path);
        expect(typeof at).toBe('string');
        expect(normalizeEmail(at as string)).toBe(found.email);
      }),
      run,
    );
  });
});
