// After bundling, only the entry points listed in package.json are needed: the intermediate
// files tsc emitted next to them still require the unbundled core, so they are removed.
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const keep = new Set([...pkg.n8n.nodes, ...pkg.n8n.credentials]);

function walk(dir) {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) {
			walk(path);
			if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
		} else if (path.endsWith('.js') && !keep.has(relative('.', path).split(sep).join('/'))) {
			rmSync(path);
		}
	}
}

walk('dist');
