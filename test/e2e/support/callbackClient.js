// @ts-check
/**
 * What the WeCom Trigger tests need beyond sandbox/callbacks.js and stack.js: sending a callback
 * exactly as built (the same bytes again, as WeCom retries, or with parts swapped, as a forger
 * would), and counting executions once they have settled.
 *
 * JavaScript because it needs fetch-level control and timers, which n8n's lint rules forbid in
 * the TypeScript tests.
 */
const { queryString } = require('../../../sandbox/callbacks');
const { delay } = require('../../../scripts/n8n-instance');

/** How long the execution list must stay unchanged before it counts as settled. */
const QUIET_MS = 1500;
const SETTLE_WAIT_MS = 30000;

/**
 * @typedef {import('./stack').Stack} Stack
 * @typedef {{ status: number, body: string, contentType: string | null }} CallbackAnswer
 * @typedef {{ query: Record<string, string>, body: string, contentType: string }} BuiltCallback
 */

/** @param {string} url @param {Record<string, string>} query */
function withQuery(url, query) {
	const search = queryString(query);
	if (search === '') return url;
	return `${url}${url.includes('?') ? '&' : '?'}${search}`;
}

/**
 * POSTs a callback as built (see buildCallback in sandbox/callbacks.js), byte for byte.
 * @param {string} url
 * @param {BuiltCallback} callback
 * @returns {Promise<CallbackAnswer>}
 */
async function deliverCallback(url, callback) {
	const response = await fetch(withQuery(url, callback.query), {
		method: 'POST',
		headers: { 'content-type': callback.contentType },
		body: callback.body,
	});
	return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
}

/**
 * WeCom's URL check (GET) with a given query, e.g. one signed with the wrong token.
 * @param {string} url
 * @param {Record<string, string>} query
 * @returns {Promise<CallbackAnswer>}
 */
async function requestUrlCheck(url, query) {
	const response = await fetch(withQuery(url, query));
	return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
}

/**
 * The text of one element of a small WeCom XML message (CDATA or plain), or undefined.
 * @param {string} xml
 * @param {string} name
 */
function xmlField(xml, name) {
	const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
	return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * The executions of a workflow once at least `count` have finished and the list has not changed
 * for a quiet period, newest first. A trigger answers WeCom before n8n saves the execution, so a
 * callback that wrongly started a run shows up only a moment after its answer; waiting for
 * the list to settle lets tests assert "exactly N" and "none".
 * @param {Stack} stack
 * @param {string} workflowId
 * @param {number} count
 */
async function settledExecutions(stack, workflowId, count) {
	const deadline = Date.now() + SETTLE_WAIT_MS;
	/** @param {Array<{ status: string }>} list */
	const finished = (list) => list.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status)).length;
	let executions = await stack.n8n.executions(workflowId);
	let stableSince = Date.now();
	while (Date.now() < deadline) {
		await delay(200);
		const next = await stack.n8n.executions(workflowId);
		const changed = JSON.stringify(next.map((execution) => [execution.id, execution.status])) !== JSON.stringify(executions.map((execution) => [execution.id, execution.status]));
		executions = next;
		if (changed) stableSince = Date.now();
		else if (finished(executions) >= count && Date.now() - stableSince >= QUIET_MS) return executions;
	}
	throw new Error(`${workflowId}: ${executions.length} execution(s) (${finished(executions)} finished) after ${SETTLE_WAIT_MS / 1000} s, expected ${count}`);
}

module.exports = { deliverCallback, requestUrlCheck, xmlField, settledExecutions };
