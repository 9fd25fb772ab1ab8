/**
 * The built package as n8n loads it: n8n-core's PackageDirectoryLoader reads package.json's n8n
 * field and the compiled dist/ files (npm test builds first, see the pretest script).
 */
import { PackageDirectoryLoader } from 'n8n-core';

import packageJson from '../../package.json';

describe('the built package', () => {
	test('package.json follows n8n’s community-node rules', () => {
		expect(packageJson.name).toBe('n8n-nodes-wecom-suite');
		expect(packageJson.license).toBe('MIT');
		expect(packageJson.keywords).toContain('n8n-community-node-package');
		expect(packageJson.files).toEqual(['dist']);
		expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(packageJson).not.toHaveProperty('dependencies');
		expect(packageJson.n8n).toEqual(expect.objectContaining({ n8nNodesApiVersion: 1, strict: true }));
	});

	test('n8n-core’s package loader loads every node and credential it declares', async () => {
		const loader = new PackageDirectoryLoader('.');
		await loader.loadAll();

		const nodeNames = Object.keys(loader.nodeTypes);
		const credentialNames = Object.keys(loader.credentialTypes);
		expect(nodeNames).toHaveLength(packageJson.n8n.nodes.length);
		expect(credentialNames).toHaveLength(packageJson.n8n.credentials.length);
		expect(nodeNames).toContain('weCom');
		expect(credentialNames).toContain('weComApi');
		expect(loader.known.credentials.weComApi.supportedNodes).toContain('weCom');
		expect(loader.nodeTypes.weCom.type.description).toEqual(
			expect.objectContaining({ name: 'weCom', usableAsTool: true }),
		);
	});
});
