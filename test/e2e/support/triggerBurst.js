// @ts-check
/**
 * A burst of distinct WeCom text messages for a published WeCom Trigger whose workflow replies
 * to each message with its MsgId (bench/lib/workflows.js triggerWorkflow), and the two ways to
 * see which of them ran: the replies the sandbox received, and the trigger output of the
 * executions n8n saved. Shared by the end-to-end load and restart tests and bench section 4.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { triggerWorkflow } = require('../../../bench/lib/workflows');
const { messageXml } = require('../../../sandbox/callbacks');
const { SANDBOX_CORP } = require('../../../sandbox/server');
const { delay, executionRowsOf } = require('../../../scripts/n8n-instance');
const { startBusyLoad } = require('./busyLoad');
const { deliverAsWeCom, summarize } = require('./wecomDelivery');
const { LAZY_EXPRESSION_ISOLATES } = require('../../../scripts/n8n-settings');

const TRIGGER_NODE = 'WeCom Trigger';

/**
 * The n8n settings a trigger burst is measured under (bench figure 4, the load test), each in an
 * n8n of its own: n8n's default, under which every callback to a trigger other than n8n's own
 * Webhook node takes an expression isolate before n8n reads its body
 * (LiveWebhooks.webhookPhaseNeedsIsolate), and lazy isolates, under which n8n takes one only for
 * an expression that needs it (the WeCom Trigger, version 2, needs none). Both are set
 * explicitly, so a value in the caller's environment does not change what is measured.
 * @type {Array<{ key: string, label: string, env: Record<string, string> }>}
 */
const N8N_SETTINGS = [
	{ key: 'defaults', label: "n8n's defaults", env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'false' } },
	{ key: 'lazy', label: 'lazy isolates', env: { ...LAZY_EXPRESSION_ISOLATES } },
];

/**
 * @typedef {import('./stack').Stack} Stack
 * @typedef {import('../../../sandbox/server').WeComSandbox} WeComSandbox
 * @typedef {import('./wecomDelivery').Callback} Callback
 * @typedef {import('./wecomDelivery').CallbackApp} CallbackApp
 * @typedef {import('./wecomDelivery').DeliveryRecord} DeliveryRecord
 *
 * @typedef {object} BurstPlan
 * @property {WeComSandbox} sandbox receives the workflow's replies
 * @property {string} url the callback URL
 * @property {CallbackApp} app the secrets WeCom encrypts and signs with
 * @property {Callback[]} callbacks
 * @property {number} concurrency deliveries in flight at most
 * @property {number} busy busy processes while delivering (test/e2e/support/busyLoad.js); 0 for none
 * @property {number} loadMaxMs the busy processes stop by themselves after this long
 * @property {{ timeoutMs: number, quietMs: number }} settle how long to wait for the replies (settleReplies)
 * @property {(callback: Callback) => Record<string, string>} [extraQuery] e.g. the MsgId for a plain Webhook node
 * @property {() => Promise<void>} [beforeDelivery] runs after the reply log is marked, before the load starts
 *
 * @typedef {object} BurstOutcome
 * @property {DeliveryRecord[]} records every delivery and its attempts
 * @property {ReturnType<typeof summarize>} summary
 * @property {number} deliveredMs from the first delivery until the last answer
 * @property {string[]} replies the wanted MsgIds replied with, once per run
 * @property {string[]} neverRan wanted MsgIds without a run
 * @property {number} duplicates runs beyond the first of a callback
 */

/**
 * Writes the burst workflow (a WeCom Trigger replying to each text message with its MsgId) to a
 * temporary file for startStack().
 * @param {string} workflowId 16 characters
 * @returns {string} the file's path
 */
function burstWorkflowFile(workflowId) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-burst-workflow-'));
	const file = path.join(folder, `${workflowId}.json`);
	fs.writeFileSync(file, JSON.stringify(triggerWorkflow(workflowId)));
	return file;
}

/**
 * The decrypted XML of a member's text message as WeCom sends it, MsgId `msgId`; `index` varies
 * its size, as real messages vary.
 * @param {string} msgId
 * @param {number} index
 * @returns {string}
 */
function burstMessage(msgId, index) {
	const content = `Burst message ${index}: ${'请审批这份报告 please review. '.repeat(1 + (index % 7) * 3)}`;
	return messageXml({
		ToUserName: SANDBOX_CORP.corpId,
		FromUserName: 'lisi',
		CreateTime: Math.floor(Date.now() / 1000),
		MsgType: 'text',
		Content: content,
		MsgId: msgId,
		AgentID: SANDBOX_CORP.agentId,
	});
}

/**
 * `count` distinct text messages, MsgIds `<tag><index>`, of mixed sizes as real messages are.
 * @param {string} tag
 * @param {number} count
 * @returns {Callback[]}
 */
function burstCallbacks(tag, count) {
	return Array.from({ length: count }, (_, index) => {
		const msgId = `${tag}${String(index).padStart(5, '0')}`;
		return { msgId, plaintext: burstMessage(msgId, index) };
	});
}

/**
 * The MsgIds the workflows replied with since `from` (one reply per execution).
 * @param {WeComSandbox} sandbox
 * @param {number} from index into the sandbox's request log
 * @returns {string[]}
 */
