import { signatureHeaders, type DeliveryFailureReason } from '@popup-leads/core';

import type { BodyRefusalReason } from '../../n8n/nodes/shared/signed-body';

/**
 * Bad input for the Wisepops webhook, with the answer each one must get. One table serves the
 * core (`receiveDelivery`, test/core/bad-input.test.ts) and a real n8n Wisepops Trigger
 * (test/e2e/bad-input.e2e.test.ts), so both are held to the same promise: a clear 4xx or a
 * normalized item, never a crash, a hang, a secret in an answer, or a lead dropped silently.
 */

/** A lead as the record shows it: enough to recognise it in the core's result and in n8n's items. */
export type RecordJson = Record<string, unknown>;

export type Outcome =
  | {
      /** Refused before any record exists: the HTTP status and what the answer says. */
      kind: 'refused';
      status: number;
      /**
       * The core's reason, or our n8n node's own for a body the core never gets; absent when
       * n8n itself answers, before our node runs.
       */
      reason?: DeliveryFailureReason | BodyRefusalReason;
      message: string;
    }
  | {
      /** Accepted: one record per lead, in order (none for an empty delivery). */
      kind: 'records';
      emails: (string | null)[];
      /** Further checks on the records, the same for the core's result and n8n's items. */
      check?: (records: readonly RecordJson[]) => void;
    };

export interface BadInputCase {
  name: string;
  body: Buffer | string;
  /** Sent as given: a header name's case is kept, an array is sent as repeated header lines. */
  headers: Record<string, string | string[]>;
  /** What the core answers. */
  expected: Outcome;
  /**
   * What real n8n answers when it differs: n8n reads, decompresses and parses some bodies
   * itself before the trigger node sees them, and answers some of them on its own.
   */
  n8n?: Outcome & { why: string };
}

export const SIGNATURE_HEADER = 'X-Wisepops-Signature';

const COLLECTED_AT = '2026-11-23T18:50:39.690Z';
const CAMPAIGN = 12345;

/** A lead shaped like the seed's example. */
export function wisepopsLead(session: string, fields: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { collected_at: COLLECTED_AT, wisepop_id: CAMPAIGN, form_session: session, ip: '203.0.113.7', country_code: 'FR', fields, ...extra };
}

function signatureOf(body: Buffer | string, secret: string): string {
  return signatureHeaders({ scheme: 'wisepops', body, secret })[SIGNATURE_HEADER] as string;
}

/** A body of exactly `bytes` bytes: one lead whose message field takes the room left. */
function leadOfSize(bytes: number, email: string): string {
  const frame = JSON.stringify([wisepopsLead('big', { email, message: '' })]);
  return JSON.stringify([wisepopsLead('big', { email, message: 'x'.repeat(bytes - Buffer.byteLength(frame)) })]);
}

