import { buildConversionPayload, buildConversionRequest, parseConversionResponse, type ConversionInput } from '@popup-leads/core';
import type { Bundle, ZObject } from 'zapier-platform-core';

import { toCoreResponse, toZapierRequest } from '../../../shared/http';
import { withZapierErrors } from '../../../shared/zapier-errors';

/**
 * Posts one conversion to a social-proof tool's "Stream" webhook. Every parameter its
 * documentation lists is an input; the core builds the body (JSON or form), finds the email in a
 * mapped lead when no Email is given, and words every error. The webhook URL is the only
 * credential, so it is a password field and the core scrubs it from error messages.
 */

const SIMPLE_INPUTS = ['email', 'timestamp', 'ip', 'firstName', 'lastName', 'guid', 'city', 'country', 'countryCode', 'state', 'stateCode', 'productName', 'productLink', 'productImage', 'total', 'currency'] as const;

function productsOf(value: unknown): unknown {
  if (!Array.isArray(value)) return undefined;
  // Zapier sends every row of a line-item group, empty ones included.
  const rows = value.filter((row) => row && typeof row === 'object' && Object.values(row as object).some((cell) => cell !== '' && cell !== null && cell !== undefined));
  return rows.length > 0 ? rows : undefined;
}

export function conversionInputOf(bundle: Bundle): ConversionInput {
  const data = (bundle.inputData ?? {}) as Record<string, unknown>;
  const input: Record<string, unknown> = { webhookUrl: data.webhook_url, format: data.format === 'form' ? 'form' : 'json' };
  for (const key of SIMPLE_INPUTS) if (data[key] !== undefined) input[key] = data[key];
  if (data.lead && typeof data.lead === 'object') input.lead = data.lead;
  const products = productsOf(data.products);
  if (products) input.products = products;
  return input as ConversionInput;
}

export async function sendConversion(z: ZObject, bundle: Bundle): Promise<{ sent: true; status: number; email: string }> {
  return withZapierErrors(z, async () => {
    const input = conversionInputOf(bundle);
    const request = buildConversionRequest(input);
    // The core reads every status itself (it scrubs the URL from what the tool echoes back).
    const response = await z.request({ ...toZapierRequest(request), skipThrowForStatus: true });
    const result = parseConversionResponse(toCoreResponse(response), String(input.webhookUrl));
    return { ...result, email: buildConversionPayload(input).email };
  });
}

const text = (key: string, label: string, helpText: string) => ({ key, label, required: false, helpText });

export const sendConversionNotification = {
  key: 'send_conversion_notification',
  noun: 'Conversion',
  display: {
    label: 'Send Conversion Notification',
    description: 'Sends a lead or purchase to a social-proof conversion notification, which shows it to your visitors.',
  },
  operation: {
    inputFields: [
      {
        key: 'webhook_url',
        label: 'Webhook URL',
        type: 'password' as const,
        required: true,
        helpText: "The notification's webhook URL: select the notification in the tool's main list and copy it. Anyone with this URL can post to the notification, so it is kept like a password.",
      },
      {
        key: 'format',
        label: 'Format',
        required: true,
        default: 'json',
        choices: { json: 'JSON', form: 'Form data' },
        helpText: 'How the data is sent. Both work; JSON keeps numbers and products as they are.',
      },
      text('email', 'Email', 'The email of the person who converted. Leave empty to find it in Lead.'),
      {
        key: 'lead',
        label: 'Lead',
        required: false,
        dict: true,
        helpText: "Map the fields of a lead (for example from a popup trigger). The email is found in them automatically when Email is empty, and IP, time, country and name are taken from them when their own fields are empty.",
      },
      { key: 'timestamp', label: 'Timestamp', type: 'datetime' as const, required: false, helpText: "When the conversion happened: a date, or a number of seconds or milliseconds since 1970. When empty, the lead's time is used, or else the time the tool receives it." },
      text('ip', 'IP Address', "The person's IP address, to show their location."),
      text('firstName', 'First Name', 'Shown in the notification. Looked up from the email when empty.'),
      text('lastName', 'Last Name', 'Only its first letter is shown. Looked up from the email when empty.'),
      text('guid', 'Product or Category ID', 'An identifier of the product or category.'),
      text('city', 'City', 'Instead of locating the IP address.'),
      text('country', 'Country', 'Looked up from Country Code when empty.'),
      text('countryCode', 'Country Code', 'Looked up from Country when empty, e.g. US.'),
      text('state', 'State', 'US only. Looked up from State Code when empty.'),
      text('stateCode', 'State Code', 'US only, e.g. FL. Looked up from State when empty.'),
      text('productName', 'Product Name', 'Appended to the notification text.'),
      { key: 'productLink', label: 'Product Link', required: false, helpText: 'The product page; the notification links to it.' },
      { key: 'productImage', label: 'Product Image', required: false, helpText: 'URL of the product image shown in the notification.' },
      { key: 'total', label: 'Total', type: 'number' as const, required: false, helpText: 'The purchase total.' },
      text('currency', 'Currency', 'The currency of the total, e.g. USD.'),
      {
        key: 'products',
        label: 'Products',
        required: false,
        // Zapier allows no help text on a line-item group itself: it goes on its first field.
        children: [
          { key: 'name', label: 'Product Name', required: false, helpText: 'Line items of a purchase; name and link are required for each. The most expensive product is shown, or the first when there are no prices.' },
          { key: 'link', label: 'Product Link', required: false, helpText: 'Required for each product: the product page.' },
          { key: 'id', label: 'Product ID', required: false },
          { key: 'image', label: 'Product Image', required: false },
          { key: 'price', label: 'Price', type: 'number' as const, required: false },
          { key: 'quantity', label: 'Quantity', type: 'integer' as const, required: false },
        ],
      },
    ],
    perform: sendConversion,
    sample: { sent: true, status: 200, email: 'test@gmail.com' },
    outputFields: [
      { key: 'sent', label: 'Sent', type: 'boolean' as const },
      { key: 'status', label: 'HTTP Status', type: 'integer' as const },
      { key: 'email', label: 'Email Sent' },
    ],
  },
};
