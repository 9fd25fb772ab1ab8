// @ts-check
/**
 * One real n8n (from ./n8n-runtime.js) in its own user folder, with this package installed the
 * way a community package is (`<user folder>/.n8n/nodes/node_modules/n8n-nodes-wecom-suite`, node
 * types `n8n-nodes-wecom-suite.weCom`). Drives the CLI (import, publish, execute, export) and the
 * server (`n8n start`, readiness, the owner account, the internal REST API).
 *
 * Used by the end-to-end tests (test/e2e/support) and by `npm start` (scripts/start.js).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { cleanNpmEnv, packageRootFolder } = require('./n8n-runtime');

const PACKAGE_NAME = 'n8n-nodes-wecom-suite';
const CLI_TIMEOUT_MS = 180000;
const START_TIMEOUT_MS = 180000;
const STOP_TIMEOUT_MS = 20000;
const PUBLISH_TIMEOUT_MS = 60000;
/** Runs started by the REST API get this browser id; n8n binds its auth cookie to it. */
const BROWSER_ID = 'wecom-suite-runner';

/**
 * @typedef {import('./n8n-runtime').Runtime} Runtime
 *
 * @typedef {object} N8nOptions
 * @property {Runtime} runtime
 * @property {string} userFolder N8N_USER_FOLDER; n8n keeps its database and settings in <folder>/.n8n
 * @property {string} [encryptionKey]
 * @property {number} [port] the server port; a free one when absent
 * @property {string} [logFile] where the server's output goes (default <userFolder>/n8n.log)
 * @property {Record<string, string>} [env] extra environment for every n8n process
 * @property {(line: string) => void} [log]
 * @property {'start' | 'worker' | 'webhook'} [command] the process start() runs: the main process
 *   (default), a queue-mode worker, or a queue-mode webhook process
 * @property {string[]} [args] extra arguments for that command, e.g. --concurrency=10
 * @property {number} [stopTimeoutMs] how long stop() waits after SIGTERM before SIGKILL
 *
 * @typedef {{ code: number | null, stdout: string, stderr: string }} CliResult
 * @typedef {{ email: string, password: string, firstName: string, lastName: string }} OwnerAccount
 * @typedef {{ status: number, body: any, text: string, headers: Headers }} RestResponse
 */

/** @returns {Promise<number>} a port that was free a moment ago on 127.0.0.1 */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = address !== null && typeof address === 'object' ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/**
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function isPortFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** @param {number} ms */
function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Copies the built package (package.json + dist) where n8n looks for community packages. A copy,
 * not a link: the package must resolve n8n-workflow from n8n itself, as it does when installed
 * from npm, never from this repo's node_modules.
 * @param {string} userFolder
 * @param {string} [packageRoot]
 */
function installPackage(userFolder, packageRoot = packageRootFolder()) {
	const dist = path.join(packageRoot, 'dist');
	if (!fs.existsSync(path.join(dist, 'nodes'))) throw new Error(`${dist} has no built nodes: run npm run build first`);
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	fs.copyFileSync(path.join(packageRoot, 'package.json'), path.join(target, 'package.json'));
	fs.cpSync(dist, path.join(target, 'dist'), { recursive: true });
	return target;
}

/**
 * Whether a workflow must be published to run: it has a trigger other than the Manual Trigger
 * (a Webhook, a Schedule Trigger, a WeCom Trigger…).
 * @param {{ nodes: Array<{ type: string }> }} workflow
 */
function needsPublishing(workflow) {
	return workflow.nodes.some(
		(node) => node.type !== 'n8n-nodes-base.manualTrigger' && (/trigger$/i.test(node.type) || node.type === 'n8n-nodes-base.webhook'),
	);
}

/**
 * n8n prints log lines before the run data even with --rawOutput; the JSON starts at the first
 * line that starts with "{" (and n8n prints it indented, so it ends at the last line "}").
 * @param {string} output
 * @returns {any}
 */
