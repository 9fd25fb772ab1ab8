// @ts-check
/**
 * The /__sandbox control API, for processes that cannot call the sandbox object directly
 * (end-to-end tests against real n8n, the benchmarks, the demo page). Loopback only.
 */

/** @param {import('../server').WeComSandbox} sandbox */
module.exports = function registerControlRoutes(sandbox) {
	sandbox.route(
		'GET',
		'/__sandbox/requests',
		({ query }) => {
			const path = query.get('path') ?? undefined;
			const requests = sandbox.requestsTo(path).map(({ rawBody: _raw, headers: _headers, ...rest }) => rest);
			return { requests };
		},
		{ auth: false },
	);
	sandbox.route(
		'GET',
		'/__sandbox/stats',
		() => {
			/** @type {Record<string, number>} */
			const counts = {};
			for (const request of sandbox.requests) counts[request.path] = (counts[request.path] ?? 0) + 1;
			return { counts, peakInFlight: sandbox.peakInFlight, tokensIssued: sandbox.tokens.size };
		},
		{ auth: false },
	);
	sandbox.route(
		'POST',
		'/__sandbox/faults',
		({ body }) => {
			for (const fault of Array.isArray(body.faults) ? body.faults : []) sandbox.inject(fault);
			return { pending: sandbox.faults.length };
		},
		{ auth: false },
	);
	sandbox.route(
		'POST',
		'/__sandbox/tokens/expire',
		() => {
			sandbox.expireAllTokens();
			return { expired: sandbox.tokens.size };
		},
		{ auth: false },
	);
	sandbox.route(
		'POST',
		'/__sandbox/reset',
		() => {
			sandbox.resetData();
			return {};
		},
		{ auth: false },
	);
	sandbox.route(
		'POST',
		'/__sandbox/config',
		({ body }) => {
			if (typeof body.latencyMs === 'number') sandbox.options.latencyMs = body.latencyMs;
			if (typeof body.tokenTtlSeconds === 'number') sandbox.options.tokenTtlSeconds = body.tokenTtlSeconds;
			if (Array.isArray(body.trustedIps) || body.trustedIps === null) sandbox.options.trustedIps = body.trustedIps;
			if (typeof body.concurrencyLimit === 'number') sandbox.options.concurrencyLimit = body.concurrencyLimit;
			return { options: sandbox.options };
		},
		{ auth: false },
	);
};
