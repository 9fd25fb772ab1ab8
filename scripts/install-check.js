// @ts-check
/**
 * Proves the README's install routes (README "Install in n8n"): packs this repo with `npm pack`,
 * installs the tarball the way each route says, into a fresh n8n user folder, and starts real
 * n8n 2.41.1 on it to see that n8n loads the package's nodes and credentials.
 *
 *   node scripts/install-check.js        (after npm run build; prints one line per route)
 *
 * Routes:
 * - nodes folder: `npm install --omit=peer <tarball>` inside <N8N_USER_FOLDER>/.n8n/nodes
 *   (~/.n8n/nodes for an n8n installed with npm);
 * - Docker: the official image runs with N8N_USER_FOLDER=/home/node and keeps its data in the
 *   volume mounted at /home/node/.n8n; the package goes into that volume's nodes/ folder. Docker
 *   cannot run here, so the check builds the same layout: a folder standing for the volume,
 *   installed into from the volume's nodes/ folder as the README's `docker run … npm install`
 *   does, and n8n started with the folder above it as N8N_USER_FOLDER.
 *
 * Offline: --offline and --omit=peer (n8n-workflow is n8n's own, never a second copy).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { cleanNpmEnv, ensureRuntime, REPO_ROOT } = require('./n8n-runtime');
const { N8nInstance, PACKAGE_NAME, delay } = require('./n8n-instance');

const NPM_TIMEOUT_MS = 5 * 60 * 1000;
const OWNER = { email: 'install-check@sandbox.example', password: 'Install-Check-Passw0rd', firstName: 'Install', lastName: 'Check' };

/**
 * @param {string[]} args
 * @param {string} cwd
 * @returns {Promise<string>} npm's stdout
 */
function npm(args, cwd) {
	return new Promise((resolve, reject) => {
		const child = spawn('npm', args, { cwd, env: cleanNpmEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.stderr.on('data', (chunk) => (out += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), NPM_TIMEOUT_MS);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			if (code === 0) resolve(out);
			else reject(new Error(`npm ${args.join(' ')} (in ${cwd}) exited with ${code}:\n${out.slice(-2000)}`));
		});
	});
}

/**
 * `npm pack` of the built repo.
 * @param {string} destination a folder for the tarball
 * @returns {Promise<string>} the tarball's path
 */
async function packTarball(destination) {
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'nodes'))) throw new Error('dist/ has no built nodes: run npm run build first');
	const before = new Set(fs.readdirSync(destination));
	await npm(['pack', '--pack-destination', destination, '--loglevel=error'], REPO_ROOT);
	const tarball = fs.readdirSync(destination).find((name) => name.endsWith('.tgz') && !before.has(name));
	if (!tarball) throw new Error(`npm pack wrote no tarball into ${destination}`);
	return path.join(destination, tarball);
}

/**
 * The README's install command, run in an n8n nodes folder (created if missing).
 * @param {string} nodesFolder <user folder>/.n8n/nodes, or the Docker volume's nodes/
 * @param {string} tarball
 */
async function installTarball(nodesFolder, tarball) {
	fs.mkdirSync(nodesFolder, { recursive: true });
	await npm(['install', '--omit=peer', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], nodesFolder);
	const installed = path.join(nodesFolder, 'node_modules', PACKAGE_NAME, 'package.json');
	if (!fs.existsSync(installed)) throw new Error(`npm install left no ${installed}`);
	if (fs.existsSync(path.join(nodesFolder, 'node_modules', 'n8n-workflow'))) throw new Error('npm install added a second n8n-workflow next to the package');
	return installed;
}

/**
 * A read that a machine under load may drop (a reset connection): tried up to three times.
 * @template T
 * @param {() => Promise<T>} read
 * @returns {Promise<T>}
 */
async function patiently(read) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await read();
		} catch (error) {
			if (attempt >= 3) throw error;
			await delay(1000);
		}
	}
}

/**
 * Starts real n8n on a user folder and lists the package's node and credential types it loaded.
 * @param {string} userFolder N8N_USER_FOLDER
 * @returns {Promise<{ nodes: string[], credentials: string[] }>}
 */
async function loadedTypes(userFolder) {
	const runtime = await ensureRuntime();
	const n8n = new N8nInstance({ runtime, userFolder });
	try {
		await n8n.start();
		await n8n.signIn(OWNER);
		const nodes = await patiently(() => n8n.rest('GET', '/types/nodes.json'));
		const credentials = await patiently(() => n8n.rest('GET', '/types/credentials.json'));
		/** @param {unknown} list */
		const names = (list) => (Array.isArray(list) ? list.map((entry) => String(entry?.name)).filter((name) => name.includes('eCom')) : []);
		return { nodes: names(nodes.body), credentials: names(credentials.body) };
	} finally {
		await n8n.stop();
	}
}

/**
 * Both routes, each in a fresh folder under `root`.
 * @param {string} root
 * @param {(line: string) => void} [log]
 */
async function checkInstallRoutes(root, log = () => undefined) {
	const tarball = await packTarball(root);
	log(`packed ${path.basename(tarball)}`);
	/** @type {Array<{ route: string, userFolder: string, nodesFolder: string }>} */
	const routes = [
		{ route: 'nodes folder (~/.n8n/nodes)', userFolder: path.join(root, 'home'), nodesFolder: path.join(root, 'home', '.n8n', 'nodes') },
		// the volume mounted at /home/node/.n8n; N8N_USER_FOLDER=/home/node in the official image
		{ route: 'Docker volume (/home/node/.n8n)', userFolder: path.join(root, 'home-node'), nodesFolder: path.join(root, 'home-node', '.n8n', 'nodes') },
	];
	const results = [];
	for (const { route, userFolder, nodesFolder } of routes) {
		await installTarball(nodesFolder, tarball);
		const loaded = await loadedTypes(userFolder);
		results.push({ route, ...loaded });
		log(`${route}: n8n loaded ${loaded.nodes.length} nodes (${loaded.nodes.join(', ')}) and ${loaded.credentials.length} credentials`);
	}
	return { tarball, results };
}

/**
 * Both routes in a fresh temporary folder, removed afterwards (kept when a route fails).
 * @param {(line: string) => void} [log]
 */
async function checkInstallRoutesFresh(log) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-install-check-'));
	try {
		const outcome = await checkInstallRoutes(root, log);
		fs.rmSync(root, { recursive: true, force: true });
		return outcome;
	} catch (error) {
		throw new Error(`${error instanceof Error ? error.message : String(error)}\n(kept ${root})`);
	}
}

if (require.main === module) {
	checkInstallRoutesFresh((line) => process.stdout.write(`[install-check] ${line}\n`)).catch((error) => {
		process.stderr.write(`[install-check] ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	});
}

module.exports = { packTarball, installTarball, loadedTypes, checkInstallRoutes, checkInstallRoutesFresh };
