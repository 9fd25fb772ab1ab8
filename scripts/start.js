// @ts-check
/**
 * `npm start` (after `npm run build`): the demo. Starts the WeCom sandbox and a real n8n 2.41.1
 * on loopback, with this package installed, credentials aimed at the sandbox, and the example
 * workflows (examples/*.json) imported and published. Prints the two URLs and serves until
 * Ctrl-C, then stops both.
 *
 * n8n keeps its data in a temporary folder made for this run and removed when it stops (the
 * project's rule for scripts: nothing of n8n's outside a temporary folder). Ports: 5678 for n8n and 3700
 * for the sandbox, or N8N_PORT / WECOM_SANDBOX_PORT; a busy port is replaced by a free one.
 * Demo only: a fixed owner account and encryption key, loopback only.
 */
const fs = require('node:fs');
const path = require('node:path');

const { startSandbox } = require('../sandbox/server');
const { checkUrl } = require('../sandbox/callbacks');
const { ensureRuntime, REPO_ROOT, packageRootFolder } = require('./n8n-runtime');
const { N8nInstance, freePort, isPortFree, needsPublishing, temporaryUserFolder } = require('./n8n-instance');
const { connectSandboxToN8n } = require('./n8n-triggers');
const { SANDBOX_CALLBACK, sandboxCredentials } = require('./sandbox-credentials');

const EXAMPLES_FOLDER = path.join(REPO_ROOT, 'examples');
const DEMO_OWNER = { email: 'demo@sandbox.example', password: 'WeCom-Sandbox-Demo1', firstName: 'Demo', lastName: 'Owner' };
const DEMO_ENCRYPTION_KEY = 'wecom-suite-demo-encryption-key';

/** @param {string} line */
function say(line) {
	process.stdout.write(`${line}\n`);
}

/**
 * @param {string | undefined} wanted
 * @param {number} fallback
 * @param {string} what
 */
async function choosePort(wanted, fallback, what) {
	const port = wanted ? Number(wanted) : fallback;
	if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${what} port must be 1-65535, got ${wanted}`);
	if (await isPortFree(port)) return port;
	const other = await freePort();
	say(`[demo] port ${port} is busy; ${what} uses ${other} instead`);
	return other;
}

/**
 * @returns {Array<{ file: string, workflow: { id: string, name: string, nodes: Array<{ type: string, webhookId?: string, credentials?: Record<string, { id: string }> }> } }>}
 */
function readExamples() {
	if (!fs.existsSync(EXAMPLES_FOLDER)) return [];
	return fs
		.readdirSync(EXAMPLES_FOLDER)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => {
			const file = path.join(EXAMPLES_FOLDER, name);
			return { file, workflow: JSON.parse(fs.readFileSync(file, 'utf8')) };
		});
}

/**
 * Examples whose node types the built package ships (others wait for their node to land).
 * @param {ReturnType<typeof readExamples>} examples
 */
function loadableExamples(examples) {
	const manifest = JSON.parse(fs.readFileSync(path.join(packageRootFolder(), 'package.json'), 'utf8'));
	const shipped = new Set(
		(manifest.n8n?.nodes ?? []).map((/** @type {string} */ file) => {
			const base = path.basename(file).replace(/\.node\.js$/, '');
			return `n8n-nodes-wecom-suite.${base.charAt(0).toLowerCase()}${base.slice(1)}`;
		}),
	);
	return examples.filter(({ workflow, file }) => {
		const missing = workflow.nodes.filter((node) => node.type.startsWith('n8n-nodes-wecom-suite.') && !shipped.has(node.type));
		if (missing.length > 0) say(`[demo] skipping ${path.basename(file)}: needs ${missing.map((node) => node.type).join(', ')}`);
		return missing.length === 0;
	});
}

/** @type {Array<() => Promise<void>>} what to stop, in the order things started */
const cleanups = [];
let stopping = false;

/** Stops n8n and the sandbox (newest first) and exits. */
async function stop(/** @type {number} */ code) {
	if (stopping) return;
	stopping = true;
	say('\n[demo] stopping…');
	for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
	process.exit(code);
}

async function main() {
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	const sandboxPort = await choosePort(process.env.WECOM_SANDBOX_PORT, 3700, 'the WeCom sandbox');
	const n8nPort = await choosePort(process.env.N8N_PORT, 5678, 'n8n');

	const sandbox = await startSandbox({ port: sandboxPort });
	cleanups.push(() => sandbox.close());
	say(`[demo] WeCom sandbox on ${sandbox.url}`);

	const runtime = await ensureRuntime({ log: say });
	const userFolder = temporaryUserFolder('wecom-suite-demo-');
	cleanups.push(async () => fs.rmSync(userFolder, { recursive: true, force: true }));
	const n8n = new N8nInstance({
		runtime,
		userFolder,
		port: n8nPort,
		encryptionKey: DEMO_ENCRYPTION_KEY,
		// schedules (the broadcast example) in the user's time zone rather than n8n's default New York
		env: { GENERIC_TIMEZONE: process.env.GENERIC_TIMEZONE || Intl.DateTimeFormat().resolvedOptions().timeZone },
	});
	cleanups.push(async () => {
		await n8n.stop();
	});

	const examples = loadableExamples(readExamples());
	say(`[demo] preparing n8n ${runtime.version} in ${userFolder} (package, credentials, ${examples.length} example workflows)…`);
	n8n.installPackage();
	await n8n.importCredentials(sandboxCredentials(sandbox.url));
	await n8n.importWorkflows(examples.map(({ file }) => file));

	say('[demo] starting n8n…');
	await n8n.start();
	await n8n.signIn(DEMO_OWNER);
	const published = examples.filter(({ workflow }) => needsPublishing(workflow));
	await n8n.activate(published.map(({ workflow }) => workflow.id));

	// The sandbox page finds every WeCom Trigger of this n8n, the user's own included.
	const finder = connectSandboxToN8n(sandbox, n8n, DEMO_OWNER);
	for (const trigger of (await finder.triggers()).filter((found) => found.mode === 'production')) {
		// what WeCom does when the admin saves the callback URL
		const check = await checkUrl(trigger.url, SANDBOX_CALLBACK);
		const passed = check.status === 200 && check.body === check.expected;
		say(`[demo] URL check of "${trigger.workflowName}": ${passed ? 'passed' : `FAILED (HTTP ${check.status})`}`);
	}

	n8n.server?.once('exit', (code) => {
		if (stopping) return;
		say(`[demo] n8n exited unexpectedly (${code}); its log: ${n8n.logFile}`);
		void stop(1);
	});

	say('');
	say('  WeCom suite demo is running (loopback only):');
	say(`    n8n editor      ${n8n.url}/   sign in as ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
	say(`    WeCom sandbox   ${sandbox.url}/   inbox of what your workflows sent, and a form that sends callbacks to`);
	say('                    every WeCom Trigger: published ones, and yours while "Execute workflow" listens');
	say('');
	say(`  Credentials "WeCom sandbox …" point at the sandbox. Example workflows: ${examples.map(({ workflow }) => workflow.name).join('; ') || 'none'}.`);
	say(`  n8n log: ${n8n.logFile}. n8n's data lives in a temporary folder, removed on Ctrl-C: export a workflow you want to keep.`);
	say('  Ctrl-C stops everything.');
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`[demo] ${error instanceof Error ? error.message : String(error)}\n`);
		void stop(1);
	});
}

module.exports = { DEMO_OWNER, choosePort, readExamples, loadableExamples, say };
