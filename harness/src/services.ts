import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

import { z } from 'zod';

import { SCRIPTS_DIR } from './paths';
import { freePortPair } from './ports';
import { sleep, until } from './wait';

/**
 * Throwaway PostgreSQL and Redis servers for n8n's queue mode: Debian's programs (installed by
 * scripts/install-services.sh), each started on a free port of 127.0.0.1 with its data in a
 * temporary folder, and stopped by its own pid. The system services of those packages are
 * never used, so nothing here touches a server someone else runs.
 */

export interface RunningService {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly pid: number;
  /** The folder holding the server's data, socket and log; removed by stop(). */
  readonly dir: string;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export interface RunningPostgres extends RunningService {
  readonly database: string;
  readonly user: string;
}

const INSTALL_HINT = 'Run scripts/install-services.sh (as root: it installs Debian\'s redis-server and postgresql).';

function onPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, program))) return join(dir, program);
  }
  return undefined;
}

/** Debian keeps PostgreSQL's server programs in /usr/lib/postgresql/<major>/bin, off PATH. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors[0] !== undefined) return join(root, majors[0], 'bin');
  const initdb = onPath('initdb');
  if (initdb) return join(initdb, '..');
  throw new Error(`PostgreSQL's initdb was not found. ${INSTALL_HINT}`);
}

export function redisServerPath(): string {
  const found = onPath('redis-server');
  if (!found) throw new Error(`redis-server was not found. ${INSTALL_HINT}`);
  return found;
}

/** True when both servers can be started here (their programs are installed). */
export function servicesInstalled(): boolean {
  try {
    postgresBinDir();
    redisServerPath();
    return true;
  } catch {
    return false;
  }
}

/**
 * Installs Debian's redis-server and postgresql on first use (as root; about half a minute),
 * the way the harness installs n8n: whoever runs the queue-mode test gets what it needs. When
 * both are there it returns at once without running anything.
 */
