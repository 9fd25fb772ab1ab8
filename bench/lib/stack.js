// @ts-check
/**
 * The bench's real n8n, built like the end-to-end stack (test/e2e/support/stack.js) from the
 * same parts: the WeCom sandbox in this process, n8n 2.41.1 under Node 24 (scripts/n8n-runtime.js)
 * with the built package installed as a community package, the sandbox credentials imported and
 * the bench's workflows published (scripts/n8n-instance.js). One difference: n8n keeps its own
 * default SQLite pool size here (the end-to-end instance pins 1), because the bench measures n8n
 * as users run it. Plus the few reads the bench needs from n8n: a webhook call timed, the saved
 * execution of that call, and how many executions a workflow has.
 */
const fs = require('node:fs');
const path = require('node:path');

const { startSandbox } = require('../../sandbox/server');
const { ensureRuntime } = require('../../scripts/n8n-runtime');
const { N8nInstance, delay, freePort, temporaryUserFolder } = require('../../scripts/n8n-instance');
const { sandboxCredentials } = require('../../scripts/sandbox-credentials');
const { E2E_OWNER, needsPublishing } = require('../../test/e2e/support/stack');

const OUT_DIR = path.resolve(__dirname, '..', 'out');
const EXECUTION_WAIT_MS = 60000;
/** n8n 2.41's default DB_SQLITE_POOL_SIZE (@n8n/config SqliteConfig). */
const N8N_DEFAULT_SQLITE_POOL_SIZE = '3';

/**
 * @typedef {import('../../test/e2e/support/stack').Stack} Stack
 * @typedef {import('./workflows').Workflow} Workflow
 * @typedef {import('../../sandbox/server').SandboxOptions} SandboxOptions
 *
 * @typedef {object} SavedExecution
 * @property {string} id
 * @property {string} status
 * @property {any} data n8n's IRunExecutionData
 *
 * @typedef {object} NodeRun
 * @property {number} executionTime milliseconds, as n8n measured the node
 * @property {Array<Record<string, unknown>>} items the node's first output
 * @property {unknown} error
 */

/**
 * Starts sandbox and n8n with the given workflows. `build` receives the sandbox URL (known
 * before the sandbox starts, so HTTP Request nodes can point at it) and returns the workflows.
 * @param {{ sandbox: SandboxOptions, build: (sandboxUrl: string) => Workflow[], env?: Record<string, string> }} options
 * @returns {Promise<Stack>}
 */
async function startBenchStack(options) {
	const runtime = await ensureRuntime();
	const port = await freePort();
	const workflows = options.build(`http://127.0.0.1:${port}`);
	const folder = path.join(OUT_DIR, 'workflows');
	fs.rmSync(folder, { recursive: true, force: true });
	fs.mkdirSync(folder, { recursive: true });
	const files = workflows.map((workflow) => {
		const file = path.join(folder, `${workflow.id}.json`);
		fs.writeFileSync(file, `${JSON.stringify(workflow, null, '\t')}\n`);
		return file;
	});
	const sandbox = await startSandbox({ ...options.sandbox, port });
	const userFolder = temporaryUserFolder('wecom-n8n-bench-');
	const n8n = new N8nInstance({ runtime, userFolder, env: { DB_SQLITE_POOL_SIZE: N8N_DEFAULT_SQLITE_POOL_SIZE, ...options.env } });
	const close = async () => {
		await n8n.stop();
		await sandbox.close();
		fs.rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		n8n.installPackage();
		await n8n.importCredentials(sandboxCredentials(sandbox.url));
		await n8n.importWorkflows(files);
		await n8n.start();
		await n8n.signIn(E2E_OWNER);
		await n8n.activate(workflows.filter((workflow) => needsPublishing(workflow)).map((workflow) => workflow.id));
	} catch (error) {
		await close().catch(() => undefined);
		throw error;
	}
	return { sandbox, n8n, workflows: new Map(workflows.map((workflow) => [workflow.id, workflow])), close };
}

