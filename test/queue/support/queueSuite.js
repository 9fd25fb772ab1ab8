// @ts-check
/**
 * The queue-mode suite's stack and measurements: n8n 2.41.1 in queue mode (scripts/queue-stack.js)
 * with three workflows, and the figures issue 18 asks for, each measured against the WeCom
 * sandbox over loopback:
 *  - gettoken calls per token expiry, with 2 and then 4 workers;
 *  - executions, and effects downstream, per callback when WeCom's retries reach the other
 *    webhook process one after the other and at the same time;
 *  - lost callbacks in a burst through both webhook processes, and the answer times against
 *    n8n's own Webhook node on the same stack;
 *  - how long each webhook process takes to stop after the burst.
 *
 * JavaScript, like test/e2e/support: it needs processes, timers and sockets, which n8n's lint
 * rules forbid in the TypeScript tests.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Pool } = require('undici');

const { buildCallback, queryString } = require('../../../sandbox/callbacks');
const { delay } = require('../../../scripts/n8n-instance');
const { lazyIsolatesInEffect, recommendedN8nEnv } = require('../../../scripts/n8n-settings');
const { startQueueStack, N8N_SHUTDOWN_LIMIT_S } = require('../../../scripts/queue-stack');
const { SANDBOX_CALLBACK } = require('../../../scripts/sandbox-credentials');
const { oursSendWorkflow, plainWebhookWorkflow, triggerWorkflow } = require('../../../bench/lib/workflows');
const { percentile } = require('../../../bench/lib/stats');
const { repliedMsgIds, textMessage } = require('../../../bench/sections/trigger');
const { E2E_OWNER, nodeOutput } = require('../../e2e/support/stack');
const { sendFormCallback } = require('../../../sandbox/callbackSender');
const { clickCardButton, inboxOf } = require('../../../sandbox/routes/messages');

const TRIGGER_ID = 'queueTrigger0001';
const SEND = { id: 'queueTokenSend01', path: 'queue-token-send' };
const PLAIN = { id: 'queuePlainHook01', path: 'queue-plain-webhook' };
/**
 * Workflows of the e2e suite that prove the new features here too: Send and Wait (link buttons,
 * and in-chat buttons with the WeCom Trigger that takes the clicks), and the AI bot's long
 * connection (held by the main process).
 */
const E2E_WORKFLOW_DIR = path.resolve(__dirname, '..', '..', 'e2e', 'workflows');
const FEATURE_WORKFLOWS = ['send-and-wait-link.json', 'send-and-wait-chat.json', 'send-and-wait-trigger.json', 'aibot-long-connection.json'];
/** The webhookId of the WeCom Trigger in send-and-wait-trigger.json, which takes the in-chat clicks. */
const CLICK_TRIGGER_WEBHOOK_ID = '31de990e-4fed-512e-ba09-fa014f214a91';
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 wxwork/4.1.20';
/** Bounds each wait for one execution's status (CI time). */
const STATUS_TIMEOUT_MS = 60000;
/** Bounds each wait for executions to finish (CI time). */
const SETTLE_TIMEOUT_MS = 150000;
/** After the last expected effect: how long to keep watching for a duplicate one. */
const DUPLICATE_WATCH_MS = 3000;
const BURST_CONCURRENCY = 50;
/** WeCom waits this long for an answer, then sends the callback again (3 re-sends in all). */
const WECOM_ANSWER_LIMIT_MS = 5000;
const WECOM_TRIES = 4;
/**
 * n8n's workaround for its own race in queue mode (see README, "Queue mode"): completed jobs stay
 * in Redis long enough for the webhook process to see them finish. Set on webhook process 1
 * only, so the suite shows the shutdown of both, with and without it, after the same burst.
 */
