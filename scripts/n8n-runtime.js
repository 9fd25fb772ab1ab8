// @ts-check
/**
 * Installs (once) and runs a real n8n 2.41.1 under Node 24, both from the npm registry, for the
 * end-to-end tests and `npm start`. Everything lands in `<cache>/n8n-<version>/`, where <cache> is
 * WECOM_N8N_CACHE or the machine's user cache (~/.cache/n8n-nodes-wecom-suite): shared by every
 * checkout on the machine, so a fresh clone (CI) reuses an earlier install instead of redoing it.
 *
 *   node24/   npm i node@24       (the Node binary and its headers, for the sqlite3 build)
 *   n8n/      npm i n8n@2.41.1 --ignore-scripts, then sqlite3 rebuilt from source, isolated-vm
 *   installed.json   written last: an install without it is redone from scratch
 *
 * Only the npm registry is contacted. Install scripts are off for n8n itself (several of its
 * optional native parts try to download from GitHub); the two native modules n8n needs are
 * rebuilt explicitly against Node 24's headers.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const N8N_VERSION = '2.41.1';
const NODE_MAJOR = '24';
const REPO_ROOT = path.resolve(__dirname, '..');
const INSTALL_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * @typedef {object} RuntimePaths
 * @property {string} root the cache folder of this n8n version
 * @property {string} nodePrefix npm prefix holding node@24
 * @property {string} n8nPrefix npm prefix holding n8n
 * @property {string} marker written when an install completed
 * @property {string} lockDir present while some process installs
 *
 * @typedef {object} Runtime
 * @property {string} nodeBin the Node 24 executable
 * @property {string} n8nBin n8n's CLI entry (run it with nodeBin)
 * @property {string} nodeHeaders the folder holding include/node, for native builds
 * @property {string} version n8n's version
 * @property {string} nodeVersion Node's version
 *
 * @typedef {(line: string) => void} Log
 */

/**
 * The package n8n loads: this repo, or WECOM_PACKAGE_ROOT (another checkout or an unpacked
 * tarball holding package.json and a built dist/).
 */
function packageRootFolder() {
	return process.env.WECOM_PACKAGE_ROOT ? path.resolve(process.env.WECOM_PACKAGE_ROOT) : REPO_ROOT;
}

/** The machine-wide cache folder: $XDG_CACHE_HOME or ~/.cache, then this package's name. */
function defaultCacheRoot() {
	const userCache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(userCache, 'n8n-nodes-wecom-suite');
}

/** @param {string} [cacheRoot] */
function runtimePaths(cacheRoot = process.env.WECOM_N8N_CACHE || defaultCacheRoot()) {
	const root = path.join(cacheRoot, `n8n-${N8N_VERSION}`);
	return {
		root,
		nodePrefix: path.join(root, 'node24'),
		n8nPrefix: path.join(root, 'n8n'),
		marker: path.join(root, 'installed.json'),
		lockDir: path.join(root, '.installing'),
	};
}

/**
 * The environment for npm child processes: the caller's, minus every npm_* variable. `npm run`
 * exports the project's settings (e.g. npm_config_ignore_scripts=true from the repo's .npmrc, and
 * nodedir from the user's npmrc) to its children, and those would silently change these installs.
 * @param {Record<string, string>} extra
 * @returns {NodeJS.ProcessEnv}
 */
function cleanNpmEnv(extra) {
	/** @type {NodeJS.ProcessEnv} */
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!key.toLowerCase().startsWith('npm_')) env[key] = value;
	}
	// WECOM_N8N_NPM_CACHE gives the installs their own npm cache (e.g. to measure a cold install).
	const cache = process.env.WECOM_N8N_NPM_CACHE ? { npm_config_cache: process.env.WECOM_N8N_NPM_CACHE } : {};
	return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...cache, ...extra };
}

/**
 * The npm CLI that runs this script (npm_execpath under `npm run`), else `npm` on the PATH.
 * @returns {{ command: string, prefixArgs: string[] }}
 */
