// @ts-check
/**
 * n8n's queue mode on one machine, as companies run it across hosts: Redis and PostgreSQL
 * (./queue-services.js), then n8n 2.41.1 (./n8n-runtime.js) as one main process (editor, REST API,
 * triggers), workers (`n8n worker`, they run the executions) and webhook processes
 * (`n8n webhook`, they take the production webhook calls). Every n8n process has its own user
 * folder, as it would on its own host, with this package installed as a community package; they
 * share the encryption key, the database and the queue. The WeCom sandbox runs in this process.
 *
 * Used by the queue-mode suite (test/queue), `npm run start:queue` (scripts/start-queue.js) and
 * the bench. Everything is stopped by PID in close(), newest first.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startSandbox } = require('../sandbox/server');
const { ensureRuntime } = require('./n8n-runtime');
const { N8nInstance, freePort, needsPublishing } = require('./n8n-instance');
const { startQueueServices } = require('./queue-services');
const { sandboxCredentials } = require('./sandbox-credentials');

/** n8n's own limit for a graceful shutdown (N8N_GRACEFUL_SHUTDOWN_TIMEOUT, seconds). */
const N8N_SHUTDOWN_LIMIT_S = 30;
/** stop() waits past n8n's limit, so a shutdown that uses all of it is measured, not cut short. */
const STOP_TIMEOUT_MS = (N8N_SHUTDOWN_LIMIT_S + 15) * 1000;
const DEFAULT_WORKER_CONCURRENCY = 10;

/**
 * @typedef {import('../sandbox/server').WeComSandbox} WeComSandbox
 * @typedef {import('../sandbox/server').SandboxOptions} SandboxOptions
 * @typedef {import('./queue-services').QueueServices} QueueServices
 * @typedef {import('./n8n-instance').OwnerAccount} OwnerAccount
 *
 * @typedef {object} QueueStackOptions
 * @property {string[]} workflows workflow files to import (each with a fixed "id")
 * @property {string[]} [publish] IDs to publish; default: those with a trigger other than Manual
 * @property {OwnerAccount} owner the account the main process is set up with
 * @property {number} [mainPort] the main process's port (editor and REST API); a free one by default
 * @property {number} [workers] default 2
 * @property {number} [webhooks] webhook processes, default 2
 * @property {number} [workerConcurrency] executions per worker at once (n8n's default, 10)
 * @property {Record<string, string>} [env] extra environment for every n8n process
 * @property {Array<Record<string, string>>} [webhookEnv] extra environment per webhook process (by index)
 * @property {SandboxOptions} [sandbox]
 * @property {string} [encryptionKey]
 * @property {string} [folder] where all data and logs go; a fresh temporary folder by default
 * @property {(line: string) => void} [log]
 *
 * @typedef {object} QueueStack
 * @property {WeComSandbox} sandbox
 * @property {QueueServices} services
 * @property {N8nInstance} main
 * @property {N8nInstance[]} workers
 * @property {N8nInstance[]} webhooks
 * @property {string} folder
 * @property {string} publicUrl the address every process puts in the links it builds (N8N_WEBHOOK_URL): webhook process 1, as a load balancer in front of the webhook processes would be
 * @property {(count: number) => Promise<N8nInstance[]>} addWorkers starts more workers
 * @property {(instance: N8nInstance) => Promise<{ ms: number, killed: boolean }>} stopProcess stops one n8n process of the stack
 * @property {() => Promise<void>} close
 */

/**
 * Starts the whole stack. On a failure everything started so far is stopped before the error is
 * thrown; close() stops the rest and removes the folder (kept when WECOM_QUEUE_KEEP is set).
 * @param {QueueStackOptions} options
 * @returns {Promise<QueueStack>}
 */