const KEEP_LAST_COMPLETED = { N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000' };
const CALLBACK_APP = { token: SANDBOX_CALLBACK.token, encodingAesKey: SANDBOX_CALLBACK.encodingAesKey, receiveId: SANDBOX_CALLBACK.receiveId };

/**
 * @typedef {import('../../../scripts/queue-stack').QueueStack} QueueStack
 * @typedef {import('../../../scripts/n8n-instance').N8nInstance} N8nInstance
 * @typedef {{ status: number, ms: number, reason?: string }} Answer
 */

/** @param {string} line */
function say(line) {
	process.stderr.write(`${line}\n`);
}

/**
 * The three workflows, written as files into the stack's folder.
 * @param {string} folder
 */
function writeWorkflows(folder) {
	fs.mkdirSync(folder, { recursive: true });
	const workflows = [triggerWorkflow(TRIGGER_ID), oursSendWorkflow(SEND.id, SEND.path), plainWebhookWorkflow(PLAIN.id, PLAIN.path)];
	return workflows.map((workflow) => {
		const file = path.join(folder, `${workflow.id}.json`);
		fs.writeFileSync(file, `${JSON.stringify(workflow, null, '\t')}\n`);
		return file;
	});
}

/**
 * Main, 2 workers, 2 webhook processes, Redis, PostgreSQL and the sandbox, in a fresh temporary
 * folder that close() removes. n8n runs with `env`: by default the settings the README recommends
 * (scripts/n8n-settings.js), unless the environment sets them.
 * @param {Record<string, string>} [env]
 * @returns {Promise<QueueStack>}
 */
async function startSuiteStack(env = recommendedN8nEnv()) {
	const started = Date.now();
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-n8n-queue-'));
	const workflows = [...writeWorkflows(path.join(folder, 'workflows')), ...FEATURE_WORKFLOWS.map((file) => path.join(E2E_WORKFLOW_DIR, file))];
	const stack = await startQueueStack({ workflows, owner: E2E_OWNER, folder, env, webhookEnv: [KEEP_LAST_COMPLETED, {}], log: say });
	say(`[queue] stack up in ${Math.round((Date.now() - started) / 1000)} s: main ${stack.main.url}, workers ${stack.workers.map((worker) => worker.url).join(' ')}, webhooks ${stack.webhooks.map((webhook) => webhook.url).join(' ')}`);
	return stack;
}

/** The production URL of the trigger on one webhook process. */
function triggerPath() {
	const trigger = triggerWorkflow(TRIGGER_ID).nodes.find((node) => node.type.endsWith('.weComTrigger'));
	if (!trigger?.webhookId) throw new Error('the trigger workflow has no webhookId');
	return `/webhook/${trigger.webhookId}/callback`;
}

/**
 * How many executions a worker has started, from its log.
 * @param {N8nInstance} worker
 */
function startedOn(worker) {
	return (readLog(worker).match(/Worker started execution/g) ?? []).length;
}

/**
 * gettoken calls per token expiry: the sandbox expires every token, then `parallel` executions
 * (spread over both webhook processes, so over the workers) each send `messages` messages.
 * @param {QueueStack} stack
 * @param {{ expiries: number, parallel: number, messages: number }} shape
 * @returns {Promise<{ perExpiry: number[], executionsPerWorker: number[] }>}
 */
async function gettokenPerExpiry(stack, shape) {
	const { sandbox } = stack;
	/** @param {number} round */
	const run = async (round) => {
		const calls = Array.from({ length: shape.parallel }, async (_, index) => {
			const webhook = stack.webhooks[index % stack.webhooks.length];
			const messages = Array.from({ length: shape.messages }, (__, item) => ({ user: 'lisi', text: `expiry ${round}, execution ${index}, message ${item}` }));
			const answer = await webhook.webhook(SEND.path, { body: { messages } });
			if (answer.status !== 200) throw new Error(`the send workflow answered ${answer.status}: ${answer.text.slice(0, 300)}`);
		});
		await Promise.all(calls);
	};
	// A stored token first, so every expiry below starts from the same state.
	await run(0);
	const startedBefore = stack.workers.map(startedOn);
	/** @type {number[]} */
	const perExpiry = [];
	for (let round = 1; round <= shape.expiries; round++) {
		const before = sandbox.countOf('/cgi-bin/gettoken');
		sandbox.expireAllTokens();
		await run(round);
		perExpiry.push(sandbox.countOf('/cgi-bin/gettoken') - before);
	}
	return { perExpiry, executionsPerWorker: stack.workers.map((worker, index) => startedOn(worker) - startedBefore[index]) };
}

/**
 * One delivery of a callback to a webhook process, signed and encrypted afresh as WeCom does
 * for each retry.
 * @param {N8nInstance} webhook
 * @param {string} plaintext
 * @returns {Promise<Answer>}
 */
async function deliver(webhook, plaintext) {
	const callback = buildCallback(CALLBACK_APP, plaintext);
	const started = performance.now();
	const response = await fetch(`${webhook.url}${triggerPath()}?${queryString({ ...callback.query })}`, {
		method: 'POST',
		headers: { 'content-type': callback.contentType },
		body: callback.body,
	});
	await response.text();
	return { status: response.status, ms: performance.now() - started };
}

/**
 * How many executions n8n saved for a workflow (any status), through the main process.
 * @param {QueueStack} stack
 * @param {string} workflowId
 * @param {string[]} [statuses]
 */
async function executionCount(stack, workflowId, statuses) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId, ...(statuses ? { status: statuses } : {}) }));
	const answer = await stack.main.rest('GET', `/rest/executions?filter=${filter}&limit=1`);
	const count = answer.body?.data?.count;
	if (answer.status !== 200 || typeof count !== 'number') throw new Error(`GET /rest/executions: ${answer.status} ${answer.text.slice(0, 300)}`);
	return count;
}