function npmCommand() {
	const execPath = process.env.npm_execpath;
	if (execPath && /npm-cli\.js$/.test(execPath) && fs.existsSync(execPath)) {
		return { command: process.execPath, prefixArgs: [execPath] };
	}
	return { command: 'npm', prefixArgs: [] };
}

/**
 * Runs a command, keeping its output in a log file; rejects on a non-zero exit.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, logFile: string, timeoutMs?: number, account?: { uid: number, gid: number } }} options
 *   account: run as this user (e.g. PostgreSQL's tools, which refuse to run as root)
 * @returns {Promise<void>}
 */
function runLogged(command, args, options) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(options.logFile, 'a');
		fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
		const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', out, out], ...options.account });
		const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? INSTALL_TIMEOUT_MS);
		child.on('error', (error) => {
			clearTimeout(timer);
			fs.closeSync(out);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			fs.closeSync(out);
			if (code === 0) resolve();
			else reject(new Error(`${path.basename(command)} ${args.slice(0, 3).join(' ')} failed (${signal ?? `exit ${code}`}); see ${options.logFile}`));
		});
	});
}

/**
 * A single progress line: rewritten in place on a terminal, one line per step (plus a heartbeat
 * every 30 s) elsewhere, so CI logs show that the install is alive.
 * @param {Log} log
 */
function progressReporter(log) {
	const tty = Boolean(process.stderr.isTTY);
	const started = Date.now();
	let label = '';
	let stepStarted = started;
	let lastHeartbeat = started;
	const seconds = (/** @type {number} */ from) => `${Math.round((Date.now() - from) / 1000)} s`;
	const render = () => {
		if (!label) return;
		const line = `[n8n runtime] ${label} … ${seconds(stepStarted)} (total ${seconds(started)})`;
		if (tty) process.stderr.write(`\r\x1b[2K${line}`);
		else if (Date.now() - lastHeartbeat >= 30000) {
			lastHeartbeat = Date.now();
			log(line);
		}
	};
	const timer = setInterval(render, 1000);
	return {
		/** @param {string} [next] the next step; none when the last one is done */
		step(next) {
			if (label && tty) process.stderr.write(`\r\x1b[2K[n8n runtime] ${label}: done in ${seconds(stepStarted)}\n`);
			else if (label) log(`[n8n runtime] ${label}: done in ${seconds(stepStarted)}`);
			label = next ?? '';
			stepStarted = Date.now();
			lastHeartbeat = stepStarted;
			if (!label) return;
			if (!tty) log(`[n8n runtime] ${label} …`);
			render();
		},
		/** @param {string} summary */
		finish(summary) {
			clearInterval(timer);
			this.step();
			log(`[n8n runtime] ${summary} (${seconds(started)})`);
		},
		stop() {
			clearInterval(timer);
			if (tty) process.stderr.write('\n');
		},
	};
}

/**
 * @param {RuntimePaths} paths
 * @returns {Runtime | undefined} the runtime described by the completion marker, if it is intact
 */
