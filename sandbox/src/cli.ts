import { DEFAULT_RETRY } from './delivery';
import { DEFAULT_API_KEY } from './sandbox';
import { startSandbox } from './server';

/**
 * `node sandbox/dist/cli.js [port]`: a sandbox for people and scripts. Port from the argument,
 * else SANDBOX_PORT, else 8787 (0: a free one); API key from SANDBOX_API_KEY, else the
 * documented default; first retry delay from SANDBOX_RETRY_BASE_MS.
 * The first line printed is the URL, so a script can read it.
 */

const DEFAULT_PORT = 8787;

function integerFrom(value: string | undefined, fallback: number, max: number, what: string): number {
  if (value === undefined || value === '') return fallback;
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number > max) throw new Error(`Not ${what}: "${value}".`);
  return number;
}

async function main(): Promise<void> {
  const port = integerFrom(process.argv[2] ?? process.env.SANDBOX_PORT, DEFAULT_PORT, 65535, 'a port');
  const apiKey = process.env.SANDBOX_API_KEY || DEFAULT_API_KEY;
  // Retries wait 1 s, 2 s, 4 s… by default; a demo may want them quicker.
  const retry = { baseMs: integerFrom(process.env.SANDBOX_RETRY_BASE_MS, DEFAULT_RETRY.baseMs, 600_000, 'a delay in ms') };
  const running = await startSandbox({ port, host: '127.0.0.1', apiKey, retry });

  // Handlers first: whoever reads the banner may signal at once.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping the sandbox\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // One write, so a reader never sees half the banner; the URL alone on the first line is for scripts.
  process.stdout.write(
    [
      running.url,
      `Wisepops sandbox listening on ${running.url}`,
      `API key: ${running.apiKey}  (header: Authorization: WISEPOPS-API key="${running.apiKey}")`,
      `Inspect: ${running.url}/_sandbox/hooks, /_sandbox/deliveries, /_sandbox/leads. Ctrl-C stops it.`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`The sandbox did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