/**
 * Waits (bounded) until every wanted MsgId has its reply and no execution of the trigger is
 * still running, then watches a moment longer for duplicates.
 * @param {QueueStack} stack
 * @param {Set<string>} wanted
 * @param {number} from
 */
async function settle(stack, wanted, from) {
	const deadline = Date.now() + SETTLE_TIMEOUT_MS;
	for (;;) {
		const replied = new Set(repliedMsgIds(stack, from).filter((msgId) => wanted.has(msgId)));
		const unfinished = await executionCount(stack, TRIGGER_ID, ['new', 'running', 'waiting']);
		if ((replied.size >= wanted.size && unfinished === 0) || Date.now() > deadline) break;
		await delay(250);
	}
	await delay(DUPLICATE_WATCH_MS);
	const replies = repliedMsgIds(stack, from).filter((msgId) => wanted.has(msgId));
	/** @type {Map<string, number>} */
	const effects = new Map([...wanted].map((msgId) => [msgId, 0]));
	for (const msgId of replies) effects.set(msgId, (effects.get(msgId) ?? 0) + 1);
	return effects;
}

/**
 * WeCom's retries of the same callback across the two webhook processes: "alternating" sends
 * three deliveries one after the other (process 1, 2, 1), "simultaneous" sends the three at the
 * same moment. Counts executions started and effects downstream (replies) per callback.
 * @param {QueueStack} stack
 * @param {{ pattern: 'alternating' | 'simultaneous', callbacks: number }} shape
 */
async function retriesAcrossProcesses(stack, shape) {
	const [first, second] = stack.webhooks;
	const order = [first, second, first];
	const tag = `${shape.pattern === 'alternating' ? 7 : 8}${Date.now()}`;
	const msgIds = Array.from({ length: shape.callbacks }, (_, index) => `${tag}${String(index).padStart(3, '0')}`);
	const executionsBefore = await executionCount(stack, TRIGGER_ID);
	const from = stack.sandbox.requests.length;
	/** @type {Answer[]} */
	const answers = [];
	for (const msgId of msgIds) {
		const plaintext = textMessage(msgId, msgIds.indexOf(msgId));
		if (shape.pattern === 'alternating') {
			for (const webhook of order) answers.push(await deliver(webhook, plaintext));
		} else {
			answers.push(...(await Promise.all(order.map((webhook) => deliver(webhook, plaintext)))));
		}
	}
	const effects = await settle(stack, new Set(msgIds), from);
	const executions = (await executionCount(stack, TRIGGER_ID)) - executionsBefore;
	return {
		deliveries: answers.length,
		non200: answers.filter((answer) => answer.status !== 200).length,
		executionsPerCallback: executions / shape.callbacks,
		effectsPerCallback: [...effects.values()],
	};
}

