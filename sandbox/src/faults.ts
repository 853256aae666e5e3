import { z } from 'zod';

/**
 * Injected failures for testing clients: the next `count` calls of a route answer `status`
 * instead of doing their work. Wisepops publishes no error format, so the body is whatever
 * the test needs, JSON or not.
 */
export const FaultSpecSchema = z.object({
  /** Any method when absent. */
  method: z
    .string()
    .transform((method) => method.toUpperCase())
    .optional(),
  /** An exact path such as `/api2/hooks`, without the query. */
  path: z.string().startsWith('/'),
  status: z.number().int().min(100).max(599),
  count: z.number().int().min(1).default(1),
  /** Seconds, sent as a Retry-After header (429 and 503 use it). */
  retryAfter: z.number().int().min(0).optional(),
  /** A string is sent as is (e.g. an HTML error page); anything else as JSON. Default `{ error }`. */
  body: z.unknown().optional(),
  contentType: z.string().optional(),
  /**
   * Milliseconds to wait before answering: a slow or hanging Wisepops, for testing a client's
   * timeout. Longer than the client waits is a timeout; the answer is dropped if the client
   * has gone by then. At most ten minutes, so a typo cannot hold a connection for good.
   */
  delayMs: z.number().int().min(0).max(600_000).optional(),
});
export type FaultSpec = z.input<typeof FaultSpecSchema>;
export type Fault = z.output<typeof FaultSpecSchema>;

export class Faults {
  private pending: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault = FaultSpecSchema.parse(spec);
    this.pending.push(fault);
    return fault;
  }

  /** The fault this call meets, if any, used up by one. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.pending.find((candidate) => candidate.path === path && (candidate.method === undefined || candidate.method === method));
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.pending = this.pending.filter((candidate) => candidate !== fault);
    return fault;
  }

  list(): Fault[] {
    return this.pending.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.pending = [];
  }
}
