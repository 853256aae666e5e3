import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  const dir = process.env.POPUP_LEADS_E2E_PACK_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
