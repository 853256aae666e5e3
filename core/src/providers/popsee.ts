import { z } from 'zod';

import { makeRecord, objectOf, textOf } from '../normalize/build-record';
import { flattenFields, flattenInto, slug } from '../normalize/flatten';
import type { LeadRecord, NormalizeContext } from '../normalize/record';
import { contentId } from '../normalize/stable-id';
import { toIsoTime } from '../normalize/time';
import { AnyObjectSchema, tolerantObject } from '../normalize/tolerant';
import { verifyHmacHeader } from '../signatures/hmac-header';
import type { ProviderDescriptor } from './descriptor';
import { itemsOf, originalObject, unknownKeys } from './items';

/** Popsee: one survey response per request (seed 003). */
const readResponse = tolerantObject({
  event: z.string().optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  survey: z.looseObject({ id: z.union([z.string(), z.number()]).optional(), name: z.string().optional() }).optional(),
  response: z
    .looseObject({
      id: z.union([z.string(), z.number()]).optional(),
      answers: z.array(z.unknown()).optional(),
      customParams: AnyObjectSchema.optional(),
      completedAt: z.union([z.string(), z.number()]).optional(),
      pageUrl: z.string().optional(),
    })
    .optional(),
});

const KNOWN = new Set(['event', 'timestamp', 'survey', 'response']);
const KNOWN_SURVEY = new Set(['id', 'name']);
const KNOWN_RESPONSE = new Set(['id', 'answers', 'customParams', 'completedAt', 'pageUrl']);

/** One flat field per question: `answer_<question id>`; answers without an id keep their position. */
function flattenAnswers(out: Record<string, unknown>, answers: readonly unknown[] | undefined): void {
  answers?.forEach((answer, index) => {
    const entry = objectOf(answer);
    const question = entry ? textOf(entry.questionId) : null;
    if (entry && question && 'value' in entry) flattenInto(out, `answer_${slug(question) || index + 1}`, entry.value, 1);
    else flattenInto(out, `answer_${index + 1}`, answer, 1);
  });
}

function normalizeResponse(item: unknown, context: NormalizeContext): LeadRecord {
  const parsed = readResponse(item);
  const data = parsed ?? {};
  const { survey, response } = data;
  const responseId = textOf(response?.id);
  const event = data.event ?? context.event ?? 'response.completed';
  return makeRecord(
    {
      id: responseId ? `popsee:${event}:${responseId}` : contentId('popsee', item),
      provider: 'popsee',
      event,
      occurred_at: toIsoTime(response?.completedAt ?? data.timestamp),
      campaign_id: textOf(survey?.id),
      campaign_name: survey?.name ?? null,
      page_url: response?.pageUrl ?? null,
    },
    item,
    (out) => {
      if (responseId) out.response_id = responseId;
      flattenAnswers(out, response?.answers);
      const originalResponse = originalObject(item, 'response', response);
      const originalSurvey = originalObject(item, 'survey', survey);
      flattenFields(out, 'param', originalObject(originalResponse, 'customParams', response?.customParams));
      if (originalResponse) flattenFields(out, 'response', unknownKeys(originalResponse, KNOWN_RESPONSE));
      if (originalSurvey) flattenFields(out, 'survey', unknownKeys(originalSurvey, KNOWN_SURVEY));
      flattenFields(out, 'extra', parsed ? unknownKeys(objectOf(item) ?? {}, KNOWN) : item);
    },
  );
}

export const popsee: ProviderDescriptor = {
  id: 'popsee',
  name: 'Popsee',
  events: [{ value: 'response.completed', label: 'Survey Response Completed' }],
  setup: "In Popsee, open your survey's Settings tab, paste this URL as the webhook URL and set a webhook secret.",
  secret: {
    label: 'Webhook Secret',
    help: 'The secret you entered in Popsee under your survey > Settings > Webhook secret.',
  },
  verify: (input) => verifyHmacHeader(input, { header: 'X-Popsee-Signature', encoding: 'hex', prefix: 'sha256=' }),
  normalize: (body, context) => itemsOf(body).map((item) => normalizeResponse(item, context)),
};
