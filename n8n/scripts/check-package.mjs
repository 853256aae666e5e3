// Checks what `npm publish` would ship: only the bundled nodes and credentials, no runtime
// dependency, the core compiled in, and what n8n's scanner checks in a published tarball.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';

const problems = [];
const fail = (message) => problems.push(message);

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) fail(`package.json has dependencies: ${Object.keys(pkg.dependencies).join(', ')}`);
if ('overrides' in pkg) fail('package.json has an overrides field');
for (const script of ['prepare', 'preinstall', 'install', 'postinstall']) if (pkg.scripts?.[script]) fail(`package.json has a ${script} script`);
if (JSON.stringify(pkg.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' })) fail('peerDependencies must be exactly { "n8n-workflow": "*" }');
if (!pkg.keywords?.includes('n8n-community-node-package')) fail('the n8n-community-node-package keyword is missing');

const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
const files = packed.files.map((file) => file.path);
const allowed = /^(dist\/.+|package\.json|README\.md|LICENSE\.md)$/;
for (const file of files) if (!allowed.test(file)) fail(`unexpected file in the tarball: ${file}`);
for (const file of ['package.json', 'README.md', 'LICENSE.md']) if (!files.includes(file)) fail(`${file} is missing from the tarball`);

const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
for (const entry of entries) if (!files.includes(entry)) fail(`${entry} (listed in package.json) is not in the tarball`);
for (const file of files) if (file.endsWith('.js') && !entries.includes(file)) fail(`${file} is not an entry point listed in package.json`);

const allowedRequires = new Set(['n8n-workflow', 'crypto', 'node:crypto']);
for (const entry of entries) {
	const code = readFileSync(entry, 'utf8');
	for (const match of code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
		if (!allowedRequires.has(match[1])) fail(`${entry} requires "${match[1]}"`);
	}
}
// The core must be compiled into every node: its signature header and auth scheme are in each one.
for (const entry of pkg.n8n.nodes) {
	const code = readFileSync(entry, 'utf8');
	if (!code.includes('WISEPOPS-API key=') || !code.includes('X-Wisepops-Signature')) fail(`${entry} does not contain the compiled core`);
}

// n8n's scanner (@n8n/scan-community-package) lints the published tarball's `**/*.js` and
// package.json with the community-nodes recommended rules, inline disables ignored. It only
// runs on a package published with provenance, so its tarball leg is reproduced here with the
// same plugins the scanner and `n8n-node lint` use.
const { n8nCommunityNodesPlugin } = await import('@n8n/eslint-plugin-community-nodes');
const n8nNodesPlugin = (await import('eslint-plugin-n8n-nodes-base')).default;
const tsParser = await import('@typescript-eslint/parser');
const eslint = new ESLint({
	allowInlineConfig: false,
	overrideConfigFile: true,
	overrideConfig: [
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
		{ files: ['**/*.json'], languageOptions: { parser: tsParser.default ?? tsParser } },
	],
});
const shipped = files.filter((file) => file.endsWith('.js') || file === 'package.json');
for (const result of await eslint.lintFiles(shipped)) {
	for (const message of result.messages) fail(`${result.filePath}:${message.line}: ${message.message} (${message.ruleId ?? 'parse'})`);
}

if (problems.length > 0) {
	console.error(`n8n package check failed:\n- ${problems.join('\n- ')}`);
	process.exit(1);
}
console.log(`n8n package check passed: ${files.length} files, ${entries.length} entry points, no dependencies, core bundled.`);
