import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WISEPOPS_DEFAULT_BASE_URL, wisepopsAuthHeaders } from '@popup-leads/core';

import { WisepopsApi } from '../../n8n/credentials/WisepopsApi.credentials';

const root = join(__dirname, '..', '..', 'n8n');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	scripts: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
};

describe('n8n package', () => {
	it('has no runtime dependencies and n8n-workflow as its only peer', () => {
		expect(pkg.dependencies).toBeUndefined();
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(Object.keys(pkg.scripts).filter((name) => /^(pre|post)?install$|^prepare$/.test(name))).toEqual([]);
	});

	it('lists every node and credential source in its n8n block', () => {
		const nodes = readdirSync(join(root, 'nodes'), { withFileTypes: true })
			.filter((entry) => entry.isDirectory())
			.flatMap((entry) => readdirSync(join(root, 'nodes', entry.name)).filter((file) => file.endsWith('.node.ts')).map((file) => `dist/nodes/${entry.name}/${file.replace(/\.ts$/, '.js')}`));
		const credentials = readdirSync(join(root, 'credentials')).map((file) => `dist/credentials/${file.replace(/\.ts$/, '.js')}`);
		expect([...pkg.n8n.nodes].sort()).toEqual(nodes.sort());
		expect([...pkg.n8n.credentials].sort()).toEqual(credentials.sort());
	});

	it('the Wisepops credential authenticates exactly as the core does, defaulting to the core base URL', () => {
		const credential = new WisepopsApi();
		expect(credential.properties.find((property) => property.name === 'baseUrl')?.default).toBe(WISEPOPS_DEFAULT_BASE_URL);
		const header = credential.authenticate.properties.headers?.Authorization as string;
		// n8n resolves the expression; substituting the key must give the core's header.
		expect(header.replace(/^=/, '').replace('{{$credentials.apiKey}}', 'KEY123')).toBe(wisepopsAuthHeaders('KEY123').Authorization);
		expect(credential.test.request).toMatchObject({ method: 'GET', url: '/api2/wisepops' });
		expect(credential.properties.find((property) => property.name === 'apiKey')?.typeOptions).toEqual({ password: true });
	});
});
