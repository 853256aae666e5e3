import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/**
 * Polls `check` until it returns something other than undefined/false, and returns that.
 * Every wait in the harness names what it waits for, so a timeout says what never happened.
 */
export async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${why}.`);
    }
    await sleep(everyMs);
  }
}
