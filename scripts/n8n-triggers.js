// @ts-check
/**
 * Finds the WeCom Triggers of a running n8n for the sandbox page (sandbox/routes/ui.js), so the
 * page reaches every trigger a user builds, not only the examples':
 *
 * - every WeCom Trigger of a published workflow, on its production URL
 *   (/webhook/<webhookId>/callback, from the published version of the workflow);
 * - every WeCom Trigger of a saved workflow, on its test URL (/webhook-test/<webhookId>/callback),
 *   which answers only while the editor listens ("Execute workflow"); the page probes it.
 *
 * It reads n8n's internal REST API as the signed-in owner, and tells which execution a callback
 * started by comparing the workflow's saved executions before and after the callback.
 */
const { connectTriggerFinder } = require('../sandbox/routes/ui');
const { delay, executionRowsOf } = require('./n8n-instance');
const { SANDBOX_CALLBACK } = require('./sandbox-credentials');

const TRIGGER_TYPE = 'n8n-nodes-wecom-suite.weComTrigger';
/**
 * How long a callback may take to show up as an execution once the trigger answered 200. n8n
 * saves the execution before it answers (measured: the first look after the answer finds it), so
 * this only covers a busy machine.
 */
const EXECUTION_APPEAR_MS = 1500;
/** How long to wait for a started execution to finish before reporting it as running. */
const SETTLE_MS = 6000;
const POLL_MS = 150;