function parseRunOutput(output) {
	const lines = output.split('\n');
	const start = lines.findIndex((line) => line.startsWith('{'));
	if (start === -1) throw new Error(`no JSON in n8n's output:\n${output.slice(-2000)}`);
	let end = lines.length;
	for (;;) {
		try {
			return JSON.parse(lines.slice(start, end).join('\n'));
		} catch (error) {
			end = lines.lastIndexOf('}', end - 2) + 1;
			if (end <= start) throw new Error(`n8n's output holds no complete JSON: ${error instanceof Error ? error.message : error}`);
		}
	}
}

class N8nInstance {
	/** @param {N8nOptions} options */
	constructor(options) {
		this.runtime = options.runtime;
		this.userFolder = options.userFolder;
		this.encryptionKey = options.encryptionKey ?? 'wecom-suite-e2e-encryption-key';
		this.requestedPort = options.port;
		this.port = 0;
		this.url = '';
		this.logFile = options.logFile ?? path.join(options.userFolder, 'n8n.log');
		this.extraEnv = options.env ?? {};
		this.log = options.log ?? (() => undefined);
		this.command = options.command ?? 'start';
		this.commandArgs = options.args ?? [];
		this.stopTimeoutMs = options.stopTimeoutMs ?? STOP_TIMEOUT_MS;
		/** @type {import('node:child_process').ChildProcess | undefined} */
		this.server = undefined;
		this.serverOutput = '';
		this.cookie = '';
		fs.mkdirSync(this.userFolder, { recursive: true });
	}

