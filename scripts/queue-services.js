// @ts-check
/**
 * The two services n8n's queue mode needs besides n8n itself, from Debian's packages: Redis (the
 * job queue) and PostgreSQL (the database every n8n process shares). Each runs on 127.0.0.1 on a
 * free port, keeps its data in a private folder under one temporary folder, and is stopped by its
 * PID. Nothing is downloaded: when a binary is missing, the error names the apt-get command
 * (.ci/run installs them that way).
 *
 * PostgreSQL refuses to run as root; as root the cluster is created and run as Debian's
 * `postgres` user (its data folder is handed to that user).
 *
 * Used by the queue-mode suite (test/queue), `npm run start:queue` and the bench.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { delay, freePort } = require('./n8n-instance');
const { runLogged } = require('./n8n-runtime');

const REDIS_BIN = process.env.WECOM_REDIS_SERVER || 'redis-server';
const POSTGRES_BIN_DIR = process.env.WECOM_POSTGRES_BIN_DIR || debianPostgresBinDir();
const START_TIMEOUT_MS = 60000;
const STOP_TIMEOUT_MS = 15000;
/** The cluster's superuser and the database n8n uses (a private cluster: no other user). */
const POSTGRES_USER = 'postgres';
const POSTGRES_DATABASE = 'n8n';

/**
 * @typedef {object} Service
 * @property {string} name
 * @property {number} port
 * @property {number} pid
 * @property {() => Promise<number>} stop SIGTERM/SIGINT by PID, SIGKILL after a bound; resolves to the milliseconds it took
 *
 * @typedef {object} QueueServices
 * @property {Service} redis
 * @property {Service} postgres
 * @property {Record<string, string>} n8nEnv the environment every n8n process of the stack needs
 * @property {string} folder the temporary folder holding both data folders and logs
 * @property {() => Promise<void>} stop
 */

/** The newest Debian PostgreSQL's bin folder (/usr/lib/postgresql/<major>/bin), or 15's when none is installed. */
function debianPostgresBinDir() {
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter((name) => /^\d+$/.test(name) && fs.existsSync(path.join(root, name, 'bin', 'postgres')))
				.map(Number)
				.sort((a, b) => b - a)
		: [];
	return path.join(root, String(majors[0] ?? 15), 'bin');
}

/** @param {string} command */
function onPath(command) {
	try {
		execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** Fails early, and says how to install, when Redis or PostgreSQL is missing. */
function assertServicesInstalled() {
	const missing = [];
	if (!(REDIS_BIN.includes('/') ? fs.existsSync(REDIS_BIN) : onPath(REDIS_BIN))) missing.push('redis-server');
	if (!fs.existsSync(path.join(POSTGRES_BIN_DIR, 'postgres'))) missing.push('postgresql');
	if (missing.length > 0) {
		throw new Error(
			`Queue mode needs Debian's ${missing.join(' and ')}: run  apt-get install -y ${missing.join(' ')}  (or set WECOM_REDIS_SERVER / WECOM_POSTGRES_BIN_DIR)`,
		);
	}
}

/** @returns {{ uid: number, gid: number } | undefined} Debian's postgres user, when this process is root */
function postgresAccount() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith(`${POSTGRES_USER}:`));
	if (!line) throw new Error('Running as root, PostgreSQL needs the "postgres" user that Debian\'s postgresql package creates');
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/**
 * The postgres user must reach its folders: every folder from the temporary folder down to
 * `folder` gets search (x) permission for others, nothing more (no listing, no reading).
 * @param {string} folder
 */
function allowTraversal(folder) {
	const top = path.resolve(os.tmpdir());
	for (let dir = path.resolve(folder); dir.startsWith(`${top}${path.sep}`); dir = path.dirname(dir)) {
		const mode = fs.statSync(dir).mode & 0o777;
		if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o011);
	}
}

/**
 * A long-running server in its own process group, its output in a log file; stop() ends it by
 * PID with `signal`, then SIGKILL after STOP_TIMEOUT_MS.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ port: number, logFile: string, signal: NodeJS.Signals, account?: { uid: number, gid: number }, cwd: string }} options
 * @returns {{ service: Service, exited: Promise<void>, alive: () => boolean }}
 */
function startServer(name, command, args, options) {
	const out = fs.openSync(options.logFile, 'a');
	const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', out, out], detached: true, ...options.account });
	fs.closeSync(out);
	let running = true;
	const exited = new Promise((resolve) => {
		child.once('exit', () => {
			running = false;
			resolve(undefined);
		});
		child.once('error', () => {
			running = false;
			resolve(undefined);
		});
	});
	const killOnExit = () => {
		if (running && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
	};
	process.once('exit', killOnExit);
	if (child.pid === undefined) throw new Error(`${name} did not start (${command})`);
	const pid = child.pid;
	const stop = async () => {
		const started = Date.now();
		if (running) {
			process.kill(pid, options.signal);
			/** @type {NodeJS.Timeout | undefined} */
			let timer;
			const timedOut = await Promise.race([
				exited.then(() => false),
				new Promise((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS))),
			]);
			clearTimeout(timer);
			if (timedOut && running) {
				process.kill(pid, 'SIGKILL');
				await exited;
			}
		}
		process.removeListener('exit', killOnExit);
		return Date.now() - started;
	};
	return { service: { name, port: options.port, pid, stop }, exited, alive: () => running };
}

