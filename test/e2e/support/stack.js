// @ts-check
/**
 * The end-to-end stack of one test file: the WeCom sandbox in the test process (so tests inject
 * faults and read what it received directly) and a real n8n 2.41.1 under Node 24 with the built
 * package installed as a community package, the sandbox credentials imported, the test's
 * workflows imported and published, and the owner signed in for the REST API.
 *
 * Adding a case for a new node: put a workflow in test/e2e/workflows/ (fixed "id", credentials by
 * the IDs in scripts/sandbox-credentials.js, a Webhook trigger with responseMode lastNode and
 * responseData allEntries to call it fast, and/or a Manual Trigger for `n8n execute`), list it in
 * the test file's startStack({ workflows }), and assert.
 *
 * This is JavaScript because it needs processes, files and timers, which n8n's lint rules forbid
 * in the TypeScript tests.
 */
const fs = require('node:fs');
const path = require('node:path');

const { startSandbox } = require('../../../sandbox/server');
const { ensureRuntime } = require('../../../scripts/n8n-runtime');
const { applyContactChange, sendFormCallback } = require('../../../sandbox/callbackSender');
const { N8nInstance, delay, needsPublishing, temporaryUserFolder } = require('../../../scripts/n8n-instance');
const { SANDBOX_CALLBACK, SANDBOX_CREDENTIALS, sandboxCredentials } = require('../../../scripts/sandbox-credentials');

const WORKFLOW_DIR = path.resolve(__dirname, '..', 'workflows');
const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', '..', 'examples');
const EXECUTION_WAIT_MS = 30000;

/** The owner account of every end-to-end instance (a throw-away, loopback-only n8n). */
const E2E_OWNER = { email: 'e2e-owner@sandbox.example', password: 'E2e-Sandbox-Passw0rd', firstName: 'E2E', lastName: 'Owner' };

/**
 * @typedef {import('../../../sandbox/server').WeComSandbox} WeComSandbox
 * @typedef {import('../../../sandbox/server').SandboxOptions} SandboxOptions
 *
 * @typedef {object} WorkflowFile
 * @property {string} id
 * @property {string} name
 * @property {Array<{ name: string, type: string, webhookId?: string, parameters?: Record<string, unknown> }>} nodes
 *
 * @typedef {object} StackOptions
 * @property {string[]} workflows file names in test/e2e/workflows/, or absolute paths
 * @property {SandboxOptions} [sandbox]
 * @property {string[]} [publish] workflow IDs to publish; default: those with a trigger other than Manual
 * @property {(sandboxUrl: string) => Array<{ id: string, name: string, type: string, data: Record<string, unknown> }>} [moreCredentials]
 *   credentials of n8n's own types to import besides the sandbox's WeCom ones (e.g. sandboxModelCredential)
 * @property {Record<string, string>} [env] n8n settings to start it with (e.g. N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE)
 *
 * @typedef {Record<string, unknown>} Json
 *
 * @typedef {object} Stack
 * @property {WeComSandbox} sandbox
 * @property {N8nInstance} n8n
 * @property {Map<string, WorkflowFile>} workflows by ID
 * @property {() => Promise<void>} close
 */

/**
 * @param {string} file
 * @returns {WorkflowFile}
 */
function readWorkflow(file) {
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
	if (typeof workflow.id !== 'string' || !Array.isArray(workflow.nodes)) throw new Error(`${file} needs an "id" and "nodes"`);
	return workflow;
}

/** @param {string} name */
function workflowPath(name) {
	return path.isAbsolute(name) ? name : path.join(WORKFLOW_DIR, name);
}

/** @returns {string[]} every example workflow file (examples/*.json) */
function exampleWorkflowFiles() {
	if (!fs.existsSync(EXAMPLES_DIR)) return [];
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => path.join(EXAMPLES_DIR, name));
}

/**
 * The close() of every stack of this test file that is starting or running. A beforeAll that
 * times out never hands its stack to the test file, so this module closes what is left after the
 * file's tests (see the afterAll below): no n8n outlives its test file.
 * @type {Set<() => Promise<void>>}
 */
