import type { IncomingMessage, ServerResponse } from 'node:http';

import { CONTACTS_MAX_PAGE_SIZE, CreateHookInputSchema, ErasePersonInputSchema, safeEqualText, wisepopsAuthHeaders } from '@popup-leads/core';

import { isPlainObject, parseJson, readBody, sendEmpty, sendError, sendJson } from './http-util';
import { comparablePhone, emailOf, phoneOf } from './leads';
import type { SandboxState } from './state';

/**
 * The Wisepops REST API under `/api2/` (seed 000 and Wisepops' public API articles). Where
 * Wisepops publishes no error format, errors are `{ "error": "…" }` with the status a client
 * must handle (401 bad key, 400 bad input, 404 unknown hook).
 */

const DEFAULT_PAGE_SIZE = 100;

/**
 * Whether the request carries the API key, in exactly the header form the core sends
 * (`wisepopsAuthHeaders`), compared in constant time; the answer never repeats what was sent.
 */
function authorized(request: IncomingMessage, apiKey: string): boolean {
  const header = request.headers.authorization;
  return typeof header === 'string' && safeEqualText(header.trim(), wisepopsAuthHeaders(apiKey).Authorization as string);
}

/** Zod's first issue as a sentence for a 400 body. */
function firstIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, names: Record<string, string> = {}): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid input.';
  const key = issue.path.map(String).join('.');
  return key ? `${names[key] ?? key}: ${issue.message}` : issue.message;
}

async function jsonObject(request: IncomingMessage, response: ServerResponse): Promise<Record<string, unknown> | undefined> {
  const parsed = parseJson(await readBody(request));
  if (!parsed.ok || !isPlainObject(parsed.value)) {
    sendError(response, 400, 'The body must be a JSON object.');
    return undefined;
  }
  return parsed.value;
}

async function createHook(state: SandboxState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await jsonObject(request, response);
  if (!body) return;
  // The core's own input schema: the sandbox accepts exactly what the clients may send.
  const hook = CreateHookInputSchema.safeParse({ event: body.event, targetUrl: body.target_url, campaignId: body.wisepop_id });
  if (!hook.success) {
    sendError(response, 400, firstIssue(hook.error, { event: 'event', targetUrl: 'target_url', campaignId: 'wisepop_id' }));
    return;
  }
  const created = state.addHook(hook.data.event, hook.data.targetUrl, hook.data.campaignId);
  sendJson(response, 200, { id: created.id });
}

function deleteHook(state: SandboxState, query: URLSearchParams, response: ServerResponse): void {
  const raw = query.get('hook_id');
  if (!raw) {
    sendError(response, 400, 'hook_id is required.');
    return;
  }
  const id = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!state.hooks.delete(id)) {
    sendError(response, 404, 'Hook not found.');
    return;
  }
  sendEmpty(response, 204);
}

/** An integer query parameter within bounds, its default when absent, or an error message. */
function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number | string {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) return `${name} must be an integer from ${min} to ${max}.`;
  return value;
}

function listContacts(state: SandboxState, query: URLSearchParams, response: ServerResponse): void {
  const pageSize = intParam(query, 'page_size', DEFAULT_PAGE_SIZE, 1, CONTACTS_MAX_PAGE_SIZE);
  const page = intParam(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  if (typeof pageSize === 'string' || typeof page === 'string') {
    sendError(response, 400, typeof pageSize === 'string' ? pageSize : (page as string));
    return;
  }
  const after = query.get('collected_after');
  const afterMs = after ? Date.parse(after) : undefined;
  if (afterMs !== undefined && Number.isNaN(afterMs)) {
    sendError(response, 400, 'collected_after must be a date (ISO 8601, UTC).');
    return;
  }
  const campaign = query.get('wisepop_id');
  const matching = state
    .sortedLeads()
    .filter((stored) => afterMs === undefined || Date.parse(stored.lead.collected_at) > afterMs)
    .filter((stored) => !campaign || String(stored.lead.wisepop_id) === campaign);
  sendJson(
    response,
    200,
    matching.slice((page - 1) * pageSize, page * pageSize).map((stored) => stored.lead),
  );
}

async function erasePerson(state: SandboxState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await jsonObject(request, response);
  if (!body) return;
  const person = ErasePersonInputSchema.safeParse(body);
  if (!person.success) {
    sendError(response, 400, firstIssue(person.error));
    return;
  }
  const { email, phone } = person.data;
  const before = state.leads.length;
  state.leads = state.leads.filter((stored) => {
    // Case-insensitive: an erasure request must not miss "Jane@" because it asked for "jane@".
    const byEmail = email !== undefined && emailOf(stored.lead)?.toLowerCase() === email.toLowerCase();
    const byPhone = phone !== undefined && phoneOf(stored.lead) === comparablePhone(phone);
    return !byEmail && !byPhone;
  });
  sendJson(response, 200, { erased: before - state.leads.length });
}

/** Answers a `/api2/` request; false when no route matches. */
export async function handleWisepopsApi(state: SandboxState, apiKey: string, request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
  const route = `${request.method ?? 'GET'} ${url.pathname}`;
  const routes = ['POST /api2/hooks', 'DELETE /api2/hooks', 'GET /api2/wisepops', 'GET /api2/contacts', 'DELETE /api2/data-privacy'];
  if (!routes.includes(route)) return false;
  if (!authorized(request, apiKey)) {
    sendError(response, 401, 'Invalid API key. Send Authorization: WISEPOPS-API key="…" with the key of the website.');
    return true;
  }
  switch (route) {
    case 'POST /api2/hooks':
      await createHook(state, request, response);
      break;
    case 'DELETE /api2/hooks':
      deleteHook(state, url.searchParams, response);
      break;
    case 'GET /api2/wisepops':
      sendJson(response, 200, state.campaigns);
      break;
    case 'GET /api2/contacts':
      listContacts(state, url.searchParams, response);
      break;
    case 'DELETE /api2/data-privacy':
      await erasePerson(state, request, response);
      break;
  }
  return true;
}