function readInstalled(paths) {
	try {
		const marker = JSON.parse(fs.readFileSync(paths.marker, 'utf8'));
		if (marker.version !== N8N_VERSION) return undefined;
		const runtime = locate(paths);
		return runtime && fs.existsSync(runtime.n8nBin) ? runtime : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Finds Node 24 and n8n inside the cache (the Node binary lives in a per-platform package).
 * @param {RuntimePaths} paths
 * @returns {Runtime | undefined}
 */
function locate(paths) {
	const platformPackages = path.join(paths.nodePrefix, 'node_modules', 'node', 'node_modules');
	if (!fs.existsSync(platformPackages)) return undefined;
	const platformPackage = fs
		.readdirSync(platformPackages)
		.filter((name) => name.startsWith('node-') && fs.existsSync(path.join(platformPackages, name, 'bin', 'node')))
		.map((name) => path.join(platformPackages, name))[0];
	if (!platformPackage) return undefined;
	const nodePackage = JSON.parse(fs.readFileSync(path.join(platformPackage, 'package.json'), 'utf8'));
	return {
		nodeBin: path.join(platformPackage, 'bin', 'node'),
		nodeHeaders: platformPackage,
		n8nBin: path.join(paths.n8nPrefix, 'node_modules', 'n8n', 'bin', 'n8n'),
		version: N8N_VERSION,
		nodeVersion: String(nodePackage.version),
	};
}

/**
 * Takes the install lock (a folder holding the owner's pid); waits while another live process
 * holds it, and breaks a lock whose owner died.
 * @param {RuntimePaths} paths
 * @param {Log} log
 */
async function acquireLock(paths, log) {
	fs.mkdirSync(paths.root, { recursive: true });
	const deadline = Date.now() + INSTALL_TIMEOUT_MS;
	let announced = false;
	while (Date.now() < deadline) {
		try {
			fs.mkdirSync(paths.lockDir);
			fs.writeFileSync(path.join(paths.lockDir, 'pid'), String(process.pid));
			return () => fs.rmSync(paths.lockDir, { recursive: true, force: true });
		} catch (error) {
			if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
		}
		const owner = Number(readText(path.join(paths.lockDir, 'pid')));
		if (owner && !isAlive(owner)) {
			fs.rmSync(paths.lockDir, { recursive: true, force: true });
			continue;
		}
		if (!announced) log(`[n8n runtime] another process (pid ${owner || '?'}) is installing n8n; waiting for it`);
		announced = true;
		await new Promise((resolve) => setTimeout(resolve, 2000));
	}
	throw new Error(`timed out waiting for the n8n install lock ${paths.lockDir}`);
}

/** @param {string} file a path relative to the working folder when it is inside it */
function displayPath(file) {
	const relative = path.relative(process.cwd(), file);
	return relative && !relative.startsWith('..') ? relative : file;
}

/** @param {string} file */
function readText(file) {
	try {
		return fs.readFileSync(file, 'utf8').trim();
	} catch {
		return '';
	}
}

/** @param {number} pid */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error instanceof Error && 'code' in error && error.code === 'EPERM';
	}
}

/**
 * Returns the cached runtime, installing it first when the cache has no complete install.
 * @param {{ log?: Log, cacheRoot?: string }} [options]
 * @returns {Promise<Runtime>}
 */
async function ensureRuntime(options = {}) {
	const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
	const paths = runtimePaths(options.cacheRoot);
	const ready = readInstalled(paths);
	if (ready) return ready;

	const release = await acquireLock(paths, log);
	try {
		const installedMeanwhile = readInstalled(paths);
		if (installedMeanwhile) return installedMeanwhile;
		return await install(paths, log);
	} finally {
		release();
	}
}

/**
 * @param {RuntimePaths} paths
 * @param {Log} log
 * @returns {Promise<Runtime>}
 */