async function startQueueStack(options) {
	const log = options.log ?? (() => undefined);
	const runtime = await ensureRuntime({ log });
	const folder = options.folder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-n8n-queue-'));
	fs.mkdirSync(folder, { recursive: true });
	const encryptionKey = options.encryptionKey ?? 'wecom-suite-queue-encryption-key';
	/** @type {Array<() => Promise<unknown>>} newest last */
	const stoppers = [];
	/** @type {N8nInstance[]} */
	const processes = [];
	let closed = false;
	const close = async () => {
		if (closed) return;
		closed = true;
		// n8n processes first (webhooks, workers, then main), in parallel; then the services.
		const byRole = (/** @type {string} */ role) => processes.filter((instance) => instance.command === role);
		for (const role of ['webhook', 'worker', 'start']) await Promise.all(byRole(role).map((instance) => instance.stop().catch(() => undefined)));
		for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
		if (process.env.WECOM_QUEUE_KEEP) log(`[queue] kept ${folder}`);
		else fs.rmSync(folder, { recursive: true, force: true });
	};

	try {
		log('[queue] Redis and PostgreSQL…');
		const services = await startQueueServices(path.join(folder, 'services'));
		stoppers.push(() => services.stop());
		const sandbox = await startSandbox(options.sandbox);
		stoppers.push(() => sandbox.close());

		// Every process builds the same links (Send and Wait's resume URL on a worker, the trigger's
		// own URL in a webhook process): the public address, here webhook process 1's port (main's
		// when there is none).
		const webhookCount = options.webhooks ?? 2;
		const publicPort = webhookCount > 0 ? await freePort() : (options.mainPort ?? (await freePort()));
		const publicUrl = `http://127.0.0.1:${publicPort}`;

		/**
		 * @param {string} name
		 * @param {'start' | 'worker' | 'webhook'} command
		 * @param {string[]} args
		 * @param {Record<string, string>} [env]
		 * @param {number} [port]
		 */
		const instance = (name, command, args, env = {}, port = undefined) => {
			const created = new N8nInstance({
				runtime,
				port,
				userFolder: path.join(folder, name),
				encryptionKey,
				command,
				args,
				stopTimeoutMs: STOP_TIMEOUT_MS,
				env: {
					...services.n8nEnv,
					N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(N8N_SHUTDOWN_LIMIT_S),
					N8N_WEBHOOK_URL: `${publicUrl}/`,
					...options.env,
					...env,
				},
			});
			created.installPackage();
			processes.push(created);
			return created;
		};
		const concurrency = `--concurrency=${options.workerConcurrency ?? DEFAULT_WORKER_CONCURRENCY}`;
		let workerCount = 0;
		/** @type {N8nInstance[]} */
		const workers = [];
		/** @param {number} count */
		const addWorkers = async (count) => {
			const added = Array.from({ length: count }, () => instance(`worker-${++workerCount}`, 'worker', [concurrency]));
			await Promise.all(added.map((worker) => worker.start()));
			workers.push(...added);
			return added;
		};
		const main = instance('main', 'start', [], {}, webhookCount > 0 ? options.mainPort : publicPort);
		log('[queue] n8n main: database, credentials, workflows…');
		const files = options.workflows;
		const workflows = files.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')));
		await main.importCredentials(sandboxCredentials(sandbox.url));
		await main.importWorkflows(files);

		// All at once: webhook processes look each webhook up in the database per request (a miss is
		// not cached), so they may start before main publishes the workflows.
		log(`[queue] main, ${options.workers ?? 2} workers and ${webhookCount} webhook processes…`);
		const webhooks = Array.from({ length: webhookCount }, (_, index) => instance(`webhook-${index + 1}`, 'webhook', [], options.webhookEnv?.[index], index === 0 ? publicPort : undefined));
		const others = Promise.all([addWorkers(options.workers ?? 2), ...webhooks.map((webhook) => webhook.start())]);
		// handled here so a failure while main still starts is not an unhandled rejection; awaited below
		others.catch(() => undefined);
		try {
			await main.start();
			await main.signIn(options.owner);
			await main.activate(options.publish ?? workflows.filter(needsPublishing).map((workflow) => workflow.id));
		} finally {
			// the others are stopped by close() on a failure, once they are up or gave up
			await others;
		}

		return {
			sandbox,
			services,
			main,
			workers,
			webhooks,
			folder,
			publicUrl,
			addWorkers,
			async stopProcess(target) {
				const result = await target.stop();
				const index = workers.indexOf(target);
				if (index !== -1) workers.splice(index, 1);
				return result;
			},
			close,
		};
	} catch (error) {
		await close();
		throw error;
	}
}

module.exports = { startQueueStack, N8N_SHUTDOWN_LIMIT_S };
