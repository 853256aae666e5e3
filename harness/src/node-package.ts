import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { NODE_PACKAGE_DIR } from './paths';

/** The name n8n gives our node types: `<package name>.<node name>`. */
export const PACKAGE_NAME = 'n8n-nodes-popup-leads';

export const NODE_TYPES = {
  wisepopsTrigger: `${PACKAGE_NAME}.wisepopsTrigger`,
  wisepops: `${PACKAGE_NAME}.wisepops`,
  popupWebhookTrigger: `${PACKAGE_NAME}.popupWebhookTrigger`,
  conversionNotification: `${PACKAGE_NAME}.conversionNotification`,
} as const;

/**
 * Packs the built n8n package (run `npm run build` first) into `destination` and returns the
 * tarball's path: the same file `npm publish` would upload.
 */
export function packNodePackage(destination: string): string {
  if (!existsSync(join(NODE_PACKAGE_DIR, 'dist', 'nodes'))) {
    throw new Error('The n8n package is not built: run `npm run build` first.');
  }
  mkdirSync(destination, { recursive: true });
  const { version } = JSON.parse(readFileSync(join(NODE_PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
  execFileSync('npm', ['pack', '--pack-destination', destination, '--ignore-scripts', '--silent'], { cwd: NODE_PACKAGE_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = join(destination, `${PACKAGE_NAME}-${version}.tgz`);
  if (!existsSync(tarball)) throw new Error(`npm pack did not write ${tarball}.`);
  return tarball;
}

/**
 * Installs a packed tarball into an n8n user folder the way n8n installs community packages:
 * into `<user folder>/.n8n/nodes`. `--legacy-peer-deps` because n8n provides n8n-workflow
 * itself (our only peer dependency); installing it again would be wrong and would fetch it.
 */
export function installNodePackage(userFolder: string, tarball: string): void {
  const nodesDir = join(userFolder, '.n8n', 'nodes');
  mkdirSync(nodesDir, { recursive: true });
  const manifest = join(nodesDir, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, `${JSON.stringify({ name: 'installed-nodes', private: true }, null, 2)}\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--loglevel=error', tarball], {
    cwd: nodesDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