const openStacks = new Set();

/** Closes every stack of this test file, including one still starting. */
async function closeStacks() {
	await Promise.all([...openStacks].map(async (close) => await close().catch(() => undefined)));
}

if (typeof afterAll === 'function') afterAll(closeStacks);

/**
 * Starts the sandbox and n8n for one test file. Always pair with close() in afterAll; a failure
 * while starting cleans up before it is thrown, and a stack closed while it is starting stops at
 * the next step (and stops n8n if it came up meanwhile).
 * @param {StackOptions} options
 * @returns {Promise<Stack>}
 */
async function startStack(options) {
	const runtime = await ensureRuntime();
	const files = options.workflows.map(workflowPath);
	/** @type {Map<string, WorkflowFile>} */
	const workflows = new Map(files.map((file) => [readWorkflow(file).id, readWorkflow(file)]));
	const sandbox = await startSandbox(options.sandbox);
	const userFolder = temporaryUserFolder();
	const n8n = new N8nInstance({ runtime, userFolder, env: options.env });
	/** @type {Promise<void> | undefined} */
	let closing;
	const close = () =>
		(closing ??= (async () => {
			try {
				await n8n.stop();
				await sandbox.close();
				if (process.env.WECOM_E2E_KEEP) process.stderr.write(`kept n8n user folder ${userFolder}\n`);
				else fs.rmSync(userFolder, { recursive: true, force: true });
			} finally {
				openStacks.delete(close);
			}
		})());
	openStacks.add(close);
	/**
	 * One step of the start-up, unless the stack was closed meanwhile.
	 * @template T
	 * @param {() => T | Promise<T>} run
	 * @returns {Promise<T>}
	 */
	const step = async (run) => {
		if (closing) throw new Error('the end-to-end stack was closed while it was starting');
		const result = await run();
		if (closing) {
			await n8n.stop();
			throw new Error('the end-to-end stack was closed while it was starting');
		}
		return result;
	};
	try {
		await step(() => n8n.installPackage());
		const credentials = [...sandboxCredentials(sandbox.url), ...(options.moreCredentials?.(sandbox.url) ?? [])];
		await step(() => n8n.importCredentials(credentials));
		await step(() => n8n.importWorkflows(files));
		await step(() => n8n.start());
		await step(() => n8n.signIn(E2E_OWNER));
		const publish = options.publish ?? [...workflows.values()].filter(needsPublishing).map((workflow) => workflow.id);
		await step(() => n8n.activate(publish));
	} catch (error) {
		await close().catch(() => undefined);
		throw error;
	}
	return { sandbox, n8n, workflows, close };
}

/**
 * The items (json and binary) a node output in a run (`n8n execute` output or a saved execution's data).
 * @param {any} runData IRun.data or IRunExecutionData
 * @param {string} nodeName
 * @returns {Array<{ json: Json, binary?: Record<string, Json> }>}
 */
function nodeItems(runData, nodeName) {
	const resultData = runData?.resultData ?? runData?.data?.resultData;
	const runs = resultData?.runData?.[nodeName];
	if (!Array.isArray(runs) || runs.length === 0) throw new Error(`node "${nodeName}" did not run`);
	const items = runs[runs.length - 1]?.data?.main?.[0];
	return Array.isArray(items) ? items : [];
}

/**
 * The JSON of the items a node output in a run.
 * @param {any} runData IRun.data or IRunExecutionData
 * @param {string} nodeName
 * @returns {Json[]}
 */
function nodeOutput(runData, nodeName) {
	return nodeItems(runData, nodeName).map((item) => item.json);
}

/**
 * The error of a run, if it failed.
 * @param {any} runData
 * @returns {{ message: string, description?: string } | undefined}
 */
function runError(runData) {
	const resultData = runData?.resultData ?? runData?.data?.resultData;
	return resultData?.error;
}

/**
 * The newest saved execution of a workflow, with its run data.
 * @param {Stack} stack
 * @param {string} workflowId
 */
async function latestExecution(stack, workflowId) {
	const [newest] = await stack.n8n.executions(workflowId);
	if (!newest) throw new Error(`no saved execution of ${workflowId}`);
	return await stack.n8n.execution(newest.id);
}