function nested(levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

const N8N_PARSE_FAILED: Omit<Extract<Outcome, { kind: 'refused' }>, 'kind'> = { status: 422, message: 'Failed to parse request body' };

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

const MIB = 1024 * 1024;
const BOUNDARY = 'popup-leads-boundary';

/**
 * The table, signed with `secret` (the Wisepops API key) wherever a signature is meant to be
 * valid. Built on demand because signatures depend on the key, and the large bodies are big.
 */
export function wisepopsBadInputCases(secret: string): BadInputCase[] {
  const json = (body: Buffer | string, more: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
    'Content-Type': 'application/json',
    [SIGNATURE_HEADER]: signatureOf(body, secret),
    ...more,
  });
  const typed = (contentType: string | undefined, body: Buffer | string): Record<string, string> => ({
    ...(contentType === undefined ? {} : { 'Content-Type': contentType }),
    [SIGNATURE_HEADER]: signatureOf(body, secret),
  });
  const refused = (status: number, reason: DeliveryFailureReason, message: string): Outcome => ({ kind: 'refused', status, reason, message });
  const records = (emails: (string | null)[], check?: (records: readonly RecordJson[]) => void): Outcome => ({ kind: 'records', emails, check });

  const twoLeads = JSON.stringify([
    wisepopsLead('s-ada', { email: 'ada@example.com', first_name: 'Ada' }),
    wisepopsLead('s-grace', { 'Your e-mail': 'grace@example.org' }),
  ]);
  const oneLead = JSON.stringify([wisepopsLead('s-one', { email: 'one@example.com' })]);
  const right = signatureOf(oneLead, secret);
  const wrong = signatureOf(oneLead, 'another-websites-key');

  const formBody = 'email=form%40example.com&fields%5BCity%5D=Paris&consent=yes';
  const multipart = [`--${BOUNDARY}`, 'Content-Disposition: form-data; name="email"', '', 'multipart@example.com', `--${BOUNDARY}--`, ''].join('\r\n');
  const cut = '[{"collected_at":"2026-11-23T18:50:39.690Z","fields":{"email":"cut@exa';
  const utf8Broken = Buffer.concat([Buffer.from('[{"fields":{"email":"bad@example.com","name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}]')]);
  const surrogate = Buffer.concat([Buffer.from('[{"fields":{"email":"cesu@example.com","name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}}]')]);
  const latin1 = Buffer.from(JSON.stringify([wisepopsLead('s-latin', { email: 'latin@example.com', city: 'Besançon' })]), 'latin1');
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(oneLead)]);
  const proto = '[{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"collected_at":"2026-11-23T18:50:39.690Z","fields":{"email":"proto@example.com","__proto__":"field"}}]';
  const numbers = JSON.stringify([
    { collected_at: 1795459200, wisepop_id: '12345', form_session: 987, ip: 3405803783, country_code: 33, fields: { email: 'numbers@example.com', age: 42, consent: true } },
  ]);
  const shapes = JSON.stringify([{ collected_at: ['yesterday'], wisepop_id: { id: 1 }, form_session: null, fields: 'not an object' }]);
  const reserialized = JSON.stringify(JSON.parse(oneLead), null, 2);
  const thousand = Array.from({ length: 1000 }, (_, i) => `lead${i}@example.com`);
  const thousandBody = JSON.stringify(thousand.map((email, i) => wisepopsLead(`s-${i}`, { email })));
  const fiveMib = leadOfSize(5 * MIB, 'five.mib@example.com');
  const nineMib = leadOfSize(9 * MIB, 'nine.mib@example.com');
  const seventeenMib = leadOfSize(17 * MIB, 'seventeen.mib@example.com');

  return [
    {
      name: 'a genuine two-lead delivery',
      body: twoLeads,
      headers: json(twoLeads),
      expected: records(['ada@example.com', 'grace@example.org'], (out) => {
        expectEqual(
          out.map((record) => [record.provider, record.event, record.campaign_id, record.form_session]),
          [
            ['wisepops', 'email', '12345', 's-ada'],
            ['wisepops', 'email', '12345', 's-grace'],
          ],
          'named keys',
        );
        expectEqual(out[0]?.field_first_name, 'Ada', 'flat field');
      }),
    },
    {
      name: 'not JSON (text/plain)',
      body: 'Thanks for signing up!',
      headers: typed('text/plain', 'Thanks for signing up!'),
      expected: refused(400, 'invalid-json', 'The body is not valid JSON.'),
    },
    {
      name: 'not JSON, labelled application/json',
      body: '{"fields": {"email": ',
      headers: json('{"fields": {"email": '),
      expected: refused(400, 'invalid-json', 'The body is not valid JSON.'),
      n8n: { kind: 'refused', ...N8N_PARSE_FAILED, why: 'n8n parses application/json bodies before the node runs and answers 422 itself' },
    },
    {
      name: 'JSON cut short, no Content-Type',
      body: cut,
      headers: typed(undefined, cut),
      expected: refused(400, 'invalid-json', 'The body is not valid JSON.'),
    },
    {
      name: 'form-encoded lead',
      body: formBody,
      headers: typed('application/x-www-form-urlencoded', formBody),
      expected: records(['form@example.com'], (out) => {
        expectEqual([out[0]?.extra_fields_city, out[0]?.extra_consent], ['Paris', 'yes'], 'form fields');
      }),
    },
    {
      name: 'JSON labelled application/octet-stream (n8n leaves it to the node to read)',
      body: oneLead,
      headers: typed('application/octet-stream', oneLead),
      expected: records(['one@example.com']),
    },
    {
      name: 'multipart/form-data',
      body: multipart,
      headers: typed(`multipart/form-data; boundary=${BOUNDARY}`, multipart),
      expected: refused(400, 'invalid-json', 'The body is not valid JSON.'),
      n8n: {
        kind: 'refused',
        status: 415,
        reason: 'unsupported-media-type',
        message: 'A multipart body cannot be verified',
        why: 'n8n parses multipart bodies itself and keeps none of the signed bytes, so the node refuses them',
      },
    },
    {
      name: 'empty body',
      body: '',
      headers: json(''),
      expected: refused(400, 'empty-body', 'The body is empty: expected JSON.'),
    },
    {
      name: 'only white space',
      body: ' \r\n\t ',
      headers: json(' \r\n\t '),
      expected: refused(400, 'empty-body', 'The body is empty: expected JSON.'),
      n8n: { kind: 'refused', ...N8N_PARSE_FAILED, why: 'n8n parses a non-empty application/json body before the node runs, white space included' },
    },
    {
      name: 'empty array',
      body: '[]',
      headers: json('[]'),
      expected: records([]),
    },
    {
      name: 'JSON null',
      body: 'null',
      headers: json('null'),
      expected: records([]),
    },
    {
      name: 'one lead as an object, not in an array',
      body: JSON.stringify(wisepopsLead('s-solo', { email: 'solo@example.com' })),
      headers: json(JSON.stringify(wisepopsLead('s-solo', { email: 'solo@example.com' }))),
      expected: records(['solo@example.com']),
    },
    {
      name: 'a bare number',
      body: '42',
      headers: json('42'),
      expected: records([null], (out) => expectEqual([out[0]?.extra, out[0]?.raw], [42, 42], 'kept as extra and raw')),
    },
    {
      name: 'an array mixing a lead with null, a number, a string and an empty array',
      body: `[${JSON.stringify(wisepopsLead('s-mixed', { email: 'mixed@example.com' }))},null,7,"text",[]]`,
      headers: json(`[${JSON.stringify(wisepopsLead('s-mixed', { email: 'mixed@example.com' }))},null,7,"text",[]]`),
      expected: records(['mixed@example.com', null, null, null, null], (out) => {
        expectEqual(
          out.slice(1).map((record) => record.raw),
          [null, 7, 'text', []],
          'every element kept',
        );
      }),
    },
    {
      name: 'a 5 MB body (one lead with a long message)',
      body: fiveMib,
      headers: json(fiveMib),
      expected: records(['five.mib@example.com'], (out) => {
        const message = out[0]?.field_message;
        expectEqual(typeof message === 'string' ? message.length > 5 * MIB - 200 : message, true, 'the whole message');
      }),
    },
    {
      name: 'a 9 MB body (above the trigger limit of 8 MB)',
      body: nineMib,
      headers: json(nineMib),
      expected: refused(413, 'too-large', 'The body is larger than 8388608 bytes.'),
    },
    {
      name: 'a 17 MB body (above n8n’s own limit of 16 MB)',
      body: seventeenMib,
      headers: json(seventeenMib),
      expected: refused(413, 'too-large', 'The body is larger than 8388608 bytes.'),
      n8n: {
        kind: 'refused',
        status: 500,
        message: 'There was a problem executing the workflow',
        why: 'n8n reads the body before the node runs; above N8N_PAYLOAD_SIZE_MAX (16 MB) it answers 500 itself, no execution',
      },
    },
    {
      name: 'JSON nested 65 levels',
      body: nested(65),
      headers: json(nested(65)),
      expected: refused(400, 'too-deep', 'The JSON is nested deeper than 64 levels.'),
    },
    {
      name: 'JSON nested 100,000 levels (text/plain)',
      body: nested(100_000),
      headers: typed('text/plain', nested(100_000)),
      expected: refused(400, 'too-deep', 'The JSON is nested deeper than 64 levels.'),
    },
    {
      name: '__proto__ and constructor keys',
      body: proto,
      headers: json(proto),
      expected: records(['proto@example.com'], (out) => {
        expectEqual(
          [out[0]?.field_proto, out[0]?.extra_proto_polluted, out[0]?.extra_constructor_prototype_polluted],
          ['field', true, true],
          'kept as ordinary keys',
        );
        expectEqual(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
      }),
    },
    {
      name: 'invalid UTF-8 inside a string',
      body: utf8Broken,
      headers: json(utf8Broken),
      expected: refused(400, 'invalid-encoding', 'The body is not valid UTF-8.'),
    },
    {
      name: 'a UTF-16 surrogate encoded as UTF-8 (CESU-8)',
      body: surrogate,
      headers: json(surrogate),
      expected: refused(400, 'invalid-encoding', 'The body is not valid UTF-8.'),
    },
    {
      name: 'Latin-1 bytes declared as charset=iso-8859-1',
      body: latin1,
      headers: { 'Content-Type': 'application/json; charset=iso-8859-1', [SIGNATURE_HEADER]: signatureOf(latin1, secret) },
      expected: refused(400, 'invalid-encoding', 'The body is not valid UTF-8.'),
      // Node knows this charset only as "latin1", so n8n cannot decode it either.
      n8n: { kind: 'refused', ...N8N_PARSE_FAILED, why: 'n8n decodes the body with the declared charset before the node runs' },
    },
    {
      name: 'Latin-1 bytes declared as charset=latin1',
      body: latin1,
      headers: { 'Content-Type': 'application/json; charset=latin1', [SIGNATURE_HEADER]: signatureOf(latin1, secret) },
      // n8n decodes and parses it; the node checks the raw bytes, which are not UTF-8.
      expected: refused(400, 'invalid-encoding', 'The body is not valid UTF-8.'),
    },
    {
      name: 'a UTF-8 byte-order mark before the JSON',
      body: bom,
      headers: json(bom),
      expected: records(['one@example.com']),
    },
    {
      name: 'a JSON body labelled application/xml',
      body: oneLead,
      headers: typed('application/xml', oneLead),
      expected: records(['one@example.com']),
      n8n: { kind: 'refused', ...N8N_PARSE_FAILED, why: 'n8n parses XML content types before the node runs and answers 422 itself' },
    },
    {
      name: 'an unknown charset in the Content-Type',
      body: oneLead,
      headers: typed('application/json; charset=klingon', oneLead),
      expected: records(['one@example.com']),
      n8n: { kind: 'refused', ...N8N_PARSE_FAILED, why: 'n8n decodes the body with the declared charset before the node runs' },
    },
    {
      name: 'corrupt gzip (Content-Encoding: gzip)',
      body: 'this is not gzip',
      headers: { ...typed('application/json', 'this is not gzip'), 'Content-Encoding': 'gzip' },
      // The core is handed bytes as they are; decompressing is the platform's job.
      expected: refused(400, 'invalid-json', 'The body is not valid JSON.'),
      n8n: {
        kind: 'refused',
        status: 500,
        message: 'There was a problem executing the workflow',
        why: 'n8n gunzips the body before the node runs and answers 500 itself when that fails, no execution',
      },
    },
    {
      name: 'signature header sent twice, the second copy right',
      body: oneLead,
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: [wrong, right] },
      expected: records(['one@example.com']),
    },
    {
      name: 'signature header sent twice, both wrong',
      body: oneLead,
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: [wrong, 'ab'.repeat(32)] },
      expected: refused(401, 'mismatch', 'signature does not match'),
    },
    {
      name: 'two signatures joined with a comma in one header',
      body: oneLead,
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: `${wrong}, ${right}` },
      expected: records(['one@example.com']),
    },
    {
      name: 'signature header name in capitals',
      body: oneLead,
      headers: { 'Content-Type': 'application/json', 'X-WISEPOPS-SIGNATURE': right },
      expected: records(['one@example.com']),
    },
    {
      name: 'signature in upper-case hex',
      body: oneLead,
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: right.toUpperCase() },
      expected: records(['one@example.com']),
    },
    {
      name: 'signature made with another key',
      body: oneLead,
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: wrong },
      expected: refused(401, 'mismatch', 'signature does not match'),
    },
    {
      name: 'signature cut short by one character',
      body: oneLead,
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: right.slice(0, -1) },
      expected: refused(401, 'malformed', 'is not a hex SHA-256 digest'),
    },
    {
      name: 'signature with a sha256= prefix',
      body: oneLead,
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: `sha256=${right}` },
      expected: refused(401, 'malformed', 'is not a hex SHA-256 digest'),
    },
    {
      name: 'no signature header',
      body: oneLead,
      headers: { 'Content-Type': 'application/json' },
      expected: refused(401, 'missing-header', 'The X-Wisepops-Signature header is missing.'),
    },
    {
      name: 'an empty signature header',
      body: oneLead,
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: '' },
      expected: refused(401, 'missing-header', 'The X-Wisepops-Signature header is missing.'),
    },
    {
      name: 'body re-indented after signing',
      body: reserialized,
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: right },
      expected: refused(401, 'mismatch', 'signature does not match'),
    },
    {
      name: 'a lead with no email',
      body: JSON.stringify([wisepopsLead('s-none', { first_name: 'Nobody', phone: '+33612345678' })]),
      headers: json(JSON.stringify([wisepopsLead('s-none', { first_name: 'Nobody', phone: '+33612345678' })])),
      expected: records([null], (out) => {
        expectEqual([out[0]?.email_path, out[0]?.field_first_name, out[0]?.phone], [null, 'Nobody', '+33612345678'], 'the rest kept');
      }),
    },
    {
      name: 'a lead with two emails',
      body: JSON.stringify([wisepopsLead('s-two', { 'Work email': 'work@example.com', email: 'home@example.com' })]),
      headers: json(JSON.stringify([wisepopsLead('s-two', { 'Work email': 'work@example.com', email: 'home@example.com' })])),
      expected: records(['home@example.com'], (out) => {
        expectEqual([out[0]?.email_path, out[0]?.field_work_email, out[0]?.field_email], ['fields.email', 'work@example.com', 'home@example.com'], 'both kept');
      }),
    },
    {
      name: 'numbers where strings were expected',
      body: numbers,
      headers: json(numbers),
      expected: records(['numbers@example.com'], (out) => {
        expectEqual(
          [out[0]?.occurred_at, out[0]?.campaign_id, out[0]?.form_session, out[0]?.ip, out[0]?.country_code, out[0]?.field_age, out[0]?.field_consent],
          ['2026-11-23T18:40:00.000Z', '12345', '987', '3405803783', '33', 42, true],
          'read as text where text is expected',
        );
      }),
    },
    {
      name: 'strings and arrays where objects were expected',
      body: shapes,
      headers: json(shapes),
      expected: records([null], (out) => {
        expectEqual([out[0]?.occurred_at, out[0]?.campaign_id, out[0]?.form_session], [null, null, null], 'unreadable keys are null');
        expectEqual(out[0]?.raw, JSON.parse(shapes)[0], 'the lead kept as sent');
      }),
    },
    {
      name: 'a key given twice: the last one counts',
      body: '[{"fields":{"email":"first@example.com","email":"second@example.com"}}]',
      headers: json('[{"fields":{"email":"first@example.com","email":"second@example.com"}}]'),
      expected: records(['second@example.com']),
    },
    {
      name: 'non-ASCII email and field names',
      body: JSON.stringify([wisepopsLead('s-zoe', { Prénom: 'Zoë', 'E-mail': 'zoë.åström@example.com' })]),
      headers: json(JSON.stringify([wisepopsLead('s-zoe', { Prénom: 'Zoë', 'E-mail': 'zoë.åström@example.com' })])),
      expected: records(['zoë.åström@example.com'], (out) => expectEqual(out[0]?.field_prénom, 'Zoë', 'flat key in its own script')),
    },
    {
      name: '1,000 leads in one delivery',
      body: thousandBody,
      headers: json(thousandBody),
      expected: records(thousand, (out) => expectEqual(new Set(out.map((record) => record.id)).size, 1000, 'distinct ids')),
    },
  ];
}

/** The outcome a platform is held to: n8n's own answer where it answers first, else the core's. */
export function outcomeOn(platform: 'core' | 'n8n', testCase: BadInputCase): Outcome {
  return platform === 'n8n' && testCase.n8n ? testCase.n8n : testCase.expected;
}
