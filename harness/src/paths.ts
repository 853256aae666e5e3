import { resolve } from 'node:path';

/** The repository root: this file sits in harness/src (tests) or harness/dist (compiled). */
export const REPO_ROOT = resolve(__dirname, '..', '..');

export const SCRIPTS_DIR = resolve(REPO_ROOT, 'scripts');

/** The published n8n package's folder. */
export const NODE_PACKAGE_DIR = resolve(REPO_ROOT, 'n8n');
