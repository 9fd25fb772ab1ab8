// @ts-check
/**
 * Delivers callbacks the way WeCom does (wecom-api.md §8): each delivery waits at most 5 s for
 * the answer; a callback that got no 200 is sent again, up to 3 times, 5 s apart, each time
 * encrypted and signed afresh. Every answer's status is recorded, so a test or the bench sees
 * what WeCom sees: which callbacks WeCom holds a 200 for, and how long each answer took.
 *
 * Used by the end-to-end load and restart tests and by bench section 4. JavaScript because it
 * needs timers and sockets, which n8n's lint rules forbid in the TypeScript tests.
 */
const { buildCallback, queryString } = require('../../../sandbox/callbacks');

/** WeCom's policy. */
const WECOM_POLICY = { timeoutMs: 5000, resends: 3, resendGapMs: 5000 };

/** Sent with every delivery, so a probe inside n8n can time when n8n read the body. */
const SENT_AT_HEADER = 'x-wecom-suite-sent-at';

/**
 * @typedef {{ token: string, encodingAesKey: string, receiveId: string }} CallbackApp
 * @typedef {{ msgId: string, plaintext: string }} Callback
 * @typedef {{ status: number | 'timeout' | 'refused' | 'error', ms: number, startedAt: number, body?: string }} Attempt the body's start, for answers other than 200
 * @typedef {{ msgId: string, attempts: Attempt[], answered: boolean }} DeliveryRecord
 *
 * @typedef {object} DeliveryOptions
 * @property {string | ((callback: Callback) => string)} url the callback URL (or one per callback)
 * @property {CallbackApp} app the secrets WeCom encrypts and signs with
 * @property {Callback[]} callbacks
 * @property {number} concurrency deliveries in flight at most
 * @property {Partial<typeof WECOM_POLICY>} [policy]
 * @property {(record: DeliveryRecord, attempt: Attempt) => void} [onAnswer] after every attempt
 * @property {(callback: Callback) => Record<string, string>} [extraQuery] e.g. the MsgId for a plain Webhook node
 */

/** @param {number} ms */
function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * @param {unknown} error
 * @returns {Attempt['status']}
 */
function failureOf(error) {
	const text = String(error instanceof Error ? `${error.name} ${error.message} ${String(error.cause ?? '')}` : error);
	if (/TimeoutError|aborted due to timeout/i.test(text)) return 'timeout';
	if (/ECONNREFUSED/.test(text)) return 'refused';
	return 'error';
}

/**
 * One delivery: POST, wait at most `timeoutMs` for the whole answer.
 * @param {string} url
 * @param {CallbackApp} app
 * @param {Callback} callback
 * @param {number} timeoutMs
 * @param {Record<string, string>} extraQuery
 * @returns {Promise<Attempt>}
 */
async function deliverOnce(url, app, callback, timeoutMs, extraQuery) {
	const request = buildCallback(app, callback.plaintext);
	const startedAt = Date.now();
	const started = performance.now();
	try {
		const response = await fetch(`${url}${url.includes('?') ? '&' : '?'}${queryString({ ...request.query, ...extraQuery })}`, {
			method: 'POST',
			headers: { 'content-type': request.contentType, [SENT_AT_HEADER]: String(startedAt) },
			body: request.body,
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await response.text();
		const ms = performance.now() - started;
		return response.status === 200 ? { status: 200, ms, startedAt } : { status: response.status, ms, startedAt, body: text.slice(0, 120) };
	} catch (error) {
		const status = failureOf(error);
		const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
		return { status, ms: performance.now() - started, startedAt, ...(status === 'error' ? { body: cause.slice(0, 120) } : {}) };
	}
}

/**
 * Delivers every callback under WeCom's policy and resolves once each has a 200 or has used up
 * its re-sends.
 * @param {DeliveryOptions} options
 * @returns {Promise<DeliveryRecord[]>}
 */
async function deliverAsWeCom(options) {
	const policy = { ...WECOM_POLICY, ...options.policy };
	/** @type {DeliveryRecord[]} */
	const records = options.callbacks.map((callback) => ({ msgId: callback.msgId, attempts: [], answered: false }));
	/** @type {Array<{ index: number, notBefore: number }>} */
	const queue = records.map((_record, index) => ({ index, notBefore: 0 }));
	let pending = records.length;
	const worker = async () => {
		while (pending > 0) {
			const now = Date.now();
			const nextIndex = queue.findIndex((entry) => entry.notBefore <= now);
			if (nextIndex === -1) {
				// Re-sends not due yet, or the last deliveries still in flight elsewhere.
				const due = queue.length > 0 ? Math.min(...queue.map((entry) => entry.notBefore)) - now : 20;
				await delay(Math.max(5, Math.min(100, due)));
				continue;
			}
			const [{ index }] = queue.splice(nextIndex, 1);
			const callback = options.callbacks[index];
			const record = records[index];
			const url = typeof options.url === 'function' ? options.url(callback) : options.url;
			const attempt = await deliverOnce(url, options.app, callback, policy.timeoutMs, options.extraQuery?.(callback) ?? {});
			record.attempts.push(attempt);
			options.onAnswer?.(record, attempt);
			if (attempt.status === 200) {
				record.answered = true;
				pending--;
			} else if (record.attempts.length > policy.resends) {
				pending--;
			} else {
				queue.push({ index, notBefore: attempt.startedAt + policy.resendGapMs });
			}
		}
	};
	await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
	return records;
}

/**
 * What WeCom saw: answers by status, callbacks never answered 200, answer times of all attempts.
 * @param {DeliveryRecord[]} records
 */
function summarize(records) {
	/** @type {Record<string, number>} */
	const statuses = {};
	/** @type {Record<string, number>} answers other than 200 by status and body, e.g. n8n's 503 "Database is not ready!" apart from the trigger's */
	const refusals = {};
	const answerMs = [];
	for (const record of records) {
		for (const attempt of record.attempts) {
			statuses[String(attempt.status)] = (statuses[String(attempt.status)] ?? 0) + 1;
			if (attempt.body !== undefined) {
				const reason = `${attempt.status} ${attempt.body}`;
				refusals[reason] = (refusals[reason] ?? 0) + 1;
			}
			answerMs.push(attempt.ms);
		}
	}
	return {
		statuses,
		refusals,
		answerMs,
		attempts: answerMs.length,
		resends: answerMs.length - records.length,
		neverAnswered: records.filter((record) => !record.answered).map((record) => record.msgId),
	};
}

module.exports = { WECOM_POLICY, SENT_AT_HEADER, deliverAsWeCom, summarize };