function repliedMsgIds(sandbox, from) {
	return sandbox.requests
		.slice(from)
		.filter((request) => request.path === '/cgi-bin/message/send')
		.map((request) => {
			const body = request.body;
			if (typeof body !== 'object' || body === null || !('text' in body)) return '';
			const text = body.text;
			return typeof text === 'object' && text !== null && 'content' in text ? String(text.content) : '';
		});
}

/**
 * Waits (bounded) until every wanted MsgId has a reply and `quietMs` pass without a new one, so
 * that late duplicates are seen too.
 * @param {WeComSandbox} sandbox
 * @param {number} from
 * @param {Set<string>} wanted
 * @param {{ timeoutMs: number, quietMs: number }} wait
 */
async function settleReplies(sandbox, from, wanted, wait) {
	const deadline = Date.now() + wait.timeoutMs;
	let count = -1;
	let quietSince = Date.now();
	for (;;) {
		const replies = repliedMsgIds(sandbox, from);
		if (replies.length !== count) {
			count = replies.length;
			quietSince = Date.now();
		}
		const all = [...wanted].every((msgId) => replies.includes(msgId));
		if ((all && Date.now() - quietSince >= wait.quietMs) || Date.now() > deadline) return replies.filter((msgId) => wanted.has(msgId));
		await delay(200);
	}
}

/**
 * One burst: the callbacks delivered the way WeCom delivers them while `busy` processes keep the
 * CPU busy, then every run counted from the workflow's replies (bounded wait).
 * @param {BurstPlan} plan
 * @returns {Promise<BurstOutcome>}
 */
async function runBurst(plan) {
	const wanted = new Set(plan.callbacks.map((callback) => callback.msgId));
	const logStart = plan.sandbox.requests.length;
	await plan.beforeDelivery?.();
	const load = plan.busy > 0 ? startBusyLoad(plan.busy, plan.loadMaxMs) : undefined;
	const started = Date.now();
	let records;
	try {
		records = await deliverAsWeCom({
			url: plan.url,
			app: plan.app,
			callbacks: plan.callbacks,
			concurrency: plan.concurrency,
			extraQuery: plan.extraQuery,
		});
	} finally {
		load?.stop();
	}
	const deliveredMs = Date.now() - started;
	// Every run finishes (and late duplicates show) before the caller goes on.
	const replies = await settleReplies(plan.sandbox, logStart, wanted, plan.settle);
	return {
		records,
		summary: summarize(records),
		deliveredMs,
		replies,
		neverRan: [...wanted].filter((msgId) => !replies.includes(msgId)),
		duplicates: duplicatesIn(replies),
	};
}

/**
 * The MsgId the trigger output in each saved execution of a workflow (any status), by reading
 * every execution's data through n8n's REST API. An execution that n8n stopped before its trigger
 * step ran (marked crashed after a restart) still holds the callback as its start item.
 * @param {Stack} stack
 * @param {string} workflowId
 * @returns {Promise<string[]>}
 */
async function executedMsgIds(stack, workflowId) {
	const msgIds = [];
	for (const execution of await allExecutions(stack, workflowId)) {
		const saved = await stack.n8n.execution(String(execution.id));
		const output = saved.data?.resultData?.runData?.[TRIGGER_NODE]?.[0]?.data?.main?.[0]?.[0]?.json?.MsgId;
		const startItem = saved.data?.executionData?.nodeExecutionStack?.[0]?.data?.main?.[0]?.[0]?.json?.MsgId;
		msgIds.push(String(output ?? startItem ?? ''));
	}
	return msgIds;
}

/**
 * Every saved execution of a workflow, paging through n8n's REST API (100 a page).
 * @param {Stack} stack
 * @param {string} workflowId
 * @returns {Promise<Array<{ id: string, status: string }>>}
 */
async function allExecutions(stack, workflowId) {
	/** @type {Map<string, { id: string, status: string }>} An execution finishing mid-read is listed twice. */
	const all = new Map();
	let lastId = '';
	for (;;) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const page = await stack.n8n.rest('GET', `/rest/executions?filter=${filter}&limit=100${lastId ? `&lastId=${lastId}` : ''}`);
		if (page.status !== 200) throw new Error(`GET /rest/executions: ${page.status} ${page.text.slice(0, 300)}`);
		const results = page.body?.data?.results ?? [];
		for (const row of executionRowsOf(page.body?.data)) all.set(String(row.id), row);
		if (results.length < 100) return [...all.values()];
		lastId = String(results[results.length - 1].id);
	}
}

/**
 * Counts per value: duplicates are the values seen more than once, counted once each time over.
 * @param {string[]} values
 */
function duplicatesIn(values) {
	/** @type {Map<string, number>} */
	const seen = new Map();
	for (const value of values) seen.set(value, (seen.get(value) ?? 0) + 1);
	return [...seen.values()].reduce((sum, times) => sum + times - 1, 0);
}

/**
 * A line for the test log (what WeCom saw, for the report), on stderr.
 * @param {string} line
 */
function report(line) {
	process.stderr.write(`${line}\n`);
}

module.exports = { N8N_SETTINGS, TRIGGER_NODE, report, burstWorkflowFile, burstMessage, burstCallbacks, runBurst, repliedMsgIds, settleReplies, executedMsgIds, allExecutions, duplicatesIn };
