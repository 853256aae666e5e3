import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureN8nInstalled, packNodePackage } from '../../harness/src';

/**
 * Once per run: n8n installed (minutes on a fresh machine, then nothing), and our n8n package
 * packed once, the file every test's n8n installs. The test files run in this process, so they
 * read the tarball's path from the environment.
 */
export default function globalSetup(): void {
  ensureN8nInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'popup-leads-e2e-pack-'));
  process.env.POPUP_LEADS_E2E_PACK_DIR = dir;
  process.env.POPUP_LEADS_E2E_TARBALL = packNodePackage(dir);
}
