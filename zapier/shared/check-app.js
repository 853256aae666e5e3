// `npm run check` of a Zapier app: the offline part of Zapier's validation, then the build
// `zapier-platform push` would upload, then a look inside that zip. Run from the app's folder.
//
// - `validate --without-style`: the schema checks; the style checks need Zapier's servers.
// - `build --skip-validation`: the same build minus that server-side validation (it fails
//   offline with "fetch failed"); it still installs the app's dependencies from the registry,
//   writes definition.json and runs the build's own self-test.
// The CLI refuses Node < 22, so both run on the Node 22 binary the project pins.
const { execFileSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const appDir = process.cwd();
const root = resolve(__dirname, '..', '..');
const cli = join(root, 'node_modules', 'zapier-platform-cli', 'src', 'bin', 'run');
const env = { ...process.env, NO_UPDATE_NOTIFIER: '1' };
const started = Date.now();

function run(file, args) {
  execFileSync(file, args, { cwd: appDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** The names in a zip, read from its central directory (no unzip tool needed). */
function zipEntries(file) {
  const zip = readFileSync(file);
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at -= 1) {
    if (zip.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names = [];
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: broken central directory`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function fail(message) {
  console.error(`check failed: ${message}`);
  process.exit(1);
}

const node22 = execFileSync('bash', [join(root, 'scripts', 'node-bin.sh'), '22'], { encoding: 'utf8', env }).trim();
if (!existsSync(join(appDir, 'dist', 'index.js'))) fail('dist/index.js is missing: run `npm run build` first');

run(node22, [cli, 'validate', '--without-style']);
run(node22, [cli, 'build', '--skip-validation']);

const zipFile = join(appDir, 'build', 'build.zip');
if (!existsSync(zipFile)) fail('build/build.zip was not created');
const names = zipEntries(zipFile);
for (const wanted of ['index.js', 'dist/index.js', 'definition.json', 'zapierwrapper.js']) {
  if (!names.includes(wanted)) fail(`build.zip lacks ${wanted}`);
}
if (!names.some((name) => name.startsWith('node_modules/zapier-platform-core/'))) fail('build.zip lacks node_modules/zapier-platform-core');
if (names.some((name) => name.startsWith('src/') || name.includes('/test/') || name.startsWith('node_modules/@popup-leads/'))) {
  fail('build.zip carries sources or workspace packages: the bundle should be all it needs');
}
const size = statSync(zipFile).size;
// The bundle (core + zod) plus zapier-platform-core and its dependencies come to about 800 KB;
// far more means a fat node_modules slipped in, far less means something is missing.
if (size < 300 * 1024 || size > 5 * 1024 * 1024) fail(`build.zip is ${Math.round(size / 1024)} KB, outside 300 KB–5 MB`);

// The zips are rebuilt by `push`; keeping them would only go stale.
rmSync(join(appDir, 'build'), { recursive: true, force: true });
console.log(`check ok: ${names.length} files, ${Math.round(size / 1024)} KB, ${((Date.now() - started) / 1000).toFixed(1)} s`);
