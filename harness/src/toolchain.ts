import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

import { SCRIPTS_DIR } from './paths';

/** Where the pinned n8n and the Node.js that runs it are. */
export interface N8nInstall {
  /** Node 24: n8n 2.36+ refuses older versions. */
  node: string;
  /** n8n's bin script, run as `<node> <entry> start`. */
  entry: string;
}

function script(name: string, args: string[] = []): string {
  // stderr goes to the terminal: a first install prints its progress there.
  const out = execFileSync('bash', [resolve(SCRIPTS_DIR, name), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = out.trim().split('\n');
  const last = lines[lines.length - 1];
  if (!last) throw new Error(`${name} printed nothing.`);
  return last;
}

/** Installs n8n into harness/n8n on first use (a few minutes), then returns at once. */
export function ensureN8nInstalled(): N8nInstall {
  const entry = script('install-n8n.sh');
  const node = script('node-bin.sh', ['24']);
  return { node, entry };
}
