import { normalize } from '@popup-leads/core';

import { deliveryHeaders } from '../../zapier/shared/delivery-headers';
import { toZapierRequest } from '../../zapier/shared/http';
import { labelFor, outputFieldsFor } from '../../zapier/shared/output-fields';
import { seedJson } from '../helpers/fixtures';

describe('deliveryHeaders', () => {
  it("strips Zapier's Http- prefix and keeps Content-Type as it is", () => {
    expect(deliveryHeaders({ 'Http-X-Wisepops-Signature': 'abc', 'Content-Type': 'application/json', 'Http-Webhook-Id': 'msg_1' })).toEqual({
      'x-wisepops-signature': ['abc'],
      'content-type': ['application/json'],
      'webhook-id': ['msg_1'],
    });
  });

  it('keeps both values when a name arrives with and without the prefix, and drops non-strings', () => {
    expect(deliveryHeaders({ 'Http-Authorization': 'Bearer a', authorization: ['Bearer b'], 'Http-X-Count': 3 as unknown as string })).toEqual({ authorization: ['Bearer a', 'Bearer b'] });
    expect(deliveryHeaders(undefined)).toEqual({});
  });
});

describe('toZapierRequest', () => {
  it('serializes JSON bodies itself and passes form bodies through', () => {
    expect(toZapierRequest({ method: 'POST', url: 'https://x.example/a', headers: { 'Content-Type': 'application/json' }, query: { q: '1' }, body: { a: 1 } })).toEqual({
      method: 'POST',
      url: 'https://x.example/a',
      headers: { 'Content-Type': 'application/json' },
      params: { q: '1' },
      body: '{"a":1}',
    });
    expect(toZapierRequest({ method: 'GET', url: 'https://x.example/a', headers: {}, query: {} })).not.toHaveProperty('body');
  });
});

describe('output fields', () => {
  it('labels every key but raw, named keys by name and flat keys by prefix', () => {
    const [record] = normalize('popsee', seedJson('popsee-response-completed.json'));
    const fields = outputFieldsFor(record ?? ({} as never));
    expect(fields.map((field) => field.key)).not.toContain('raw');
    expect(fields.find((field) => field.key === 'occurred_at')).toEqual({ key: 'occurred_at', label: 'Occurred At', type: 'datetime' });
    expect(labelFor('param_user_id')).toBe('Custom Parameter: User Id');
    expect(labelFor('field_first_name')).toBe('Form Field: First Name');
    expect(labelFor('answer_q1')).toBe('Answer: Q1');
    expect(labelFor('something_else')).toBe('Something Else');
  });
});