async function install(paths, log) {
	const started = Date.now();
	// Whatever is here is a half-finished install: start over.
	fs.rmSync(paths.marker, { force: true });
	fs.rmSync(paths.nodePrefix, { recursive: true, force: true });
	fs.rmSync(paths.n8nPrefix, { recursive: true, force: true });
	fs.mkdirSync(paths.nodePrefix, { recursive: true });
	fs.mkdirSync(paths.n8nPrefix, { recursive: true });
	// A package.json of its own makes each prefix its own npm project, so no .npmrc of the repo applies.
	for (const [prefix, name] of [[paths.nodePrefix, 'wecom-suite-node24'], [paths.n8nPrefix, 'wecom-suite-n8n']]) {
		fs.writeFileSync(path.join(prefix, 'package.json'), `${JSON.stringify({ name, private: true }, null, 2)}\n`);
	}
	const logFile = path.join(paths.root, 'install.log');
	fs.writeFileSync(logFile, `n8n ${N8N_VERSION} runtime install, ${new Date().toISOString()}\n`);
	log(`[n8n runtime] first run: installing Node ${NODE_MAJOR} and n8n ${N8N_VERSION} from the npm registry into ${displayPath(paths.root)} (a few minutes; log: ${logFile})`);

	const npm = npmCommand();
	const progress = progressReporter(log);
	/** @type {Record<number, number>} */
	const stepSeconds = {};
	try {
		let mark = Date.now();
		const lap = (/** @type {number} */ step) => {
			stepSeconds[step] = Math.round((Date.now() - mark) / 100) / 10;
			mark = Date.now();
		};

		progress.step(`1/4 Node ${NODE_MAJOR} (npm i node@${NODE_MAJOR})`);
		// The node package's own install script fetches its platform binary from the registry.
		await runLogged(npm.command, [...npm.prefixArgs, 'install', '--prefix', paths.nodePrefix, `node@${NODE_MAJOR}`, '--no-save', '--ignore-scripts=false', '--loglevel=error'], {
			cwd: paths.nodePrefix,
			env: cleanNpmEnv({}),
			logFile,
		});
		const located = locate(paths);
		if (!located) throw new Error(`Node ${NODE_MAJOR} did not install its platform binary; see ${logFile}`);
		lap(1);

		const nodeEnv = cleanNpmEnv({
			PATH: `${path.dirname(located.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
			npm_config_nodedir: located.nodeHeaders,
		});
		progress.step(`2/4 n8n ${N8N_VERSION} (npm i n8n@${N8N_VERSION} --ignore-scripts, ~2-3 min)`);
		await runLogged(npm.command, [...npm.prefixArgs, 'install', '--prefix', paths.n8nPrefix, `n8n@${N8N_VERSION}`, '--ignore-scripts', '--loglevel=error'], {
			cwd: paths.n8nPrefix,
			env: nodeEnv,
			logFile,
		});
		lap(2);

		progress.step('3/4 sqlite3 native module against Node 24 (source build, ~1-2 min)');
		await runLogged(npm.command, [...npm.prefixArgs, 'rebuild', '--prefix', paths.n8nPrefix, 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
			cwd: paths.n8nPrefix,
			env: nodeEnv,
			logFile,
		});
		lap(3);

		progress.step('4/4 isolated-vm native module (prebuilt)');
		await runLogged(npm.command, [...npm.prefixArgs, 'rebuild', '--prefix', paths.n8nPrefix, 'isolated-vm', '--ignore-scripts=false', '--foreground-scripts'], {
			cwd: paths.n8nPrefix,
			env: nodeEnv,
			logFile,
		});
		lap(4);

		const runtime = locate(paths);
		if (!runtime || !fs.existsSync(runtime.n8nBin)) throw new Error(`n8n did not install; see ${logFile}`);
		await runLogged(runtime.nodeBin, [runtime.n8nBin, '--version'], { cwd: paths.root, env: cleanNpmEnv({}), logFile, timeoutMs: 60000 });
		const seconds = Math.round((Date.now() - started) / 1000);
		fs.writeFileSync(
			paths.marker,
			`${JSON.stringify({ version: N8N_VERSION, node: runtime.nodeVersion, installedAt: new Date().toISOString(), seconds, stepSeconds }, null, 2)}\n`,
		);
		progress.finish(`n8n ${N8N_VERSION} on Node ${runtime.nodeVersion} installed`);
		return runtime;
	} catch (error) {
		progress.stop();
		throw error;
	}
}

module.exports = { N8N_VERSION, REPO_ROOT, packageRootFolder, runtimePaths, ensureRuntime, cleanNpmEnv, locate, runLogged };

if (require.main === module) {
	ensureRuntime().then(
		(runtime) => process.stdout.write(`${JSON.stringify(runtime, null, 2)}\n`),
		(error) => {
			process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}