/**
 * @typedef {object} N8nApi what this module needs of scripts/n8n-instance.js's N8nInstance
 * @property {string} url
 * @property {(method: string, path: string, body?: unknown) => Promise<{ status: number, body: any, text: string }>} rest
 * @property {() => Promise<void>} [reconnect] signs in again after n8n answered 401
 *
 * @typedef {object} FoundTrigger
 * @property {string} url the callback URL (production or test)
 * @property {'production' | 'test'} mode
 * @property {string} workflowId
 * @property {string} workflowName
 * @property {string} nodeName
 * @property {string | undefined} credentialName the trigger's WeCom Callback credential
 * @property {string} editorUrl where the workflow opens in n8n's editor
 *
 * @typedef {object} StartedExecution
 * @property {string} id
 * @property {string} status n8n's execution status (new, running, success, error, waiting…)
 * @property {string} mode n8n's execution mode (webhook for production, manual for test runs)
 * @property {string} url where the execution opens in n8n's editor
 *
 * @typedef {object} TriggerFinder
 * @property {() => Promise<FoundTrigger[]>} triggers
 * @property {(workflowId: string) => Promise<string | undefined>} newestExecutionId
 * @property {(workflowId: string, afterId: string | undefined) => Promise<StartedExecution | undefined>} executionAfter
 */

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
function isRecord(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @param {string} id n8n's numeric execution IDs, as strings */
function executionOrder(id) {
	return /^\d+$/.test(id) ? Number(id) : Number.NaN;
}

/**
 * The WeCom Triggers (not disabled, with a webhook ID) among some nodes.
 * @param {unknown} nodes
 * @returns {Array<{ name: string, webhookId: string, credentialName: string | undefined }>}
 */
function weComTriggersOf(nodes) {
	if (!Array.isArray(nodes)) return [];
	return nodes
		.filter((node) => isRecord(node) && node.type === TRIGGER_TYPE && node.disabled !== true && typeof node.webhookId === 'string')
		.map((node) => {
			const credential = isRecord(node.credentials) ? node.credentials.weComCallbackApi : undefined;
			return { name: String(node.name), webhookId: node.webhookId, credentialName: isRecord(credential) ? credential.name : undefined };
		});
}

/**
 * @param {N8nApi} n8n
 * @returns {TriggerFinder}
 */
function n8nTriggerFinder(n8n) {
	/**
	 * A REST call; signs in again once when n8n forgot the session (a restart, an expired cookie).
	 * @param {string} method
	 * @param {string} urlPath
	 */
	async function rest(method, urlPath) {
		let answer = await n8n.rest(method, urlPath);
		if (answer.status === 401 && n8n.reconnect) {
			await n8n.reconnect();
			answer = await n8n.rest(method, urlPath);
		}
		if (answer.status !== 200) throw new Error(`n8n answered ${method} ${urlPath} with ${answer.status}: ${answer.text.slice(0, 200)}`);
		return answer.body?.data;
	}

	/** @returns {Promise<FoundTrigger[]>} */
	async function triggers() {
		const filter = encodeURIComponent(JSON.stringify({ nodeTypes: [TRIGGER_TYPE], isArchived: false }));
		const select = encodeURIComponent(JSON.stringify(['id', 'name', 'active', 'nodes']));
		const listed = await rest('GET', `/rest/workflows?filter=${filter}&select=${select}`);
		const workflows = Array.isArray(listed) ? listed.filter(isRecord) : [];
		/** @type {FoundTrigger[]} */
		const found = [];
		for (const workflow of workflows) {
			const id = String(workflow.id);
			const base = { workflowId: id, workflowName: String(workflow.name), editorUrl: `${n8n.url}/workflow/${id}` };
			// the production URL serves the published version, which may differ from the draft
			if (workflow.active === true) {
				const detail = await rest('GET', `/rest/workflows/${id}`);
				const published = isRecord(detail?.activeVersion) ? detail.activeVersion.nodes : detail?.nodes;
				for (const trigger of weComTriggersOf(published)) {
					found.push({ ...base, mode: 'production', nodeName: trigger.name, credentialName: trigger.credentialName, url: `${n8n.url}/webhook/${trigger.webhookId}/callback` });
				}
			}
			for (const trigger of weComTriggersOf(workflow.nodes)) {
				found.push({ ...base, mode: 'test', nodeName: trigger.name, credentialName: trigger.credentialName, url: `${n8n.url}/webhook-test/${trigger.webhookId}/callback` });
			}
		}
		return found;
	}

	/**
	 * @param {string} workflowId
	 * @returns {Promise<Array<{ id: string, status: string, mode: string }>>}
	 */
	async function executions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = await rest('GET', `/rest/executions?filter=${filter}&limit=20`);
		return executionRowsOf(data)
			.map((execution) => ({ id: String(execution.id), status: String(execution.status), mode: String(execution.mode) }))
			.sort((a, b) => executionOrder(b.id) - executionOrder(a.id));
	}

	/** @param {string} workflowId */
	async function newestExecutionId(workflowId) {
		return (await executions(workflowId))[0]?.id;
	}

	/**
	 * The first execution of a workflow newer than `afterId` (waiting briefly for it to appear and
	 * to finish), or undefined when none started: the trigger's filters held the callback back.
	 * @param {string} workflowId
	 * @param {string | undefined} afterId
	 * @returns {Promise<StartedExecution | undefined>}
	 */
	async function executionAfter(workflowId, afterId) {
		const after = afterId === undefined ? -1 : executionOrder(afterId);
		const started = Date.now();
		for (;;) {
			const first = (await executions(workflowId)).filter((execution) => executionOrder(execution.id) > after).at(-1);
			// report how it ended when it ends soon; a long or waiting run shows as running
			const settled = first !== undefined && !['new', 'running'].includes(first.status);
			if (first && (settled || Date.now() - started >= SETTLE_MS)) return { ...first, url: `${n8n.url}/workflow/${workflowId}/executions/${first.id}` };
			if (!first && Date.now() - started >= EXECUTION_APPEAR_MS) return undefined;
			await delay(POLL_MS);
		}
	}

	return { triggers, newestExecutionId, executionAfter };
}

/**
 * Lets a sandbox's page find and reach the WeCom Triggers of a running n8n (signed in as owner).
 * @param {import('../sandbox/server').WeComSandbox} sandbox
 * @param {Pick<import('./n8n-instance').N8nInstance, 'url' | 'rest' | 'signIn'>} n8n where the triggers are called (url) and listed (rest)
 * @param {import('./n8n-instance').OwnerAccount} owner signs in again when n8n forgot the session
 * @returns {TriggerFinder}
 */
function connectSandboxToN8n(sandbox, n8n, owner) {
	const finder = n8nTriggerFinder({
		get url() {
			return n8n.url;
		},
		rest: async (method, urlPath, body) => await n8n.rest(method, urlPath, body),
		reconnect: async () => await n8n.signIn(owner),
	});
	connectTriggerFinder(sandbox, finder, SANDBOX_CALLBACK);
	return finder;
}

module.exports = { n8nTriggerFinder, connectSandboxToN8n, weComTriggersOf, TRIGGER_TYPE };
