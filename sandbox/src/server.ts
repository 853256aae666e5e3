import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

import { handleControl } from './control-api';
import type { Fault, FaultSpec } from './faults';
import { BodyTooLargeError, closeServer, listen, sendError, sendJson, urlOf } from './http-util';
import type { SendInput, SendResult } from './providers';
import { Sandbox, type CollectOptions, type CollectResult, type SandboxOptions } from './sandbox';
import type { DeliveryAttempt, SandboxState } from './state';
import { handleWisepopsApi } from './wisepops-api';

export interface StartOptions extends SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 by default: the sandbox is for this machine only. */
  host?: string;
}

/** A running sandbox: what tests and the start script use. */
export interface RunningSandbox {
  /** e.g. `http://127.0.0.1:41234`: the Wisepops base URL to configure in a client. */
  url: string;
  port: number;
  apiKey: string;
  state: SandboxState;
  sandbox: Sandbox;
  collect(leads: unknown, options?: CollectOptions): CollectResult;
  send(input: SendInput): Promise<SendResult>;
  /** Resolves with all attempts once `count` deliveries finished (delivered or given up). */
  waitForDeliveries(count: number, timeoutMs?: number): Promise<DeliveryAttempt[]>;
  /** Resolves once no delivery is under way or waiting for a retry. */
  idle(timeoutMs?: number): Promise<void>;
  /** Makes the next calls of a route fail (see `FaultSpec`). */
  fault(spec: FaultSpec): void;
  /** The URL of a recording endpoint, e.g. for the Conversion Notification step. */
  inboxUrl(name: string): string;
  reset(): void;
  close(): Promise<void>;
}

/** Answers a fault at once: its status, Retry-After when set, its body as text or JSON. */
function answerFault(fault: Fault, response: ServerResponse): void {
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  if (typeof fault.body === 'string') {
    response.writeHead(fault.status, { 'Content-Type': fault.contentType ?? 'text/html; charset=utf-8', ...headers });
    response.end(fault.body);
  } else sendJson(response, fault.status, fault.body ?? { error: `Injected failure (HTTP ${fault.status}).` }, headers);
}

/**
 * Answers an injected fault; true when one applied. Control routes never fail. A delayed
 * answer's timer is kept in `delayed` so closing the sandbox cancels it, and is dropped as soon
 * as the client gives up, so a client that timed out leaves nothing behind.
 */
function injectFault(fault: Fault | undefined, response: ServerResponse, delayed: Set<NodeJS.Timeout>): boolean {
  if (!fault) return false;
  if (!fault.delayMs) {
    answerFault(fault, response);
    return true;
  }
  const timer = setTimeout(() => {
    delayed.delete(timer);
    if (!response.destroyed && !response.writableEnded) answerFault(fault, response);
  }, fault.delayMs);
  delayed.add(timer);
  response.once('close', () => {
    clearTimeout(timer);
    delayed.delete(timer);
  });
  return true;
}

async function route(sandbox: Sandbox, request: IncomingMessage, response: ServerResponse, delayed: Set<NodeJS.Timeout>): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
  if (url.pathname === '/_sandbox' || url.pathname.startsWith('/_sandbox/')) {
    if (await handleControl(sandbox, request, response, url)) return;
  } else {
    if (injectFault(sandbox.state.faults.take(request.method ?? 'GET', url.pathname), response, delayed)) return;
    if (await handleWisepopsApi(sandbox.state, sandbox.apiKey, request, response, url)) return;
  }
  sendError(response, 404, 'Not found.');
}

/** Starts a sandbox on 127.0.0.1 (port 0: a free one). */
export async function startSandbox(options: StartOptions = {}): Promise<RunningSandbox> {
  const sandbox = new Sandbox(options);
  const host = options.host ?? '127.0.0.1';
  const delayed = new Set<NodeJS.Timeout>();
  const server = createServer((request, response) => {
    route(sandbox, request, response, delayed).catch((error: unknown) => {
      if (response.headersSent) {
        response.end();
        return;
      }
      if (error instanceof BodyTooLargeError) sendError(response, 413, error.message);
      else sendError(response, 500, 'The sandbox failed on this request.');
    });
  });
  const port = await listen(server, options.port ?? 0, host);
  const url = urlOf(host, port);
  return {
    url,
    port,
    apiKey: sandbox.apiKey,
    state: sandbox.state,
    sandbox,
    collect: (leads, collectOptions) => sandbox.collect(leads, collectOptions),
    send: (input) => sandbox.send(input),
    waitForDeliveries: (count, timeoutMs) => sandbox.waitForDeliveries(count, timeoutMs),
    idle: (timeoutMs) => sandbox.idle(timeoutMs),
    fault: (spec) => {
      sandbox.state.faults.add(spec);
    },
    inboxUrl: (name) => `${url}/_sandbox/inbox/${encodeURIComponent(name)}`,
    reset: () => sandbox.reset(),
    close: async () => {
      sandbox.stop();
      for (const timer of delayed) clearTimeout(timer);
      delayed.clear();
      await closeServer(server);
    },
  };
}
