/**
 * The README's install routes, for real: `npm pack`, then the tarball installed into a fresh n8n
 * user folder's nodes folder (~/.n8n/nodes) and into the layout of the Docker image's mounted
 * volume (/home/node/.n8n/nodes), and n8n 2.41.1 started on each loads every node and credential.
 */
import packageJson from '../../package.json';
import { checkInstallRoutesFresh } from '../../scripts/install-check';

test('the packed tarball installs into n8n’s nodes folder, plain and as a Docker volume, and real n8n loads it', async () => {
	const { tarball, results } = await checkInstallRoutesFresh();
	expect(tarball).toMatch(/n8n-nodes-wecom-suite-\d+\.\d+\.\d+\.tgz$/);
	const nodes = packageJson.n8n.nodes.map((file) => file.replace(/^.*\/(\w)(\w*)\.node\.js$/, (_all, first: string, rest: string) => `n8n-nodes-wecom-suite.${first.toLowerCase()}${rest}`));
	const credentials = packageJson.n8n.credentials.map((file) => file.replace(/^.*\/(\w)(\w*)\.credentials\.js$/, (_all, first: string, rest: string) => `${first.toLowerCase()}${rest}`));
	expect(results.map((result) => result.route)).toEqual(['nodes folder (~/.n8n/nodes)', 'Docker volume (/home/node/.n8n)']);
	for (const result of results) {
		// n8n adds an AI-tool variant (…Tool) of each node that is usable as a tool
		expect({ route: result.route, nodes: result.nodes.filter((name) => !name.endsWith('Tool')).sort() }).toEqual({ route: result.route, nodes: [...nodes].sort() });
		expect({ route: result.route, credentials: [...result.credentials].sort() }).toEqual({ route: result.route, credentials: [...credentials].sort() });
	}
});
