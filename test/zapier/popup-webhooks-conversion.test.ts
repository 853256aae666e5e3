import { normalize } from '@popup-leads/core';
import nock from 'nock';
import { createAppTester } from 'zapier-platform-core';

import app from '../../zapier/popup-webhooks/src';
import { seedJson, seedJsonc } from '../helpers/fixtures';
import { appError, capturingLogs, operationAt, valueAt } from './support';

const appTester = createAppTester(app);
const send = operationAt(app, 'creates.send_conversion_notification.operation.perform');
const TOOL = 'https://api.provesrc.com';
const PATH = '/webhooks/track/5f0c3e8a9b1d2c4e6f7a8b9c';
const WEBHOOK_URL = `${TOOL}${PATH}`;

/** Every parameter of the document's four examples, as a user fills the action's fields. */
const ALL_FIELDS = {
  ...seedJsonc('conversion-basic.jsonc'),
  ...seedJsonc('conversion-location.jsonc'),
  ...seedJsonc('conversion-purchase.jsonc'),
  ...seedJsonc('conversion-products.jsonc'),
};

/** Captures the body the tool received, as sent, and its Content-Type. */
function receiver(status = 200) {
  const seen: { body?: string; type?: string } = {};
  const scope = nock(TOOL)
    .post(PATH)
    .reply(function (_uri, body) {
      seen.type = String(this.req.headers['content-type']);
      seen.body = typeof body === 'string' ? body : JSON.stringify(body);
      return [status, status < 300 ? { ok: true } : { error: `bad webhook ${PATH}` }];
    });
  return { seen, scope };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Send Conversion Notification', () => {
  it('has an input for every parameter of the document', () => {
    const fields = valueAt(app, 'creates.send_conversion_notification.operation.inputFields') as { key: string; type?: string; children?: { key: string }[]; dict?: boolean }[];
    const keys = fields.map((field) => field.key);
    for (const key of Object.keys(ALL_FIELDS)) expect(keys).toContain(key);
    expect(fields.find((field) => field.key === 'webhook_url')?.type).toBe('password');
    expect(fields.find((field) => field.key === 'lead')?.dict).toBe(true);
    expect(fields.find((field) => field.key === 'products')?.children?.map((child) => child.key)).toEqual(['name', 'link', 'id', 'image', 'price', 'quantity']);
  });

  it('posts JSON with exactly the given parameters', async () => {
    const { seen, scope } = receiver();
    const result = await appTester(send, { inputData: { webhook_url: WEBHOOK_URL, format: 'json', ...ALL_FIELDS } });
    expect(scope.isDone()).toBe(true);
    expect(seen.type).toBe('application/json');
    expect(JSON.parse(seen.body ?? '')).toStrictEqual({
      email: 'test@gmail.com',
      timestamp: 1528611279398,
      ip: '141.92.55.102',
      firstName: 'John',
      lastName: 'Smith',
      guid: 'id',
      city: 'Miami',
      country: 'United States',
      countryCode: 'US',
      state: 'Florida',
      stateCode: 'FL',
      productName: 'Sneakers',
      productLink: 'https://sneakers.com/sneakers',
      productImage: 'https://sneakers.com/sneakers.jpg',
      total: 55,
      currency: 'USD',
      products: [{ name: 'T-Shirt', link: 'https://mystore.com/t-shirt', id: 123, image: 'https://mystore.com/images/t-shirt.png', price: 55, quantity: 2 }],
    });
    expect(result).toEqual({ sent: true, status: 200, email: 'test@gmail.com' });
  });

  it('posts form data, byte for byte', async () => {
    const { seen } = receiver();
    await appTester(send, {
      inputData: { webhook_url: WEBHOOK_URL, format: 'form', ...seedJsonc('conversion-basic.jsonc'), products: [{ name: 'T-Shirt', link: 'https://mystore.com/t-shirt', price: '55', quantity: '2' }] },
    });
    expect(seen.type).toBe('application/x-www-form-urlencoded');
    expect(seen.body).toBe(
      'email=test%40gmail.com&ip=141.92.55.102&firstName=John&lastName=Smith&guid=id' +
        '&products%5B0%5D%5Bname%5D=T-Shirt&products%5B0%5D%5Blink%5D=https%3A%2F%2Fmystore.com%2Ft-shirt&products%5B0%5D%5Bprice%5D=55&products%5B0%5D%5Bquantity%5D=2' +
        '&timestamp=1528611279398',
    );
  });

  it('finds the email in a mapped lead and takes its defaults from it', async () => {
    const [lead] = normalize('popsee', seedJson('popsee-response-completed.json'));
    const { seen } = receiver();
    const flat = Object.fromEntries(Object.entries(lead ?? {}).filter(([key, value]) => key !== 'raw' && value !== null));
    const result = await appTester(send, { inputData: { webhook_url: WEBHOOK_URL, format: 'json', lead: flat } });
    expect(JSON.parse(seen.body ?? '')).toEqual({ email: 'customer@example.com', timestamp: Date.parse('2024-01-22T12:00:00.000Z') });
    expect(result).toMatchObject({ email: 'customer@example.com' });
  });

  it('ignores the empty line-item rows Zapier sends', async () => {
    const { seen } = receiver();
    await appTester(send, { inputData: { webhook_url: WEBHOOK_URL, email: 'a@example.com', products: [{ name: '', link: '' }] } });
    expect(JSON.parse(seen.body ?? '')).toEqual({ email: 'a@example.com' });
  });

  it('says clearly when no email can be found, without calling the tool', async () => {
    const error = await appTester(send, { inputData: { webhook_url: WEBHOOK_URL, lead: { name: 'Jane', city: 'Paris' } } }).catch((e: unknown) => e);
    expect(appError(error)).toEqual({
      message: 'No email address found: map the Email field, or pass a lead that contains an email address.',
      code: 'invalid-input',
      status: 400,
    });
  });

  it('reports a refusal without the webhook URL', async () => {
    receiver(404);
    const { result: error } = await capturingLogs(() => appTester(send, { inputData: { webhook_url: WEBHOOK_URL, email: 'a@example.com' } }).catch((e: unknown) => e));
    const { message, code, status } = appError(error);
    expect([code, status]).toEqual(['not-found', 404]);
    expect(message).toContain('while sending the conversion');
    expect(message).not.toContain('5f0c3e8a9b1d2c4e6f7a8b9c');
  });

  it('turns a 429 into ThrottledError with the delay', async () => {
    nock(TOOL).post(PATH).reply(429, '', { 'Retry-After': '30' });
    const error = (await appTester(send, { inputData: { webhook_url: WEBHOOK_URL, email: 'a@example.com' } }).catch((e: unknown) => e)) as Error;
    expect(error.name).toBe('ThrottledError');
    expect(JSON.parse(error.message)).toMatchObject({ delay: 30 });
  });
});
