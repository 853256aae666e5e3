import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { startSandbox, type RunningSandbox } from '@popup-leads/sandbox';

import { N8nApi } from './n8n-api';
import { N8nProcess, type N8nCommand } from './n8n-process';
import { installNodePackage, packNodePackage } from './node-package';
import { freePortPair } from './ports';
import { ensureServicesInstalled, startPostgres, startRedis, type RunningPostgres, type RunningService } from './services';
import type { Stack, StackOptions } from './stack';
import { ensureN8nInstalled } from './toolchain';

export type QueueStackOptions = Omit<StackOptions, 'n8nPort'>;

export type QueueRole = 'main' | 'worker' | 'webhook';

/**
 * n8n in queue mode: a main process (editor, APIs, activation; its production webhooks off), one
 * worker (runs the executions) and one webhook process (answers production webhooks and queues
 * their executions), sharing one PostgreSQL database, one Redis and one encryption key, each with
 * our package installed in its own user folder, as on three machines. `n8n` is the main process,
 * so everything written for a `Stack` works on it; deliveries go to `webhook.url`.
 */
export interface QueueStack extends Stack {
  main: N8nProcess;
  worker: N8nProcess;
  webhook: N8nProcess;
  postgres: RunningPostgres;
  redis: RunningService;
  /** Each process's log (stdout and stderr), appended across restarts. */
  logFiles: Record<QueueRole, string>;
  /** The environment each process gets on every start (without the harness's defaults). */
  environments: Record<QueueRole, Record<string, string>>;
}

/**
 * Free port pairs (server, task-runner broker) for several processes: each call gives a pair that
 * overlaps none given before, since nothing listens on them until the processes start.
 */
function portPairPicker(): () => Promise<number> {
  const taken: number[] = [];
  return async () => {
    for (;;) {
      const port = await freePortPair();
      if (taken.every((other) => Math.abs(other - port) > 1)) {
        taken.push(port);
        return port;
      }
    }
  };
}

/** Stops whatever started, in parallel, and never throws: used on failure and on close. */
async function stopAll(stoppers: (() => Promise<void>)[]): Promise<void> {
  await Promise.allSettled(stoppers.map((stop) => stop()));
}

export async function startQueueStack(options: QueueStackOptions): Promise<QueueStack> {
  const install = ensureN8nInstalled();
  ensureServicesInstalled();
  const tarball = options.tarball ?? packNodePackage(options.workDir);
  const inWorkDir = (name: string): Record<QueueRole, string> => ({
    main: join(options.workDir, name.replace('*', 'main')),
    worker: join(options.workDir, name.replace('*', 'worker')),
    webhook: join(options.workDir, name.replace('*', 'webhook')),
  });
  const userFolders = inWorkDir('*');
  const logFiles = inWorkDir('*.log');
  // Every process loads the community package from its own user folder, as separate machines do.
  for (const folder of Object.values(userFolders)) installNodePackage(folder, tarball);

  const [postgres, redis, sandbox] = await Promise.allSettled([startPostgres(), startRedis(), startSandbox(options.sandbox)]);
  if (postgres.status === 'rejected' || redis.status === 'rejected' || sandbox.status === 'rejected') {
    await stopAll([
      ...(postgres.status === 'fulfilled' ? [() => postgres.value.stop()] : []),
      ...(redis.status === 'fulfilled' ? [() => redis.value.stop()] : []),
      ...(sandbox.status === 'fulfilled' ? [() => sandbox.value.close()] : []),
    ]);
    const failed = [postgres, redis, sandbox].find((outcome) => outcome.status === 'rejected');
    const reason: unknown = failed?.status === 'rejected' ? failed.reason : undefined;
    throw reason instanceof Error ? reason : new Error(`A service failed to start: ${String(reason)}`);
  }
  return startProcesses(options, {
    install,
    userFolders,
    logFiles,
    postgres: postgres.value,
    redis: redis.value,
    sandbox: sandbox.value,
  });
}

interface Started {
  install: ReturnType<typeof ensureN8nInstalled>;
  userFolders: Record<QueueRole, string>;
  logFiles: Record<QueueRole, string>;
  postgres: RunningPostgres;
  redis: RunningService;
  sandbox: RunningSandbox;
}

async function startProcesses(options: QueueStackOptions, started: Started): Promise<QueueStack> {
  const { install, userFolders, logFiles, postgres, redis, sandbox } = started;
  const nextPortPair = portPairPicker();
  const mainPort = await nextPortPair();
  const workerPort = await nextPortPair();
  const webhookPort = await nextPortPair();
  const mainUrl = `http://127.0.0.1:${mainPort}/`;
  const webhookUrl = `http://127.0.0.1:${webhookPort}/`;
  const shared: Record<string, string> = {
    EXECUTIONS_MODE: 'queue',
    QUEUE_BULL_REDIS_HOST: redis.host,
    QUEUE_BULL_REDIS_PORT: String(redis.port),
    // SQLite cannot be shared by several processes (SQLITE_BUSY under load): one PostgreSQL for all.
    DB_TYPE: 'postgresdb',
    DB_POSTGRESDB_HOST: postgres.host,
    DB_POSTGRESDB_PORT: String(postgres.port),
    DB_POSTGRESDB_DATABASE: postgres.database,
    DB_POSTGRESDB_USER: postgres.user,
    DB_POSTGRESDB_PASSWORD: '',
    // Credentials are encrypted by the process that saves them and read by the others.
    N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
    // The public webhook address is the webhook process's: the main process builds the target
    // URL it registers at Wisepops from it, and our checkExists compares it with the stored one.
    N8N_WEBHOOK_URL: webhookUrl,
    N8N_EDITOR_BASE_URL: mainUrl,
    ...options.n8nEnv,
  };
  const environments: Record<QueueRole, Record<string, string>> = {
    // Production webhooks are the webhook process's job only, so a delivery served at all proves it.
    main: { ...shared, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' },
    worker: { ...shared },
    webhook: { ...shared },
  };
  const n8nProcess = (role: QueueRole, command: N8nCommand, port: number): N8nProcess =>
    new N8nProcess({ install, command, userFolder: userFolders[role], port, logFile: logFiles[role], env: environments[role] });
  const main = n8nProcess('main', 'start', mainPort);
  const worker = n8nProcess('worker', 'worker', workerPort);
  const webhook = n8nProcess('webhook', 'webhook', webhookPort);
  const close = async (): Promise<void> => {
    await stopAll([() => webhook.stop(), () => worker.stop(), () => main.stop()]);
    await stopAll([() => redis.stop(), () => postgres.stop(), () => sandbox.close()]);
  };
  try {
    // The main process migrates the fresh database; the others start once it has.
    await main.start();
    await Promise.all([worker.start(), webhook.start()]);
    const api = await N8nApi.connect(main.url, options.owner, options.apiKeyLabel);
    return {
      sandbox,
      n8n: main,
      api,
      userFolder: userFolders.main,
      logFile: logFiles.main,
      main,
      worker,
      webhook,
      postgres,
      redis,
      logFiles,
      environments,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