/**
 * POSTs to a production webhook and measures the round trip.
 * @param {Stack} stack
 * @param {string} webhookPath
 * @param {unknown} body
 * @returns {Promise<{ status: number, json: any, text: string, ms: number }>}
 */
async function callWebhook(stack, webhookPath, body) {
	const started = performance.now();
	const answer = await stack.n8n.webhook(webhookPath, { body });
	return { ...answer, ms: performance.now() - started };
}

/**
 * How many executions n8n saved for a workflow (any status).
 * @param {Stack} stack
 * @param {string} workflowId
 * @returns {Promise<number>}
 */
async function executionCount(stack, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const answer = await stack.n8n.rest('GET', `/rest/executions?filter=${filter}&limit=1`);
	const count = answer.body?.data?.count;
	if (answer.status !== 200 || typeof count !== 'number') {
		throw new Error(`GET /rest/executions: ${answer.status} ${answer.text.slice(0, 300)}`);
	}
	if (answer.body?.data?.estimated === true) throw new Error('n8n only estimated the execution count');
	return count;
}

/**
 * The executions of a workflow still new, running or waiting.
 * @param {Stack} stack
 * @param {string} workflowId
 */
async function unfinishedCount(stack, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId, status: ['new', 'running', 'waiting'] }));
	const answer = await stack.n8n.rest('GET', `/rest/executions?filter=${filter}&limit=1`);
	const count = answer.body?.data?.count;
	if (answer.status !== 200 || typeof count !== 'number') {
		throw new Error(`GET /rest/executions: ${answer.status} ${answer.text.slice(0, 300)}`);
	}
	return count;
}

/**
 * The newest saved execution of a workflow whose ID is not in `seen`, once it has finished
 * (n8n may answer the webhook a moment before the execution is saved).
 * @param {Stack} stack
 * @param {string} workflowId
 * @param {Set<string>} seen IDs already read; the new one is added
 * @returns {Promise<SavedExecution>}
 */
async function nextExecution(stack, workflowId, seen) {
	const deadline = Date.now() + EXECUTION_WAIT_MS;
	while (Date.now() < deadline) {
		const listed = await stack.n8n.executions(workflowId).catch((/** @type {unknown} */ error) => {
			// A loaded n8n answers 503 "Database is not ready!" now and then: ask again.
			if (error instanceof Error && / 503 /.test(error.message)) return undefined;
			throw error;
		});
		if (!listed) {
			await delay(200);
			continue;
		}
		const fresh = listed.find((execution) => !seen.has(String(execution.id)));
		if (fresh && !['new', 'running', 'waiting'].includes(fresh.status)) {
			seen.add(String(fresh.id));
			return await stack.n8n.execution(String(fresh.id));
		}
		await delay(50);
	}
	throw new Error(`no new finished execution of ${workflowId} within ${EXECUTION_WAIT_MS / 1000} s`);
}

/**
 * A node's run in a saved execution.
 * @param {SavedExecution} execution
 * @param {string} nodeName
 * @returns {NodeRun}
 */
function nodeRun(execution, nodeName) {
	const runs = execution.data?.resultData?.runData?.[nodeName];
	const run = Array.isArray(runs) ? runs[runs.length - 1] : undefined;
	if (!run) {
		const error = execution.data?.resultData?.error;
		throw new Error(`node "${nodeName}" did not run in execution ${execution.id}${error ? `: ${error.message}` : ''}`);
	}
	const items = run.data?.main?.[0];
	return {
		executionTime: Number(run.executionTime),
		items: Array.isArray(items) ? items.map((/** @type {{ json: Record<string, unknown> }} */ item) => item.json) : [],
		error: run.error,
	};
}

module.exports = { OUT_DIR, startBenchStack, callWebhook, executionCount, unfinishedCount, nextExecution, nodeRun };
