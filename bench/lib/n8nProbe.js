// @ts-check
/**
 * Loaded into the bench's n8n with NODE_OPTIONS=--require (never shipped, never in tests). It
 * records two things n8n does not report, one line each to WECOM_PROBE_FILE:
 *
 *   body <path> <ms>      a request carrying the x-wecom-suite-sent-at header (epoch ms, set by
 *                         the delivery client) had its body read by n8n this long after it was
 *                         sent: the delay issue 19 §2 compares with n8n's Webhook node;
 *   isolate <stack>       n8n's expression engine handed out an isolate (each one is disposed
 *                         and rebuilt after use; a lazy scope that never needs one is not
 *                         counted): the call site that made it, so the report can say which
 *                         isolates a callback costs and who asks for them.
 *
 * Lines are buffered and written every 200 ms, so the probe adds no disk I/O per request.
 */
const fs = require('node:fs');
const http = require('node:http');
const Module = require('node:module');

const SENT_AT_HEADER = 'x-wecom-suite-sent-at';
const file = process.env.WECOM_PROBE_FILE;

if (file) {
	/** @type {string[]} */
	let buffered = [];
	const flush = () => {
		if (buffered.length === 0) return;
		fs.appendFileSync(file, `${buffered.join('\n')}\n`);
		buffered = [];
	};
	setInterval(flush, 200).unref();
	process.once('exit', flush);

	const emit = http.Server.prototype.emit;
	/**
	 * @this {http.Server}
	 * @param {string | symbol} event
	 * @param {...any} args
	 */
	http.Server.prototype.emit = function (event, ...args) {
		if (event === 'request') {
			/** @type {http.IncomingMessage} */
			const request = args[0];
			const sentAt = Number(request.headers[SENT_AT_HEADER]);
			if (Number.isFinite(sentAt) && sentAt > 0) {
				const path = String(request.url ?? '').split('?')[0];
				request.once('end', () => buffered.push(`body ${path} ${Date.now() - sentAt}`));
			}
		}
		return Reflect.apply(emit, this, [event, ...args]);
	};

	// n8n's expression engine: count every isolate acquisition and keep its call site.
	// @ts-expect-error Module._load is Node's internal loader, the only hook before n8n requires it
	const load = Module._load;
	const wrapped = new WeakSet();
	// @ts-expect-error see above
	Module._load = function (request, ...rest) {
		const exported = load.call(this, request, ...rest);
		const evaluator = exported?.ExpressionEvaluator;
		if (typeof evaluator === 'function' && !wrapped.has(evaluator)) {
			wrapped.add(evaluator);
			/** @param {string | undefined} stack */
			const record = (stack) => {
				const frames = String(stack)
					.split('\n')
					.slice(2)
					.map((line) => line.trim().replace(/^at /, ''))
					.filter((line) => !line.includes('node:internal') && !line.includes('n8nProbe'))
					.slice(0, 8);
				buffered.push(`isolate ${frames.join(' <- ')}`);
			};
			const acquire = evaluator.prototype.acquire;
			evaluator.prototype.acquire = async function (/** @type {unknown[]} */ ...callArgs) {
				// The call site is only on the stack before the first await.
				const stack = new Error().stack;
				const acquired = await acquire.apply(this, callArgs);
				// Under N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE, acquire() only opens a scope: no isolate
				// is taken until an expression needs one (acquireBridgeSync, below).
				// (an n8n without that map takes isolates up front: count every acquisition)
				if (acquired && (this.bridgesByCaller?.has(callArgs[0]) ?? true)) record(stack);
				return acquired;
			};
			const acquireLazily = evaluator.prototype.acquireBridgeSync;
			if (typeof acquireLazily === 'function') {
				evaluator.prototype.acquireBridgeSync = function (/** @type {unknown[]} */ ...callArgs) {
					record(new Error().stack);
					return acquireLazily.apply(this, callArgs);
				};
			}
		}
		return exported;
	};
}