export function ensureServicesInstalled(): void {
  if (servicesInstalled()) return;
  // The script's progress and errors go to the terminal; it says what to do when not root.
  execFileSync('bash', [join(SCRIPTS_DIR, 'install-services.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (!servicesInstalled()) throw new Error(`Redis or PostgreSQL is still missing. ${INSTALL_HINT}`);
}

const IdSchema = z.string().trim().regex(/^\d+$/).transform(Number);

/**
 * PostgreSQL refuses to run as root. As root, its programs run as the `postgres` account the
 * Debian package creates; as anyone else, as that user. setpriv execs the program in place, so
 * the pid the harness holds is the server's own.
 */
function runAs(): { wrap: (program: string, args: string[]) => [string, string[]]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { wrap: (program, args) => [program, args] };
  let uid: number;
  let gid: number;
  try {
    uid = IdSchema.parse(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    gid = IdSchema.parse(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  } catch {
    throw new Error(`PostgreSQL cannot run as root and there is no "postgres" account. ${INSTALL_HINT}`);
  }
  return {
    uid,
    gid,
    wrap: (program, args) => ['setpriv', ['--reuid', String(uid), '--regid', String(gid), '--init-groups', '--', program, ...args]],
  };
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

interface Spawned {
  child: ChildProcess;
  pid: number;
  exited: Promise<void>;
  running(): boolean;
}

/** A server in its own process group, its output appended to `logFile`, killed if the harness exits first. */
function spawnServer(command: [string, string[]], logFile: string, killSignal: NodeJS.Signals): Spawned {
  const log = openSync(logFile, 'a');
  const child = spawn(command[0], command[1], { stdio: ['ignore', log, log], detached: true, env: { ...process.env, LC_ALL: 'C' } });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start ${command[0]}.`);
  let alive = true;
  const killOnExit = (): void => {
    try {
      process.kill(pid, killSignal);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', killOnExit);
  const exited = new Promise<void>((resolve) => {
    const gone = (): void => {
      alive = false;
      process.off('exit', killOnExit);
      resolve();
    };
    child.once('exit', gone);
    child.once('error', gone);
  });
  return { child, pid, exited, running: () => alive };
}

/** `signal`, then SIGKILL if the server has not exited within `graceMs`. */
async function stopServer(server: Spawned, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!server.running()) return;
  try {
    process.kill(server.pid, signal);
  } catch {
    return;
  }
  const stopped = await Promise.race([server.exited.then(() => true), sleep(graceMs, false, { ref: false })]);
  if (!stopped) {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      // Gone in the meantime.
    }
    await server.exited;
  }
}

function run(command: [string, string[]], what: string): void {
  try {
    execFileSync(command[0], command[1], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
  } catch (error) {
    const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr) : '';
    throw new Error(`${what} failed: ${error instanceof Error ? error.message : String(error)}\n${stderr}`);
  }
}

export interface PostgresOptions {
  /** The database n8n gets (created empty). */
  database?: string;
}

/**
 * A fresh PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only (its unix socket
 * stays in that folder), trusting local connections: it lives as long as one test run and holds
 * nothing worth a password. Durability is switched off for speed, for the same reason.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  const user = 'postgres';
  const database = options.database ?? 'n8n';
  const as = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'popup-leads-postgres-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  if (as.uid !== undefined && as.gid !== undefined) chownSync(dir, as.uid, as.gid);
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  let server: Spawned | undefined;
  try {
    run(as.wrap(join(bin, 'initdb'), ['-D', data, '-U', user, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']), 'initdb');
    const port = await freePortPair();
    const args = ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
    // SIGQUIT is PostgreSQL's immediate shutdown: if the harness dies, the server goes at once.
    server = spawnServer(as.wrap(join(bin, 'postgres'), args), logFile, 'SIGQUIT');
    const started = server;
    await until(
      `PostgreSQL on 127.0.0.1:${port} to accept connections`,
      () => {
        if (!started.running()) throw new Error('postgres exited');
        try {
          execFileSync(join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', user], { stdio: 'ignore' });
          return true;
        } catch {
          return false;
        }
      },
      60_000,
      200,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- ${logFile} ---\n${tail(logFile, 20)}`);
    });
    run([join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database]], `createdb ${database}`);
    return {
      host: '127.0.0.1',
      port,
      pid: started.pid,
      dir,
      database,
      user,
      logTail: (lines = 40) => tail(logFile, lines),
      // SIGINT is the "fast" shutdown: clients are disconnected, the cluster closes cleanly.
      stop: async () => {
        await stopServer(started, 'SIGINT', 20_000);
        cleanup();
      },
    };
  } catch (error) {
    if (server) await stopServer(server, 'SIGQUIT', 5_000);
    cleanup();
    throw error;
  }
}

/** Sends PING and expects +PONG: Redis answers only once it has loaded and accepts commands. */
function pingRedis(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

/**
 * A Redis with nothing saved to disk (no RDB snapshots, no append-only file), on 127.0.0.1 only.
 * Bull's queue and n8n's pub/sub live in it for one test run.
 */
export async function startRedis(): Promise<RunningService> {
  const program = redisServerPath();
  const dir = mkdtempSync(join(tmpdir(), 'popup-leads-redis-'));
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, 'redis.log');
  const port = await freePortPair();
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--logfile', ''];
  const server = spawnServer([program, args], logFile, 'SIGKILL');
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    await until(
      `Redis on 127.0.0.1:${port} to answer PING`,
      async () => {
        if (!server.running()) throw new Error('redis-server exited');
        return pingRedis(port);
      },
      30_000,
      100,
    );
  } catch (error) {
    await stopServer(server, 'SIGKILL', 5_000);
    const log = tail(logFile, 20);
    cleanup();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- redis log ---\n${log}`);
  }
  return {
    host: '127.0.0.1',
    port,
    pid: server.pid,
    dir,
    logTail: (lines = 40) => tail(logFile, lines),
    stop: async () => {
      await stopServer(server, 'SIGTERM', 10_000);
      cleanup();
    },
  };
}
