import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The README promises the compiled core loads in plain Node, with require and with import. */
const root = join(__dirname, '..', '..');

function run(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();
}

describe('the compiled core (`npm test` builds it before jest runs)', () => {
  it('loads with require', () => {
    const out = run(['-e', "const c = require('@popup-leads/core'); console.log(c.detectEmail({ a: { email: 'x@y.org' } }).path, typeof c.receiveDelivery)"]);
    expect(out).toBe('a.email function');
  });

  it('loads with import, named exports included', () => {
    const out = run(['--input-type=module', '-e', "import { normalizeEmail, PROVIDERS } from '@popup-leads/core'; console.log(normalizeEmail(' A@B.ORG '), Object.keys(PROVIDERS).length)"]);
    expect(out).toBe('A@b.org 5');
  });
});
