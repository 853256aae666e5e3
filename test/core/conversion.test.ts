import { buildConversionPayload, buildConversionRequest, formEncode, InputError, normalize, parseConversionResponse, type ConversionInput } from '@popup-leads/core';

import { seedJson, seedJsonc } from '../helpers/fixtures';

const URL_ = 'https://api.provesrc.com/webhooks/track/5b1c3e9d2f1a4b0012345678';

describe('the seed examples', () => {
  it('sends the basic example as documented', () => {
    const basic = seedJsonc('conversion-basic.jsonc');
    expect(buildConversionPayload({ webhookUrl: URL_, ...basic } as ConversionInput)).toEqual(basic);
  });

  it.each(['conversion-location.jsonc', 'conversion-purchase.jsonc', 'conversion-products.jsonc'])('sends %s with an email', (name) => {
    const example = seedJsonc(name);
    expect(buildConversionPayload({ webhookUrl: URL_, email: 'test@gmail.com', ...example } as ConversionInput)).toEqual({ email: 'test@gmail.com', ...example });
  });
});

describe('email', () => {
  it('is detected in a whole lead when not mapped, and explicit input wins', () => {
    const [record] = normalize('wisepops', seedJson<unknown[]>('wisepops-hook-payload.json'), { event: 'email' });
    const payload = buildConversionPayload({ webhookUrl: URL_, lead: record });
    expect(payload).toEqual({ email: 'example@example.com', timestamp: Date.parse('2019-10-10T10:10:58.389Z'), ip: '127.0.0.1', city: 'New York', countryCode: 'US' });
    expect(buildConversionPayload({ webhookUrl: URL_, lead: record, email: 'me@mine.example', ip: '' }).email).toBe('me@mine.example');
    expect(buildConversionPayload({ webhookUrl: URL_, lead: { contact: { Email: 'deep@x.example' } } }).email).toBe('deep@x.example');
  });

  it('gives a clear error when none can be found or the mapped one is invalid', () => {
    expect(() => buildConversionPayload({ webhookUrl: URL_, lead: { name: 'Jane' } })).toThrow(new InputError('No email address found: map the Email field, or pass a lead that contains an email address.'));
    expect(() => buildConversionPayload({ webhookUrl: URL_ })).toThrow(/No email address found/);
    expect(() => buildConversionPayload({ webhookUrl: URL_, email: 'jane@' })).toThrow(/Invalid Email/);
  });

  it('takes first and last names from a lead, splitting a full name', () => {
    expect(buildConversionPayload({ webhookUrl: URL_, lead: { email: 'a@b.example', field_first_name: 'Ann', field_last_name: 'Lee' } })).toMatchObject({ firstName: 'Ann', lastName: 'Lee' });
    expect(buildConversionPayload({ webhookUrl: URL_, lead: { email: 'a@b.example', field_name: 'Jane van Dyke' } })).toMatchObject({ firstName: 'Jane', lastName: 'van Dyke' });
  });
});

describe('fields', () => {
  it('converts timestamps to milliseconds and numbers from text', () => {
    expect(buildConversionPayload({ webhookUrl: URL_, email: 'a@b.example', timestamp: 1528611279 }).timestamp).toBe(1528611279000);
    expect(buildConversionPayload({ webhookUrl: URL_, email: 'a@b.example', timestamp: '2018-06-10T06:14:39.398Z' }).timestamp).toBe(1528611279398);
    expect(buildConversionPayload({ webhookUrl: URL_, email: 'a@b.example', total: '55.5' as unknown as number }).total).toBe(55.5);
    expect(() => buildConversionPayload({ webhookUrl: URL_, email: 'a@b.example', timestamp: 'soon' })).toThrow(/Timestamp/);
    expect(() => buildConversionPayload({ webhookUrl: URL_, email: 'a@b.example', total: 'lots' as unknown as number })).toThrow(/Total/);
  });

  it('requires name and link on every product', () => {
    expect(() => buildConversionPayload({ webhookUrl: URL_, email: 'a@b.example', products: [{ name: 'T', link: '' }] })).toThrow('Invalid Products #1 link. Products #1 link: must be an http(s) URL.');
    expect(() => buildConversionPayload({ webhookUrl: URL_, email: 'a@b.example', products: [{ link: 'https://x.example' } as { name: string; link: string }] })).toThrow(/Products/);
  });

  it('refuses a webhook URL that is not http(s)', () => {
    expect(() => buildConversionRequest({ webhookUrl: 'file:///etc/passwd', email: 'a@b.example' })).toThrow(/Webhook URL/);
  });
});

describe('requests', () => {
  const input: ConversionInput = {
    webhookUrl: `${URL_}?src=zap`,
    email: 'a@b.example',
    firstName: 'Ann',
    products: [{ name: 'T-Shirt', link: 'https://mystore.com/t-shirt', id: 123, price: 55, quantity: 2 }],
  };

  it('posts JSON to the webhook URL', () => {
    expect(buildConversionRequest(input)).toEqual({
      method: 'POST',
      url: URL_,
      query: { src: 'zap' },
      headers: { 'Content-Type': 'application/json' },
      body: { email: 'a@b.example', firstName: 'Ann', products: [{ name: 'T-Shirt', link: 'https://mystore.com/t-shirt', id: 123, price: 55, quantity: 2 }] },
    });
  });

  it('posts form data with bracketed product keys', () => {
    const request = buildConversionRequest({ ...input, format: 'form' });
    expect(request.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(request.body).toBe(
      'email=a%40b.example&firstName=Ann&products%5B0%5D%5Bname%5D=T-Shirt&products%5B0%5D%5Blink%5D=https%3A%2F%2Fmystore.com%2Ft-shirt&products%5B0%5D%5Bid%5D=123&products%5B0%5D%5Bprice%5D=55&products%5B0%5D%5Bquantity%5D=2',
    );
    expect(formEncode({ email: 'x@y.example', total: 5 })).toBe('email=x%40y.example&total=5');
  });

  it('words a refusal without repeating the webhook URL', () => {
    const body = { message: `Unknown webhook ${URL_}; see /webhooks/track/5b1c3e9d2f1a4b0012345678 in your webhooks settings` };
    let error: unknown;
    try {
      parseConversionResponse({ status: 404, body }, URL_);
    } catch (caught) {
      error = caught;
    }
    expect((error as Error).message).toMatch(/^The conversion notification tool found nothing at this address \(HTTP 404\)/);
    expect((error as Error).message).not.toContain('5b1c3e9d2f1a4b0012345678');
    // Ordinary words of the path are not secrets and stay readable.
    expect((error as Error).message).toContain('in your webhooks settings');
    expect(parseConversionResponse({ status: 200, body: 'ok' }, URL_)).toEqual({ sent: true, status: 200 });
  });
});
