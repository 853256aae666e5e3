import { join } from 'node:path';

import { startSandbox, type RunningSandbox, type StartOptions as SandboxStartOptions } from '@popup-leads/sandbox';

import { N8nApi, type OwnerAccount } from './n8n-api';
import { N8nProcess } from './n8n-process';
import { installNodePackage, packNodePackage } from './node-package';
import { ensureN8nInstalled } from './toolchain';

export interface StackOptions {
  /** A folder of the stack's own: n8n's user folder (`n8n/`), its log and the packed tarball go here. */
  workDir: string;
  n8nPort: number;
  sandbox?: SandboxStartOptions;
  owner: OwnerAccount;
  /** The label of the n8n API key the stack creates (a previous key with it is replaced). */
  apiKeyLabel: string;
  /** An already packed n8n package; packed from n8n/ (which must be built) when absent. */
  tarball?: string;
  /** Extra n8n environment for every start. */
  n8nEnv?: Record<string, string>;
}

/** The Wisepops sandbox and a real n8n with our package installed, driven by an API key. */
export interface Stack {
  sandbox: RunningSandbox;
  n8n: N8nProcess;
  api: N8nApi;
  userFolder: string;
  logFile: string;
  close(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const install = ensureN8nInstalled();
  const userFolder = join(options.workDir, 'n8n');
  const logFile = join(options.workDir, 'n8n.log');
  installNodePackage(userFolder, options.tarball ?? packNodePackage(options.workDir));

  const sandbox = await startSandbox(options.sandbox);
  const n8n = new N8nProcess({ install, userFolder, port: options.n8nPort, logFile, env: options.n8nEnv });
  try {
    await n8n.start();
    const api = await N8nApi.connect(n8n.url, options.owner, options.apiKeyLabel);
    return {
      sandbox,
      n8n,
      api,
      userFolder,
      logFile,
      close: async () => {
        await n8n.stop();
        await sandbox.close();
      },
    };
  } catch (error) {
    await n8n.stop();
    await sandbox.close();
    throw error;
  }
}
