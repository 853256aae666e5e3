import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

import { decodeBody } from '@popup-leads/core';

import { closeServer, listen, pollUntil, readBody, urlOf } from './http-util';

/** One request a receiver got, kept raw (for signature checks) and decoded (for reading). */
export interface RecordedRequest {
  method: string;
  /** Path and query as requested. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  contentType: string | null;
  rawBody: string;
  /** JSON, or an object for a form post (the core's `decodeBody`); null when neither. */
  body: unknown;
  receivedAt: string;
}

export interface ReceiverReply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** Decides the answer to the n-th request (0-based); default 200 `{"ok":true}`. */
export type ReplyPolicy = (request: RecordedRequest, index: number) => ReceiverReply;

export const OK_REPLY: ReplyPolicy = () => ({ status: 200, body: '{"ok":true}', headers: { 'Content-Type': 'application/json' } });

/** A policy that fails the first `failures` requests with `status`, then answers 200. */
export function failFirst(failures: number, status = 500): ReplyPolicy {
  return (request, index) => (index < failures ? { status, body: 'failing on purpose' } : OK_REPLY(request, index));
}

/**
 * Records what is posted to it. The sandbox mounts one per name under `/_sandbox/inbox/`
 * (e.g. the Conversion Notification step's webhook URL); tests also run one on its own
 * server as a hook target that can fail on demand.
 */
export class Recorder {
  requests: RecordedRequest[] = [];

  constructor(public reply: ReplyPolicy = OK_REPLY) {}

  async handle(request: IncomingMessage, response: ServerResponse, raw?: Buffer): Promise<void> {
    const bytes = raw ?? (await readBody(request));
    const headers = { ...request.headers };
    const decoded = bytes.length > 0 ? decodeBody(bytes, headers) : undefined;
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers,
      contentType: request.headers['content-type'] ?? null,
      rawBody: bytes.toString('utf8'),
      body: decoded?.ok ? decoded.body : null,
      receivedAt: new Date().toISOString(),
    };
    const index = this.requests.length;
    this.requests.push(recorded);
    const reply = this.reply(recorded, index);
    response.writeHead(reply.status, reply.headers ?? {});
    response.end(reply.body ?? '');
  }

  /** Resolves once `count` requests have arrived; rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 5000): Promise<RecordedRequest[]> {
    await pollUntil(() => this.requests.length >= count, timeoutMs, `${count} request(s) (got ${this.requests.length})`);
    return this.requests;
  }

  clear(): void {
    this.requests = [];
  }
}

export interface Receiver {
  url: string;
  port: number;
  recorder: Recorder;
  close(): Promise<void>;
}

/** A standalone recording server on 127.0.0.1 (port 0: a free one). */
export async function startReceiver(options: { port?: number; host?: string; reply?: ReplyPolicy } = {}): Promise<Receiver> {
  const host = options.host ?? '127.0.0.1';
  const recorder = new Recorder(options.reply);
  const server = createServer((request, response) => {
    recorder.handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(400);
      response.end();
    });
  });
  const port = await listen(server, options.port ?? 0, host);
  return { url: urlOf(host, port), port, recorder, close: () => closeServer(server) };
}