	/**
	 * The environment of every n8n process: loopback only, nothing phoning home, this user folder.
	 * @param {Record<string, string>} [extra]
	 * @returns {NodeJS.ProcessEnv}
	 */
	env(extra = {}) {
		const env = cleanNpmEnv({
			PATH: `${path.dirname(this.runtime.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			// the only module that calls out (api.n8n.io/api/mcp-servers) without internet
			N8N_DISABLED_MODULES: 'mcp-registry',
			// n8n's catalogue of verified community nodes (api-staging.n8n.io): this package is
			// installed from its folder and loads as an unverified one, which stays enabled
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			// plain HTTP on loopback: the auth cookie cannot be Secure
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			DB_SQLITE_POOL_SIZE: '1',
			...this.extraEnv,
			...extra,
		});
		// jest sets NODE_ENV=test, and n8n refuses to load nodes "in tests"
		delete env.NODE_ENV;
		for (const key of Object.keys(env)) if (key.startsWith('JEST_')) delete env[key];
		return env;
	}

	/** Copies the built package into this instance's community-nodes folder. */
	installPackage() {
		return installPackage(this.userFolder);
	}

	/**
	 * Runs one n8n CLI command. A CLI command starts its own task broker, so it gets a port of its
	 * own and can run next to the server.
	 * @param {string[]} args
	 * @param {{ timeoutMs?: number, allowFailure?: boolean }} [options]
	 * @returns {Promise<CliResult>}
	 */
	async cli(args, options = {}) {
		const brokerPort = await freePort();
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(brokerPort), N8N_PORT: String(await freePort()) });
		const result = await new Promise((resolve, reject) => {
			const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], { cwd: this.userFolder, env, stdio: ['ignore', 'pipe', 'pipe'] });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk) => (stdout += chunk));
			child.stderr.on('data', (chunk) => (stderr += chunk));
			const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? CLI_TIMEOUT_MS);
			child.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			child.on('close', (code) => {
				clearTimeout(timer);
				resolve({ code, stdout, stderr });
			});
		});
		if (result.code !== 0 && !options.allowFailure) {
			throw new Error(`n8n ${args.join(' ')} exited with ${result.code}:\n${(result.stdout + result.stderr).slice(-3000)}`);
		}
		return result;
	}

	/**
	 * Imports credentials (a JSON array as `n8n export:credentials` writes it; plain `data` objects
	 * are encrypted with this instance's key). Existing IDs are overwritten.
	 * @param {Array<{ id: string, name: string, type: string, data: Record<string, unknown> }>} credentials
	 */
	async importCredentials(credentials) {
		if (credentials.length === 0) return;
		const file = path.join(this.userFolder, 'credentials-import.json');
		fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
		try {
			await this.cli(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/**
	 * Imports workflow files in one CLI call. Each needs a fixed "id" so tests and the demo can
	 * address it. Import leaves every workflow unpublished.
	 * @param {string[]} files
	 */
	async importWorkflows(files) {
		if (files.length === 0) return;
		const folder = fs.mkdtempSync(path.join(this.userFolder, 'workflows-'));
		try {
			for (const file of files) fs.copyFileSync(file, path.join(folder, path.basename(file)));
			await this.cli(['import:workflow', '--separate', `--input=${folder}`]);
		} finally {
			fs.rmSync(folder, { recursive: true, force: true });
		}
	}

	/**
	 * Publishes (activates) workflows by ID before the server starts; a running server does not
	 * pick up CLI changes, so use activate() then.
	 * @param {string[]} ids
	 */
	async publishWorkflows(ids) {
		for (const id of ids) await this.cli(['publish:workflow', `--id=${id}`]);
	}

	/**
	 * `n8n execute --id`: runs a workflow in a CLI process and returns n8n's run data.
	 * @param {string} id
	 * @returns {Promise<{ ok: boolean, run: any, output: string }>}
	 */
	async execute(id) {
		const result = await this.cli(['execute', `--id=${id}`, '--rawOutput'], { allowFailure: true });
		const output = result.stdout + result.stderr;
		const run = parseRunOutput(result.stdout);
		return { ok: result.code === 0 && !run?.data?.resultData?.error, run, output };
	}

	/**
	 * A credential as stored, decrypted (`n8n export:credentials --decrypted`).
	 * @param {string} id
	 * @returns {Promise<{ id: string, name: string, type: string, data: Record<string, unknown> }>}
	 */
	async exportCredential(id) {
		const file = path.join(this.userFolder, `credential-${id}.json`);
		try {
			await this.cli(['export:credentials', `--id=${id}`, '--decrypted', `--output=${file}`]);
			const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
			const credential = Array.isArray(exported) ? exported[0] : exported;
			if (!credential || credential.id !== id) throw new Error(`credential ${id} was not exported`);
			return credential;
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/**
	 * Starts the server process (`n8n start`, or `n8n worker` / `n8n webhook` per the command
	 * option) and waits until it is ready: published workflows registered, or for a worker its
	 * health server (QUEUE_HEALTH_CHECK_PORT, on this instance's port) answering.
	 * @returns {Promise<string>} the base URL, e.g. http://127.0.0.1:5678
	 */
	async start() {
		if (this.server) throw new Error('n8n is already running');
		this.port = this.requestedPort ?? (await freePort());
		if (!(await isPortFree(this.port))) throw new Error(`port ${this.port} is in use`);
		this.url = `http://127.0.0.1:${this.port}`;
		const env = this.env({
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			// a stack behind one public address (queue mode) sets it for every process
			N8N_WEBHOOK_URL: this.extraEnv.N8N_WEBHOOK_URL ?? `${this.url}/`,
			N8N_EDITOR_BASE_URL: `${this.url}/`,
			...(this.command === 'worker'
				? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(this.port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
				: {}),
		});
		const logStream = fs.createWriteStream(this.logFile, { flags: 'a' });
		// Its own process group, so stop() also reaches the task runner if n8n does not exit.
		const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, this.command, ...this.commandArgs], {
			cwd: this.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.server = child;
		registerForExit(child);
		/** @param {Buffer} chunk */
		const keep = (chunk) => {
			logStream.write(chunk);
			this.serverOutput = (this.serverOutput + chunk.toString()).slice(-20000);
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		// 'close' comes after the output is drained, so a failed start has its messages
		child.once('close', () => {
			logStream.end();
			forgetForExit(child);
			if (this.server === child) this.server = undefined;
		});
		const deadline = Date.now() + START_TIMEOUT_MS;
		while (Date.now() < deadline) {
			if (!this.server) throw new Error(`n8n ${this.command} exited while starting:\n${this.serverOutput.slice(-3000)}`);
			const ready = await fetch(`${this.url}/healthz/readiness`).then(
				(response) => response.ok,
				() => false,
			);
			if (ready) return this.url;
			await delay(250);
		}
		await this.stop();
		throw new Error(`n8n ${this.command} did not become ready within ${START_TIMEOUT_MS / 1000} s:\n${this.serverOutput.slice(-3000)}`);
	}

	/**
	 * Stops the server: SIGTERM (n8n's graceful shutdown), then SIGKILL for its process group if
	 * it has not exited after stopTimeoutMs.
	 * @returns {Promise<{ ms: number, killed: boolean }>} how long it took, and whether it had to be killed
	 */
	async stop() {
		const child = this.server;
		if (!child || child.exitCode !== null || child.pid === undefined) return { ms: 0, killed: false };
		const started = Date.now();
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		/** @type {NodeJS.Timeout | undefined} */
		let timer;
		const timedOut = await Promise.race([
			exited.then(() => false),
			new Promise((resolve) => (timer = setTimeout(() => resolve(true), this.stopTimeoutMs))),
		]);
		clearTimeout(timer);
		if (timedOut) {
			killGroup(child);
			await exited;
		}
		this.server = undefined;
		return { ms: Date.now() - started, killed: Boolean(timedOut) };
	}

	/**
	 * A call to n8n's internal REST API (/rest/...), with the owner's cookie once logged in.
	 * @param {string} method
	 * @param {string} urlPath e.g. /rest/workflows
	 * @param {unknown} [body]
	 * @returns {Promise<RestResponse>}
	 */
	async rest(method, urlPath, body) {
		const response = await fetch(`${this.url}${urlPath}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': BROWSER_ID,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		if (cookie) this.cookie = cookie.split(';')[0];
		const text = await response.text();
		/** @type {any} */
		let parsed;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			parsed = undefined;
		}
		return { status: response.status, body: parsed, text, headers: response.headers };
	}

	/**
	 * Creates the owner account on a fresh instance, or logs in when it exists, and keeps the cookie.
	 * @param {OwnerAccount} owner
	 */
	async signIn(owner) {
		const setup = await this.rest('POST', '/rest/owner/setup', owner);
		if (setup.status === 200) return;
		const login = await this.rest('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		if (login.status !== 200) {
			throw new Error(`could not set up or log in the n8n owner (${setup.status} ${setup.text.slice(0, 200)}; ${login.status} ${login.text.slice(0, 200)})`);
		}
	}

	/**
	 * Publishes workflows on the running server (the editor's Publish button). The call returns
	 * once the triggers and webhooks are registered.
	 * @param {string[]} ids
	 */
	async activate(ids) {
		for (const id of ids) {
			const current = await this.rest('GET', `/rest/workflows/${id}`);
			const versionId = current.body?.data?.versionId;
			if (current.status !== 200 || typeof versionId !== 'string') {
				throw new Error(`workflow ${id} not found (${current.status} ${current.text.slice(0, 200)})`);
			}
			const answer = await this.rest('POST', `/rest/workflows/${id}/activate`, { versionId });
			if (answer.status !== 200 || answer.body?.data?.active !== true) {
				throw new Error(`could not publish workflow ${id}: ${answer.status} ${answer.text.slice(0, 500)}`);
			}
		}
		for (const id of ids) await this.waitForPublication(id);
	}

	/**
	 * n8n 2.x publishes through an outbox: the activate call returns before the triggers are
	 * registered. Waits until the publication status settles, and fails if a trigger failed.
	 * @param {string} id
	 */
	async waitForPublication(id) {
		const deadline = Date.now() + PUBLISH_TIMEOUT_MS;
		let last = '';
		while (Date.now() < deadline) {
			const answer = await this.rest('GET', `/rest/workflows/${id}/publication-status`);
			// 404: this n8n publishes synchronously (N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false)
			if (answer.status === 404) return;
			const status = answer.body?.data?.status;
			last = answer.text.slice(0, 1000);
			if (status === 'published') return;
			if (status === 'failed' || status === 'partial') throw new Error(`publishing workflow ${id} failed: ${last}`);
			await delay(100);
		}
		throw new Error(`workflow ${id} was not published within ${PUBLISH_TIMEOUT_MS / 1000} s: ${last}`);
	}

	/**
	 * The executions n8n saved for a workflow, newest first.
	 * @param {string} workflowId
	 * @returns {Promise<Array<{ id: string, status: string, mode: string, finished: boolean }>>}
	 */
	async executions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const answer = await this.rest('GET', `/rest/executions?filter=${filter}&limit=100`);
		if (answer.status !== 200) throw new Error(`GET /rest/executions: ${answer.status} ${answer.text.slice(0, 300)}`);
		return executionRowsOf(answer.body?.data);
	}

	/**
	 * One saved execution with its run data (n8n stores it in the "flatted" format).
	 * @param {string} executionId
	 * @returns {Promise<{ id: string, status: string, data: any }>}
	 */
	async execution(executionId) {
		const answer = await this.rest('GET', `/rest/executions/${executionId}`);
		if (answer.status !== 200) throw new Error(`GET /rest/executions/${executionId}: ${answer.status} ${answer.text.slice(0, 300)}`);
		const execution = answer.body?.data;
		const flatted = require(this.n8nModule('flatted'));
		return { ...execution, data: typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data };
	}

	/**
	 * Resolves a module from n8n's own install (e.g. flatted for execution data).
	 * @param {string} name
	 */
	n8nModule(name) {
		return require.resolve(name, { paths: [path.dirname(path.dirname(this.runtime.n8nBin))] });
	}

	/**
	 * Calls a production webhook of a published workflow.
	 * @param {string} webhookPath the path after /webhook/
	 * @param {{ method?: string, body?: unknown, headers?: Record<string, string>, query?: Record<string, string> }} [request]
	 */
	async webhook(webhookPath, request = {}) {
		const url = new URL(`${this.url}/webhook/${webhookPath}`);
		for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
		const body = request.body;
		const response = await fetch(url, {
			method: request.method ?? 'POST',
			headers: { ...(typeof body === 'string' ? {} : { 'content-type': 'application/json' }), ...request.headers },
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
		const text = await response.text();
		/** @type {any} */
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, text, json };
	}
}

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
let exitHookInstalled = false;

/** @param {import('node:child_process').ChildProcess} child */
function killGroup(child) {
	if (child.pid === undefined || child.exitCode !== null) return;
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		child.kill('SIGKILL');
	}
}

/**
 * Servers still running when this process exits (a crash, a test runner's hard exit) are killed.
 * @param {import('node:child_process').ChildProcess} child
 */
function registerForExit(child) {
	running.add(child);
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', () => {
		for (const server of running) killGroup(server);
	});
}

/** @param {import('node:child_process').ChildProcess} child */
function forgetForExit(child) {
	running.delete(child);
}

/**
 * A fresh temporary user folder.
 * @param {string} prefix
 */
function temporaryUserFolder(prefix = 'wecom-n8n-e2e-') {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * The rows of n8n's execution list, each execution once. n8n answers the list with two queries run
 * side by side (running ones, then finished ones), so an execution that finishes between them is
 * in both; counting rows would count it twice.
 * @param {any} data the `data` of GET /rest/executions
 * @returns {Array<any>}
 */
function executionRowsOf(data) {
	/** @type {unknown[]} */
	const rows = Array.isArray(data?.results) ? data.results : Array.isArray(data) ? data : [];
	/** @type {Map<string, any>} */
	const byId = new Map();
	for (const row of rows) {
		if (row === null || typeof row !== 'object' || !('id' in row)) continue;
		const id = String(row.id);
		// The finished row comes second and is the newer state.
		byId.set(id, row);
	}
	return [...byId.values()];
}

module.exports = { N8nInstance, PACKAGE_NAME, installPackage, needsPublishing, parseRunOutput, freePort, isPortFree, temporaryUserFolder, delay, executionRowsOf };
