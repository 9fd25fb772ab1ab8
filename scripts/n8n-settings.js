// @ts-check
/**
 * n8n settings this project recommends for an n8n that takes WeCom callbacks, in one place for
 * the queue-mode demo and suite, the bench and the load test. README, "WeCom Trigger → Speed",
 * says why and what they measured.
 */

/**
 * Lazy expression isolates. By default n8n 2.41 takes an expression isolate (a fresh V8 sandbox,
 * tens of ms of CPU) for every request to a trigger other than its own Webhook node, before it
 * reads the body (LiveWebhooks.webhookPhaseNeedsIsolate). With this n8n takes one only when an
 * expression needs it, and the WeCom Trigger (version 2) needs none to answer a callback.
 */
const LAZY_EXPRESSION_ISOLATES = Object.freeze({ N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' });

/**
 * The recommended settings, unless the caller's environment already chose a value for one of
 * them (so `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=false npm run test:queue` measures n8n's default).
 * @returns {Record<string, string>}
 */
function recommendedN8nEnv() {
	return Object.fromEntries(Object.entries(LAZY_EXPRESSION_ISOLATES).filter(([name]) => process.env[name] === undefined));
}

/**
 * Whether the n8n processes started with recommendedN8nEnv() take expression isolates lazily.
 * @returns {boolean}
 */
function lazyIsolatesInEffect() {
	const value = process.env.N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE ?? LAZY_EXPRESSION_ISOLATES.N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE;
	// n8n's own reading of a boolean setting (@n8n/config's Env decorator)
	return ['true', '1'].includes(value.toLowerCase());
}

module.exports = { LAZY_EXPRESSION_ISOLATES, recommendedN8nEnv, lazyIsolatesInEffect };