/**
 * Sends `count` requests the way WeCom delivers callbacks, through both webhook processes: each
 * waits at most 5 s for its answer; without a 200 by then it is sent again, to the other process
 * (as a load balancer may route it), 5 s after the previous try, up to 3 times. At most
 * `BURST_CONCURRENCY` requests are in flight. `request` builds a fresh request for every try
 * (WeCom signs each delivery anew).
 * @param {QueueStack} stack
 * @param {number} count
 * @param {(index: number) => { path: string, body: string, contentType: string }} request
 * @returns {Promise<{ first: Answer[], all: Answer[], undelivered: number, acknowledged: Set<number> }>}
 */
async function burst(stack, count, request) {
	const pools = stack.webhooks.map((webhook) => new Pool(webhook.url, { connections: BURST_CONCURRENCY, pipelining: 1 }));
	/** @type {Answer[]} */
	const first = [];
	/** @type {Answer[]} */
	const all = [];
	let inFlight = 0;
	/** @type {Array<() => void>} */
	const waiting = [];
	/** @param {number} index @param {number} attempt @returns {Promise<Answer>} */
	const send = async (index, attempt) => {
		while (inFlight >= BURST_CONCURRENCY) await new Promise((resolve) => waiting.push(() => resolve(undefined)));
		inFlight++;
		const { path: requestPath, body, contentType } = request(index);
		const started = performance.now();
		try {
			const response = await pools[(index + attempt) % pools.length].request({
				method: 'POST',
				path: requestPath,
				headers: { 'content-type': contentType },
				body,
				signal: AbortSignal.timeout(WECOM_ANSWER_LIMIT_MS),
			});
			const text = await response.body.text();
			const answer = { status: response.statusCode, ms: performance.now() - started };
			return response.statusCode === 200 ? answer : { ...answer, reason: reasonOf(text) };
		} catch {
			return { status: 0, ms: performance.now() - started };
		} finally {
			inFlight--;
			waiting.shift()?.();
		}
	};
	let undelivered = 0;
	/** @type {Set<number>} indices answered 200 at some try */
	const acknowledged = new Set();
	try {
		await Promise.all(
			Array.from({ length: count }, async (_, index) => {
				for (let attempt = 0; attempt < WECOM_TRIES; attempt++) {
					const started = Date.now();
					const answer = await send(index, attempt);
					all.push(answer);
					if (attempt === 0) first.push(answer);
					if (answer.status === 200) {
						acknowledged.add(index);
						return;
					}
					await delay(Math.max(0, started + WECOM_ANSWER_LIMIT_MS - Date.now()));
				}
				undelivered++;
			}),
		);
	} finally {
		await Promise.all(pools.map((pool) => pool.close()));
	}
	return { first, all, undelivered, acknowledged };
}

/**
 * What an answer other than 200 said: n8n's error message, shortened.
 * @param {string} text
 */
function reasonOf(text) {
	try {
		const { message } = JSON.parse(text);
		if (typeof message === 'string') return message.slice(0, 60);
	} catch {
		// not n8n's JSON error: the text itself
	}
	return text.slice(0, 60);
}

/**
 * Every answer by status, e.g. "480× 200, 20× no answer, 3× 503 Database is not ready!" (no answer
 * = none within WeCom's 5 s, or the connection failed).
 * @param {Answer[]} answers
 */
