// @ts-check
/**
 * The sandbox page (GET /): what the nodes sent (app messages, cards, group-bot posts), the API
 * calls n8n made, and a form that sends WeCom callbacks (a member's message, a card click, a
 * contact change) to the connected WeCom Triggers, encrypted and signed like WeCom does.
 *
 *   GET  /                          the page (sandbox/page/index.html)
 *   GET  /ui/state                  directory, corp and callback targets for the page
 *   POST /ui/callback               { kind, ... } → one callback to every target (or to { url })
 *   POST /ui/verify                 WeCom's URL check against every target
 *   GET  /__sandbox/callback-target the connected triggers (names and URLs; no secrets)
 *   POST /__sandbox/callback-target { url, token, encodingAesKey, receiveId?, name? } adds or
 *                                   replaces a target (npm start registers its triggers)
 *
 * WeCom sends all callbacks of an app to one URL; the demo has one trigger workflow per use case,
 * so a callback goes to each of them and each trigger's own filters decide whether it runs.
 * The targets live in this module, not in sandbox.extensions, so /__sandbox/reset keeps them.
 */
const fs = require('node:fs');
const path = require('node:path');

const { checkUrl } = require('../callbacks');
const { applyContactChange, sendFormCallback } = require('../callbackSender');

const PAGE_FILE = path.join(__dirname, '..', 'page', 'index.html');

/**
 * @typedef {object} CallbackTarget
 * @property {string} url the trigger's production webhook URL
 * @property {string} name shown on the page
 * @property {string} token the Token of the trigger's WeCom callback credential
 * @property {string} encodingAesKey its EncodingAESKey (43 characters)
 * @property {string} receiveId the receive ID (the corp ID for app callbacks)
 */

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isRecord(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @param {CallbackTarget} target */
function publicView(target) {
	return { name: target.name, url: target.url };
}

/** @param {import('../server').WeComSandbox} sandbox */
module.exports = function registerUiRoutes(sandbox) {
	/** @type {Map<string, CallbackTarget>} by URL */
	const targets = new Map();

	sandbox.route(
		'GET',
		'/',
		() => ({
			status: 200,
			headers: { 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-store' },
			body: fs.readFileSync(PAGE_FILE),
		}),
		{ auth: false },
	);

	sandbox.route(
		'GET',
		'/ui/state',
		() => ({
			corp: { corpId: sandbox.corp.corpId, agentId: sandbox.corp.agentId, apiBaseUrl: sandbox.url },
			departments: [...sandbox.departments.values()].map(({ id, name, parentid }) => ({ id, name, parentid })),
			users: [...sandbox.users.values()].map(({ userid, name, department }) => ({ userid, name, department })),
			callbackTargets: [...targets.values()].map(publicView),
		}),
		{ auth: false },
	);

	sandbox.route('GET', '/__sandbox/callback-target', () => ({ callbackTargets: [...targets.values()].map(publicView) }), {
		auth: false,
	});

	sandbox.route(
		'POST',
		'/__sandbox/callback-target',
		({ body }) => {
			const { url, token, encodingAesKey, receiveId, name } = isRecord(body) ? body : {};
			if (typeof url !== 'string' || typeof token !== 'string' || typeof encodingAesKey !== 'string') {
				return { status: 400, headers: { 'content-type': 'text/plain' }, body: 'url, token and encodingAesKey are required' };
			}
			targets.set(url, {
				url,
				token,
				encodingAesKey,
				receiveId: typeof receiveId === 'string' ? receiveId : sandbox.corp.corpId,
				name: typeof name === 'string' && name !== '' ? name : url,
			});
			return { callbackTargets: [...targets.values()].map(publicView) };
		},
		{ auth: false },
	);

	sandbox.route(
		'POST',
		'/ui/callback',
		async ({ body }) => {
			const event = isRecord(body) ? body : {};
			const chosen = [...targets.values()].filter((target) => typeof event.url !== 'string' || event.url === target.url);
			if (chosen.length === 0) {
				return { ok: false, results: [], error: 'No WeCom Trigger is connected. npm start connects the example trigger workflows.' };
			}
			applyContactChange(sandbox, event);
			const results = [];
			for (const target of chosen) results.push({ ...publicView(target), ...(await sendFormCallback(target, sandbox, event)) });
			return { ok: results.every((result) => result.ok), results };
		},
		{ auth: false },
	);

	sandbox.route(
		'POST',
		'/ui/verify',
		async () => {
			const results = [];
			for (const target of targets.values()) {
				try {
					const check = await checkUrl(target.url, target);
					results.push({ ...publicView(target), ok: check.status === 200 && check.body === check.expected, status: check.status });
				} catch (error) {
					results.push({ ...publicView(target), ok: false, error: error instanceof Error ? error.message : String(error) });
				}
			}
			return { ok: results.length > 0 && results.every((result) => result.ok), results };
		},
		{ auth: false },
	);
};
