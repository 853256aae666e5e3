import type { IncomingMessage, ServerResponse } from 'node:http';

import { WisepopsEventSchema } from '@popup-leads/core';
import { z } from 'zod';

import { FaultSpecSchema } from './faults';
import { isPlainObject, parseJson, readBody, sendEmpty, sendError, sendJson } from './http-util';
import { LeadInputError } from './leads';
import type { SendInput } from './providers';
import type { Sandbox } from './sandbox';

/**
 * `/_sandbox/…`: what is not Wisepops but lets tests and people drive and inspect it. No
 * authentication: the server listens on 127.0.0.1 only, and never shows the API key.
 */

const INBOX = /^\/_sandbox\/inbox\/([\w.-]{1,64})$/;

const CollectBodySchema = z.object({
  leads: z.array(z.unknown()),
  event: WisepopsEventSchema.optional(),
  /** Answer only after the deliveries finished (delivered or given up), with their attempts. */
  wait: z.boolean().optional(),
});

function zodMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || 'body'}: ${issue.message}` : 'Invalid input.';
}

async function jsonBody(request: IncomingMessage, response: ServerResponse): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const parsed = parseJson(await readBody(request));
  if (!parsed.ok) sendError(response, 400, 'The body must be JSON.');
  return parsed;
}

async function collect(sandbox: Sandbox, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const parsed = await jsonBody(request, response);
  if (!parsed.ok) return;
  // A lead, an array of leads, or `{ leads, event?, wait? }`.
  const wrapped = isPlainObject(parsed.value) && 'leads' in parsed.value;
  const options = wrapped ? CollectBodySchema.safeParse(parsed.value) : CollectBodySchema.safeParse({ leads: Array.isArray(parsed.value) ? parsed.value : [parsed.value] });
  if (!options.success) {
    sendError(response, 400, zodMessage(options.error));
    return;
  }
  try {
    const result = sandbox.collect(options.data.leads, options.data.event ? { event: options.data.event } : {});
    if (options.data.wait) {
      await sandbox.idle(sandbox.retry.timeoutMs * sandbox.retry.maxAttempts + sandbox.retry.baseMs * 2 ** sandbox.retry.maxAttempts);
      sendJson(response, 200, { ...result, attempts: sandbox.state.attempts });
      return;
    }
    sendJson(response, 200, result);
  } catch (error) {
    if (error instanceof LeadInputError) sendError(response, 400, error.message);
    else throw error;
  }
}

async function send(sandbox: Sandbox, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const parsed = await jsonBody(request, response);
  if (!parsed.ok) return;
  try {
    // sendSigned validates the input with its schema, so the cast only defers the check.
    const result = await sandbox.send(parsed.value as SendInput);
    sendJson(response, 200, { sent: result.sent, response: { status: result.response.status, body: result.response.body } });
  } catch (error) {
    if (error instanceof z.ZodError) sendError(response, 400, zodMessage(error));
    else sendError(response, 502, `Sending failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function addFault(sandbox: Sandbox, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const parsed = await jsonBody(request, response);
  if (!parsed.ok) return;
  const spec = FaultSpecSchema.safeParse(parsed.value);
  if (!spec.success) {
    sendError(response, 400, zodMessage(spec.error));
    return;
  }
  sendJson(response, 201, sandbox.state.faults.add(spec.data));
}

/** Answers a `/_sandbox/` request; false when no route matches. */
export async function handleControl(sandbox: Sandbox, request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
  const method = request.method ?? 'GET';
  const inbox = INBOX.exec(url.pathname);
  if (inbox?.[1]) {
    const recorder = sandbox.inbox(inbox[1]);
    if (method === 'GET') sendJson(response, 200, recorder.requests);
    else if (method === 'DELETE') {
      recorder.clear();
      sendEmpty(response);
    } else await recorder.handle(request, response);
    return true;
  }
  const { state } = sandbox;
  switch (`${method} ${url.pathname}`) {
    case 'GET /_sandbox':
      sendJson(response, 200, { hooks: state.hooks.size, leads: state.leads.length, attempts: state.attempts.length, pending: sandbox.deliverer.pending(), campaigns: state.campaigns.length });
      return true;
    case 'GET /_sandbox/hooks':
      sendJson(response, 200, [...state.hooks.values()]);
      return true;
    case 'GET /_sandbox/deliveries':
      sendJson(response, 200, state.attempts);
      return true;
    case 'GET /_sandbox/leads':
      sendJson(response, 200, state.sortedLeads().map(({ event, lead }) => ({ event, lead })));
      return true;
    case 'POST /_sandbox/collect':
      await collect(sandbox, request, response);
      return true;
    case 'POST /_sandbox/send':
      await send(sandbox, request, response);
      return true;
    case 'POST /_sandbox/reset':
      sandbox.reset();
      sendEmpty(response);
      return true;
    case 'GET /_sandbox/faults':
      sendJson(response, 200, state.faults.list());
      return true;
    case 'POST /_sandbox/faults':
      await addFault(sandbox, request, response);
      return true;
    case 'DELETE /_sandbox/faults':
      state.faults.clear();
      sendEmpty(response);
      return true;
    default:
      return false;
  }
}