function statusCounts(answers) {
	/** @type {Map<string, number>} */
	const counts = new Map();
	for (const { status, reason } of answers) {
		const key = status === 0 ? 'no answer' : reason ? `${status} ${reason}` : String(status);
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return [...counts.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([status, times]) => `${times}× ${status}`)
		.join(', ');
}

/**
 * Answer times of the first tries (a try WeCom gave up on counts as its 5 s), how many first
 * tries got no 200, how many re-sends WeCom would have made, and how many callbacks never got a 200.
 * @param {{ first: Answer[], all: Answer[], undelivered: number }} delivery
 */
function answerTimes(delivery) {
	const times = delivery.first.map((answer) => answer.ms);
	return {
		p50: percentile(times, 50),
		p99: percentile(times, 99),
		statuses: statusCounts(delivery.all),
		firstNon200: delivery.first.filter((answer) => answer.status !== 200).length,
		resends: delivery.all.length - delivery.first.length,
		undelivered: delivery.undelivered,
	};
}

/**
 * The same number of calls to n8n's own Webhook node (answering at once, nothing after it) on the
 * same stack: n8n's floor for an answer. Waits until its executions are done.
 * @param {QueueStack} stack
 * @param {number} count
 */
async function webhookNodeBurst(stack, count) {
	const started = Date.now();
	const body = JSON.stringify({ hello: 'queue' });
	const delivery = await burst(stack, count, () => ({ path: `/webhook/${PLAIN.path}`, body, contentType: 'application/json' }));
	const answered = Date.now();
	const deadline = Date.now() + SETTLE_TIMEOUT_MS;
	while ((await executionCount(stack, PLAIN.id, ['new', 'running', 'waiting'])) > 0 && Date.now() < deadline) await delay(250);
	say(`[queue] Webhook node burst of ${count}: answered in ${seconds(answered - started)}, executions done ${seconds(Date.now() - answered)} later`);
	return answerTimes(delivery);
}

/** @param {number} ms */
function seconds(ms) {
	return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A burst of distinct callbacks through both webhook processes: lost callbacks (no effect
 * downstream, or not answered 200), duplicates, answer times.
 * @param {QueueStack} stack
 * @param {number} count
 */
async function triggerBurst(stack, count) {
	const tag = `9${Date.now()}`;
	const msgIds = Array.from({ length: count }, (_, index) => `${tag}${String(index).padStart(4, '0')}`);
	const from = stack.sandbox.requests.length;
	const started = Date.now();
	const delivery = await burst(stack, count, (index) => {
		const callback = buildCallback(CALLBACK_APP, textMessage(msgIds[index], index));
		return { path: `${triggerPath()}?${queryString({ ...callback.query })}`, body: callback.body, contentType: callback.contentType };
	});
	const answered = Date.now();
	// A callback answered 200 must run; one never answered may still have run (WeCom hung up first).
	const acknowledged = new Set([...delivery.acknowledged].map((index) => msgIds[index]));
	await settle(stack, acknowledged, from);
	const replies = repliedMsgIds(stack, from).filter((msgId) => msgId.startsWith(tag));
	/** @type {Map<string, number>} */
	const effects = new Map(msgIds.map((msgId) => [msgId, 0]));
	for (const msgId of replies) effects.set(msgId, (effects.get(msgId) ?? 0) + 1);
	say(`[queue] trigger burst of ${count}: answered in ${seconds(answered - started)}, executions done ${seconds(Date.now() - answered)} later`);
	const values = [...effects.values()];
	return {
		...answerTimes(delivery),
		lost: values.filter((value) => value === 0).length,
		silentlyLost: [...acknowledged].filter((msgId) => effects.get(msgId) === 0).length,
		duplicates: values.reduce((sum, value) => sum + Math.max(0, value - 1), 0),
	};
}

/**
 * Stops both webhook processes at once, as a deploy does, and times each.
 * @param {QueueStack} stack
 */
async function stopWebhooks(stack) {
	return await Promise.all(stack.webhooks.map((webhook) => webhook.stop()));
}

/**
 * Waits (bounded) until an execution has one of the statuses, through the main process.
 * @param {QueueStack} stack
 * @param {string} executionId
 * @param {string[]} statuses
 */
async function waitForStatus(stack, executionId, statuses) {
	const deadline = Date.now() + STATUS_TIMEOUT_MS;
	let last = '';
	while (Date.now() < deadline) {
		const execution = await stack.main.execution(executionId);
		last = execution.status;
		if (statuses.includes(last)) return execution;
		await delay(300);
	}
	throw new Error(`execution ${executionId} is ${last}, expected ${statuses.join(' or ')}`);
}

/**
 * Starts a Send and Wait workflow through webhook process 2, and returns the card it sent once
 * n8n has the execution waiting for the answer.
 * @param {QueueStack} stack
 * @param {string} webhookPath
 * @param {string} title
 */
async function startSendAndWait(stack, webhookPath, title) {
	const started = await stack.webhooks[1].webhook(webhookPath, { body: { title, text: `Please decide on ${title}` } });
	if (started.status !== 200) throw new Error(`the Send and Wait workflow answered ${started.status}: ${started.text.slice(0, 300)}`);
	const deadline = Date.now() + STATUS_TIMEOUT_MS;
	while (Date.now() < deadline) {
		const entry = inboxOf(stack.sandbox).find((candidate) => candidate.kind === 'message' && candidate.message.template_card?.main_title?.title === title);
		if (entry) {
			/** @type {Array<Record<string, unknown>>} */
			const buttons = entry.message.template_card.button_list;
			const reference = String(buttons[0].url ?? buttons[0].key);
			const executionId = /\/webhook-waiting\/(\d+)\//.exec(reference)?.[1] ?? '';
			await waitForStatus(stack, executionId, ['waiting']);
			return { msgid: entry.msgid ?? '', executionId, buttons };
		}
		await delay(200);
	}
	throw new Error(`no card titled ${title}`);
}

/**
 * The output of the node after Send and Wait ("Answered") once the execution succeeded.
 * @param {QueueStack} stack
 * @param {string} executionId
 * @returns {Promise<Record<string, unknown>>}
 */
async function answeredItem(stack, executionId) {
	const execution = await waitForStatus(stack, executionId, ['success', 'error', 'crashed']);
	const [item] = nodeOutput(execution.data, 'Answered');
	return item;
}

/**
 * Opens a link button as a member's browser does: through the public address (webhook process 1).
 * @param {string} url
 */
async function openLink(url) {
	const response = await fetch(url, { headers: { 'user-agent': BROWSER } });
	return { status: response.status, text: await response.text() };
}

/**
 * A member clicks an in-chat button: the sandbox turns it into WeCom's template_card_event, and
 * the callback goes to the WeCom Trigger through webhook process 2.
 * @param {QueueStack} stack
 * @param {{ msgid: string, buttons: Array<Record<string, unknown>> }} card
 * @param {number} buttonIndex
 * @param {string} userid
 */
async function clickInChat(stack, card, buttonIndex, userid) {
	const key = String(card.buttons[buttonIndex].key);
	const outcome = clickCardButton(stack.sandbox, { msgid: card.msgid, key, userid });
	if (!('event' in outcome)) throw new Error(outcome.error);
	const url = `${stack.webhooks[1].url}/webhook/${CLICK_TRIGGER_WEBHOOK_ID}/callback`;
	return await sendFormCallback({ ...SANDBOX_CALLBACK, url, name: 'Send and Wait clicks' }, stack.sandbox, { ...outcome.event, eventKey: key });
}

/**
 * The workers that ran an execution, from their logs: a worker's number (1-based) once per run
 * it started (a resumed execution runs again), in worker order.
 * @param {QueueStack} stack
 * @param {string} executionId
 */
function workerRunsOf(stack, executionId) {
	const pattern = new RegExp(`Worker started execution ${executionId} \\(`, 'g');
	/** @type {number[]} */
	const workers = [];
	stack.workers.forEach((worker, index) => {
		const runs = (readLog(worker).match(pattern) ?? []).length;
		for (let run = 0; run < runs; run++) workers.push(index + 1);
	});
	return workers;
}

/** @param {N8nInstance} instance */
function readLog(instance) {
	try {
		return fs.readFileSync(instance.logFile, 'utf8');
	} catch {
		return '';
	}
}

/** @param {number} value */
function round(value) {
	return Number.isFinite(value) ? Math.round(value) : value;
}

/**
 * Prints the figures in the suite's output.
 * @param {Array<[string, string]>} figures
 */
function printFigures(figures) {
	if (figures.length === 0) return;
	const width = Math.max(...figures.map(([name]) => name.length));
	const isolates = lazyIsolatesInEffect() ? 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true' : "n8n's default expression isolates";
	say(`\n[queue] figures (n8n 2.41.1 queue mode: main, workers, 2 webhook processes, Redis 7, PostgreSQL 15; ${isolates}):`);
	for (const [name, value] of figures) say(`  ${name.padEnd(width)}  ${value}`);
	say('');
}

module.exports = {
	N8N_SHUTDOWN_LIMIT_S,
	KEEP_LAST_COMPLETED,
	startSuiteStack,
	gettokenPerExpiry,
	retriesAcrossProcesses,
	webhookNodeBurst,
	triggerBurst,
	stopWebhooks,
	printFigures,
	round,
	waitForStatus,
	startSendAndWait,
	answeredItem,
	openLink,
	clickInChat,
	workerRunsOf,
};
