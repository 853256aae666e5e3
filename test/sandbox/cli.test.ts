import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { build } from 'esbuild';

import { call } from './http';

/**
 * The CLI as a real process. It is bundled here with esbuild (the sandbox's tsconfig maps the
 * core to its sources), so the test needs no prior build and exercises signals and exit codes.
 */
describe('sandbox CLI', () => {
  let folder: string;
  let script: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
    script = join(folder, 'cli.js');
    await build({
      entryPoints: [join(__dirname, '..', '..', 'sandbox', 'src', 'cli.ts')],
      tsconfig: join(__dirname, '..', '..', 'sandbox', 'tsconfig.json'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      outfile: script,
      logLevel: 'silent',
    });
  }, 30_000);

  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  });

  function run(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string; errors: () => string; exit: Promise<number | null> } {
    const child = spawn(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, output: () => stdout, errors: () => stderr, exit };
  }

  /** The first line, once the whole start-up banner (ending with the Ctrl-C hint) is out. */
  async function firstLine(output: () => string, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!output().includes('Ctrl-C stops it.\n')) {
      if (Date.now() > deadline) throw new Error(`No output from the CLI within ${timeoutMs} ms.`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return output().split('\n')[0] as string;
  }

  it.each(['SIGINT', 'SIGTERM'] as const)('prints its URL and key, serves the API, and stops cleanly on %s', async (signal) => {
    const cli = run([], { SANDBOX_PORT: '0', SANDBOX_API_KEY: 'cli-key-1' });
    const url = await firstLine(cli.output);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cli.output()).toContain('WISEPOPS-API key="cli-key-1"');

    expect((await call(url, 'GET', '/api2/wisepops', { key: 'cli-key-1' })).status).toBe(200);
    expect((await call(url, 'GET', '/api2/wisepops', { key: 'sandbox-api-key' })).status).toBe(401);

    cli.child.kill(signal);
    expect(await cli.exit).toBe(0);
    expect(cli.output()).toContain(`${signal}: stopping the sandbox`);
  });

  it('takes the port from its argument and uses the documented default key', async () => {
    const cli = run(['0'], { SANDBOX_PORT: 'not used when an argument is given' });
    const url = await firstLine(cli.output);
    expect((await call(url, 'GET', '/api2/wisepops', { key: 'sandbox-api-key' })).status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
  });

  it('exits with 1 and a message for a bad port', async () => {
    const cli = run(['99999'], {});
    expect(await cli.exit).toBe(1);
    expect(cli.errors()).toContain('The sandbox did not start: Not a port: "99999".');
  });

  it('exits with 1 and a message for an unusable API key, without printing it', async () => {
    const cli = run(['0'], { SANDBOX_API_KEY: 'secret with spaces' });
    expect(await cli.exit).toBe(1);
    expect(cli.errors()).toContain('The sandbox did not start: Unusable API key');
    expect(cli.errors() + cli.output()).not.toContain('secret with spaces');
  });
});
