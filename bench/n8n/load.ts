import { Agent, request } from 'node:http';

/** One request the load generator sends: the exact bytes and headers. */
export interface LoadRequest {
  body: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  /** Wall time from the first request to the last answer. */
  elapsedMs: number;
  /** Per request, in ms, in completion order. */
  latenciesMs: number[];
  /** HTTP status → count; 0 counts requests that got no answer. */
  statuses: Map<number, number>;
}

function post(agent: Agent, url: URL, item: LoadRequest): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { ...item.headers, 'content-length': Buffer.byteLength(item.body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end(item.body);
  });
}

/**
 * Sends `requests` POSTs to `url` from `concurrency` loops over one keep-alive agent: a closed
 * system, so the rate is what the server sustains, not what the generator pushes.
 */
export async function runLoad(url: string, requests: number, concurrency: number, make: (index: number) => LoadRequest): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const latenciesMs: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const start = process.hrtime.bigint();
  const loop = async (): Promise<void> => {
    while (next < requests) {
      const item = make(next++);
      const sent = process.hrtime.bigint();
      const status = await post(agent, target, item);
      latenciesMs.push(Number(process.hrtime.bigint() - sent) / 1e6);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  agent.destroy();
  return { requests, elapsedMs, latenciesMs, statuses };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
