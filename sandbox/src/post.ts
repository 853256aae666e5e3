import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PostResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** In-flight requests, so closing the sandbox can abort them instead of waiting. */
export type RequestTracker = Set<ClientRequest>;

/**
 * One POST with the exact bytes given (signatures cover them). No keep-alive agent: every
 * delivery is a fresh connection, as from a remote sender, and nothing lingers after close.
 */
export function postOnce(url: string, body: string, headers: Record<string, string>, timeoutMs: number, tracker?: RequestTracker): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new Error('The target URL is not a URL.'));
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : target.protocol === 'http:' ? httpRequest : undefined;
    if (!send) {
      reject(new Error('The target URL is not http(s).'));
      return;
    }
    const request = send(target, {
      method: 'POST',
      agent: false,
      headers: { 'User-Agent': 'popup-leads-sandbox', 'Content-Length': String(Buffer.byteLength(body)), ...headers },
    });
    tracker?.add(request);
    const done = (): void => {
      tracker?.delete(request);
    };
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`No answer within ${timeoutMs} ms.`)));
    request.on('error', (error) => {
      done();
      reject(error);
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => {
        done();
        reject(error);
      });
      response.on('end', () => {
        done();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.end(body);
  });
}