/**
 * The production callback URL of a workflow's WeCom Trigger (n8n: /webhook/<webhookId>/<path>).
 * @param {Stack} stack
 * @param {string} workflowId
 */
function triggerUrl(stack, workflowId) {
	const workflow = stack.workflows.get(workflowId);
	const trigger = workflow?.nodes.find((node) => node.type === 'n8n-nodes-wecom-suite.weComTrigger');
	if (!trigger?.webhookId) throw new Error(`workflow ${workflowId} has no WeCom Trigger with a webhookId`);
	return `${stack.n8n.url}/webhook/${trigger.webhookId}/callback`;
}

/**
 * Sends a workflow's WeCom Trigger the callback WeCom would send for a sandbox page event
 * ({ kind: 'text' | 'card' | 'contact', ... }, see sandbox/callbackSender.js), encrypted and
 * signed with the sandbox callback secrets.
 * @param {Stack} stack
 * @param {string} workflowId
 * @param {Record<string, unknown>} event
 */
async function sendCallbackTo(stack, workflowId, event) {
	applyContactChange(stack.sandbox, event);
	const target = { ...SANDBOX_CALLBACK, url: triggerUrl(stack, workflowId), name: workflowId };
	return await sendFormCallback(target, stack.sandbox, event);
}

/**
 * Waits (bounded) until n8n saved at least `count` finished executions of a workflow; triggers
 * that answer WeCom at once run their workflow after the answer.
 * @param {Stack} stack
 * @param {string} workflowId
 * @param {number} count
 */
async function waitForExecutions(stack, workflowId, count) {
	const deadline = Date.now() + EXECUTION_WAIT_MS;
	let executions = await stack.n8n.executions(workflowId);
	while (Date.now() < deadline) {
		const finished = executions.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
		if (finished.length >= count) return executions;
		await delay(200);
		executions = await stack.n8n.executions(workflowId);
	}
	throw new Error(`${workflowId}: ${executions.length} execution(s) after ${EXECUTION_WAIT_MS / 1000} s, expected ${count}`);
}

/**
 * Waits (bounded) until an execution has one of the given statuses, and returns it with its data.
 * @param {Stack} stack
 * @param {string} executionId
 * @param {string[]} statuses e.g. ['waiting'] or ['success']
 * @param {number} [timeoutMs]
 */
async function waitForStatus(stack, executionId, statuses, timeoutMs = EXECUTION_WAIT_MS) {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		const execution = await stack.n8n.execution(executionId);
		last = execution.status;
		if (statuses.includes(last)) return execution;
		await delay(300);
	}
	throw new Error(`execution ${executionId} is ${last}, expected ${statuses.join(' or ')}`);
}

/** The user agent of WeCom's in-app browser on a desktop, as a card's link button opens it. */
const WECOM_BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 wxwork/4.1.20';

/**
 * Opens a card's link button the way a person does in WeCom: a GET from its browser.
 * @param {string} url
 */
async function openInBrowser(url) {
	return await fetch(url, { headers: { 'user-agent': WECOM_BROWSER } });
}

/**
 * The access token n8n keeps in its credential store for a weComApi credential.
 * @param {Stack} stack
 * @param {string} [credentialId] default: the app-secret credential
 * @returns {Promise<string>}
 */
async function persistedAccessToken(stack, credentialId = SANDBOX_CREDENTIALS.app.id) {
	const credential = await stack.n8n.exportCredential(credentialId);
	return typeof credential.data.accessToken === 'string' ? credential.data.accessToken : '';
}

module.exports = {
	E2E_OWNER,
	SANDBOX_CREDENTIALS,
	startStack,
	closeStacks,
	nodeItems,
	nodeOutput,
	runError,
	latestExecution,
	persistedAccessToken,
	triggerUrl,
	sendCallbackTo,
	waitForExecutions,
	waitForStatus,
	openInBrowser,
	WECOM_BROWSER,
	exampleWorkflowFiles,
	needsPublishing,
	readWorkflow,
};