/**
 * Waits until `probe` says yes, while the server is alive; bounded.
 * @param {string} name
 * @param {() => Promise<boolean>} probe
 * @param {() => boolean} alive
 * @param {string} logFile
 */
async function waitUntilReady(name, probe, alive, logFile) {
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (!alive()) throw new Error(`${name} exited while starting:\n${tail(logFile)}`);
		if (await probe()) return;
		await delay(100);
	}
	throw new Error(`${name} was not ready within ${START_TIMEOUT_MS / 1000} s:\n${tail(logFile)}`);
}

/** @param {string} file */
function tail(file) {
	try {
		return fs.readFileSync(file, 'utf8').slice(-2000);
	} catch {
		return '';
	}
}

/**
 * One Redis PING over a fresh connection.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (/** @type {boolean} */ ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/**
 * Redis on 127.0.0.1, no persistence, its folder under `folder`.
 * @param {string} folder
 * @returns {Promise<Service>}
 */
async function startRedis(folder) {
	const dir = path.join(folder, 'redis');
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const logFile = path.join(folder, 'redis.log');
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes'];
	const server = startServer('redis', REDIS_BIN, args, { port, logFile, signal: 'SIGTERM', cwd: dir });
	try {
		await waitUntilReady('redis-server', () => redisPing(port), server.alive, logFile);
	} catch (error) {
		await server.service.stop();
		throw error;
	}
	return server.service;
}

/**
 * A private PostgreSQL cluster on 127.0.0.1 (trust authentication on loopback only, no fsync: a
 * throw-away test database), with an empty database for n8n.
 * @param {string} folder
 * @returns {Promise<Service>}
 */
async function startPostgres(folder) {
	const account = postgresAccount();
	const dataDir = path.join(folder, 'postgres');
	const socketDir = path.join(folder, 'postgres-socket');
	const logFile = path.join(folder, 'postgres.log');
	for (const dir of [dataDir, socketDir]) {
		fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
		if (account) fs.chownSync(dir, account.uid, account.gid);
	}
	fs.writeFileSync(logFile, '');
	if (account) {
		fs.chownSync(logFile, account.uid, account.gid);
		allowTraversal(folder);
	}
	const bin = (/** @type {string} */ name) => path.join(POSTGRES_BIN_DIR, name);
	await runLogged(bin('initdb'), ['-D', dataDir, '-U', POSTGRES_USER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], { cwd: folder, env: process.env, account, logFile, timeoutMs: START_TIMEOUT_MS });
	const port = await freePort();
	const args = [
		'-D', dataDir,
		'-p', String(port),
		'-k', socketDir,
		'-c', 'listen_addresses=127.0.0.1',
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
		'-c', 'max_connections=200',
	];
	// SIGINT is PostgreSQL's "fast" shutdown: ends sessions, then exits cleanly.
	const server = startServer('postgres', bin('postgres'), args, { port, logFile, signal: 'SIGINT', account, cwd: dataDir });
	const client = ['-h', '127.0.0.1', '-p', String(port), '-U', POSTGRES_USER];
	try {
		const probe = async () => {
			try {
				await runLogged(bin('pg_isready'), [...client, '-q'], { cwd: folder, env: process.env, logFile: path.join(folder, 'pg_isready.log'), timeoutMs: 5000 });
				return true;
			} catch {
				return false;
			}
		};
		await waitUntilReady('postgres', probe, server.alive, logFile);
		await runLogged(bin('createdb'), [...client, POSTGRES_DATABASE], { cwd: folder, env: process.env, logFile, timeoutMs: START_TIMEOUT_MS });
	} catch (error) {
		await server.service.stop();
		throw error;
	}
	return server.service;
}

/**
 * Starts Redis and PostgreSQL side by side under `folder`.
 * @param {string} folder
 * @returns {Promise<QueueServices>}
 */
async function startQueueServices(folder) {
	assertServicesInstalled();
	fs.mkdirSync(folder, { recursive: true });
	const [redis, postgres] = await Promise.allSettled([startRedis(folder), startPostgres(folder)]);
	if (redis.status === 'rejected' || postgres.status === 'rejected') {
		if (redis.status === 'fulfilled') await redis.value.stop();
		if (postgres.status === 'fulfilled') await postgres.value.stop();
		throw redis.status === 'rejected' ? redis.reason : postgres.status === 'rejected' ? postgres.reason : new Error('unreachable');
	}
	const n8nEnv = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.value.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.value.port),
		DB_POSTGRESDB_USER: POSTGRES_USER,
		DB_POSTGRESDB_PASSWORD: '',
		DB_POSTGRESDB_DATABASE: POSTGRES_DATABASE,
	};
	return {
		redis: redis.value,
		postgres: postgres.value,
		n8nEnv,
		folder,
		async stop() {
			await Promise.all([redis.value.stop(), postgres.value.stop()]);
		},
	};
}

module.exports = { startQueueServices, assertServicesInstalled };
