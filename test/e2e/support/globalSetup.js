// @ts-check
/**
 * Runs once before the end-to-end suite: checks the package is built and installs the n8n
 * runtime on the first run (minutes, with a progress line), so no test's timeout includes it.
 */
const fs = require('node:fs');
const path = require('node:path');

const { ensureRuntime, packageRootFolder } = require('../../../scripts/n8n-runtime');

module.exports = async function globalSetup() {
	const built = path.join(packageRootFolder(), 'dist', 'nodes');
	if (!fs.existsSync(built)) throw new Error('The package is not built: run npm run build (npm run test:e2e does it for you).');
	process.stderr.write('\n');
	const runtime = await ensureRuntime();
	process.stderr.write(`[e2e] n8n ${runtime.version} on Node ${runtime.nodeVersion}\n`);
};
