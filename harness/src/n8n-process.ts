import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { N8nInstall } from './toolchain';
import { sleep, until } from './wait';

/**
 * Which n8n server to run: `start` is the main process (editor, REST and public API, activation
 * of workflows, and production webhooks unless disabled); in queue mode `worker` runs the
 * executions it takes from the Redis queue and `webhook` only answers production webhooks.
 */
export type N8nCommand = 'start' | 'worker' | 'webhook';

export interface N8nProcessOptions {
  install: N8nInstall;
  /** The n8n command to run; `start` when absent. */
  command?: N8nCommand;
  /** N8N_USER_FOLDER: n8n keeps its SQLite database, settings and community packages under `.n8n/`. */
  userFolder: string;
  /**
   * The port n8n serves on (main and webhook processes); for a worker, the port of its health
   * server, which has no other endpoint. The task-runner broker takes the next port.
   */
  port: number;
  /** n8n's stdout and stderr are appended here; its tail is quoted when start-up fails. */
  logFile: string;
  /** Extra or overriding environment, e.g. N8N_USE_WORKFLOW_PUBLICATION_SERVICE. */
  env?: Record<string, string>;
}

/**
 * What n8n needs to run headless on this machine only, and to keep to itself: no telemetry,
 * no version or template lookups, no module that contacts n8n's servers at start-up.
 */
export function n8nEnvironment(options: Pick<N8nProcessOptions, 'userFolder' | 'port' | 'command'>): Record<string, string> {
  const url = `http://127.0.0.1:${options.port}/`;
  // A worker has no REST API: its health server (/healthz, /healthz/readiness) is how the
  // harness knows it is ready, so it is always on, on the worker's port and 127.0.0.1 only.
  const worker: Record<string, string> =
    options.command === 'worker' ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(options.port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' } : {};
  return {
    N8N_USER_FOLDER: options.userFolder,
    N8N_PORT: String(options.port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PROTOCOL: 'http',
    N8N_EDITOR_BASE_URL: url,
    N8N_WEBHOOK_URL: url,
    // The task runner's broker has a fixed default port; tie it to ours so two n8n can coexist.
    N8N_RUNNERS_BROKER_PORT: String(options.port + 1),
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_DISABLED_MODULES: 'mcp-registry',
    // Ours is a community package; n8n plans to stop loading unverified ones by default.
    N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
    N8N_SECURE_COOKIE: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_LOG_OUTPUT: 'console',
    DB_TYPE: 'sqlite',
    ...worker,
  };
}

/** The environment without anything n8n would read from the caller's own n8n settings. */
function baseEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(N8N_|DB_|WEBHOOK_URL$|EXECUTIONS_|QUEUE_|npm_|JEST_|NODE_ENV$|NODE_OPTIONS$)/.test(key)) env[key] = value;
  }
  // Jest sets NODE_ENV=test, which n8n takes as its own test mode.
  env.NODE_ENV = 'production';
  return env;
}

/**
 * What answers 200 once each kind of process is ready. The main process's readiness comes
 * before its REST API is mounted, so the settings are asked too. A webhook process and a
 * worker's health server answer readiness only once the database is migrated and Redis is
 * connected (and, for the worker, once it takes jobs).
 */
const READY_PATHS: Record<N8nCommand, string[]> = {
  start: ['/healthz/readiness', '/rest/settings'],
  webhook: ['/healthz/readiness'],
  worker: ['/healthz/readiness'],
};

/**
 * One n8n server process: start, stop, restart. It runs in its own process group so that
 * stopping it also stops the task runner it starts, and a harness that dies takes it along.
 */
export class N8nProcess {
  /** Where the process serves: the editor and APIs (start), webhooks (webhook), health (worker). */
  readonly url: string;
  readonly command: N8nCommand;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly killOnExit = (): void => this.kill('SIGKILL');

  constructor(private readonly options: N8nProcessOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
    this.command = options.command ?? 'start';
  }

  /** The pid of the running process (its process group's id too), if it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Starts n8n and resolves once it is ready: the REST API answers (main process; workflows may
   * still be activating), or the readiness endpoint does (webhook process, worker).
   */
  async start(env: Record<string, string> = {}): Promise<void> {
    if (this.child) throw new Error(`n8n ${this.command} is already running.`);
    if (await this.answers('/healthz')) {
      throw new Error(`Port ${this.options.port} is taken: another n8n (or another server) is listening on ${this.url}. Stop it or choose another port.`);
    }
    mkdirSync(dirname(this.options.logFile), { recursive: true });
    const log = openSync(this.options.logFile, 'a');
    const child = spawn(this.options.install.node, [this.options.install.entry, this.command], {
      env: { ...baseEnvironment(), ...n8nEnvironment(this.options), ...this.options.env, ...env },
      stdio: ['ignore', log, log],
      detached: true,
    });
    closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => {
      const gone = (): void => {
        this.child = undefined;
        process.off('exit', this.killOnExit);
        resolve();
      };
      child.once('exit', gone);
      // A binary that cannot be started emits 'error' and no 'exit'.
      child.once('error', gone);
    });
    process.on('exit', this.killOnExit);
    try {
      const outcome = await until(
        `n8n ${this.command} to be ready`,
        async () => {
          if (!this.child) return 'exited';
          for (const path of READY_PATHS[this.command]) if (!(await this.answers(path))) return false;
          return 'ready';
        },
        180_000,
        500,
      );
      if (outcome === 'exited') throw new Error(`n8n ${this.command} exited during start-up`);
    } catch (error) {
      await this.stop();
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- last lines of ${this.options.logFile} ---\n${this.logTail()}`);
    }
  }

  /**
   * SIGTERM and wait (n8n finishes running executions first, for up to its graceful-shutdown
   * timeout, 30 s by default); SIGKILL only if it takes longer than that.
   */
  async stop(): Promise<void> {
    if (!this.child) return;
    this.kill('SIGTERM');
    // An unref'd timer: waiting for it must not keep the caller's process alive once n8n is gone.
    const stopped = await Promise.race([this.exited.then(() => true), sleep(45_000, false, { ref: false })]);
    if (!stopped) {
      this.kill('SIGKILL');
      await this.exited;
    }
  }

  async restart(env: Record<string, string> = {}): Promise<void> {
    await this.stop();
    await this.start(env);
  }

  logTail(lines = 40): string {
    try {
      return readFileSync(this.options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  private kill(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }

  private async answers(path: string): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return response.status === 200;
    } catch {
      return false;
    }
  }
}
