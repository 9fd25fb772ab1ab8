// @ts-check
/**
 * The sandbox page (GET /): what the nodes sent (app messages, cards, group-bot posts), the API
 * calls n8n made, and a form that sends WeCom callbacks (a member's message, a card click, a
 * contact change) to WeCom Triggers, encrypted and signed like WeCom does.
 *
 *   GET  /                          the page (sandbox/page/index.html)
 *   GET  /ui/page/<file>.js         its scripts; GET /ui/panels lists sandbox/page/panels/*.js
 *   GET  /ui/state                  directory, corp and callback targets for the page
 *   POST /ui/callback               { kind, ..., target?: url } → one callback to that target, or,
 *                                   when target is absent or "all", to every reachable trigger once
 *                                   (its test URL while the editor listens, else its production URL)
 *   POST /ui/verify                 WeCom's URL check against every target
 *   GET  /__sandbox/callback-target the callback targets (names and URLs; no secrets)
 *   POST /__sandbox/callback-target { url, token, encodingAesKey, receiveId?, name? } adds or
 *                                   replaces a fixed target (a trigger in an n8n the sandbox
 *                                   cannot look into)
 *
 * Where the triggers come from: `npm start` (and the browser check) connect a trigger finder
 * (scripts/n8n-triggers.js) with connectTriggerFinder(); it lists every WeCom Trigger of that n8n,
 * on its production URL when published and on its test URL, which the page probes with WeCom's
 * URL check: a test URL answers only while the editor listens. After a callback, the finder
 * tells which execution it started; none means the trigger's filters held it back.
 *
 * WeCom sends all callbacks of an app to one URL; the demo has one trigger workflow per use case,
 * so "all" sends to each of them and each trigger's own filters decide whether it runs.
 * Targets live in this module, not in sandbox.extensions, so /__sandbox/reset keeps them.
 */
const fs = require('node:fs');
const path = require('node:path');

const { checkUrl } = require('../callbacks');
const { applyContactChange, describeOutcome, refusalReason, sendFormCallback } = require('../callbackSender');

const PAGE_FOLDER = path.join(__dirname, '..', 'page');
const PANEL_FOLDER = path.join(PAGE_FOLDER, 'panels');

/**
 * @typedef {import('../callbacks').CallbackApp} CallbackApp
 * @typedef {import('../../scripts/n8n-triggers').TriggerFinder} TriggerFinder
 * @typedef {import('../../scripts/n8n-triggers').FoundTrigger} FoundTrigger
 *
 * @typedef {object} CallbackTarget
 * @property {string} url the trigger's callback URL (production or test)
 * @property {string} name shown on the page
 * @property {string} token the Token of the trigger's WeCom callback credential
 * @property {string} encodingAesKey its EncodingAESKey (43 characters)
 * @property {string} receiveId the receive ID (the corp ID for app callbacks)
 * @property {FoundTrigger} [trigger] where the finder found it
 *
 * @typedef {'ready' | 'notListening' | 'secrets' | 'unreachable'} TargetState
 * @typedef {CallbackTarget & { state: TargetState, detail: string }} ProbedTarget
 */

/** @type {WeakMap<import('../server').WeComSandbox, { finder: TriggerFinder, secrets: CallbackApp }>} */
const finders = new WeakMap();

/**
 * Lets the page find the WeCom Triggers of an n8n. The sandbox plays one WeCom app, so it signs
 * every callback with that app's secrets (the Token, EncodingAESKey and Corp ID the trigger's
 * WeCom Callback credential must hold).
 * @param {import('../server').WeComSandbox} sandbox
 * @param {TriggerFinder} finder
 * @param {CallbackApp} secrets
 */
function connectTriggerFinder(sandbox, finder, secrets) {
	finders.set(sandbox, { finder, secrets });
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isRecord(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @param {ProbedTarget} target what the page may see: no secrets */
function publicView(target) {
	const { trigger } = target;
	return {
		name: target.name,
		url: target.url,
		state: target.state,
		detail: target.detail,
		...(trigger
			? {
					mode: trigger.mode,
					workflowId: trigger.workflowId,
					workflowName: trigger.workflowName,
					nodeName: trigger.nodeName,
					credentialName: trigger.credentialName,
					editorUrl: trigger.editorUrl,
				}
			: {}),
	};
}

/**
 * WeCom's URL check tells whether a target answers and holds the sandbox app's secrets.
 * @param {CallbackTarget} target
 * @returns {Promise<ProbedTarget>}
 */
async function probe(target) {
	try {
		const check = await checkUrl(target.url, target);
		if (check.status === 200 && check.body === check.expected) return { ...target, state: 'ready', detail: 'URL check passed' };
		if (check.status === 404 && target.trigger?.mode === 'test') {
			return { ...target, state: 'notListening', detail: 'open the workflow and click “Execute workflow” to listen' };
		}
		const state = check.status === 401 || check.status === 403 ? 'secrets' : 'unreachable';
		return { ...target, state, detail: `URL check failed: ${refusalReason(check.status)}` };
	} catch (error) {
		return { ...target, state: 'unreachable', detail: `could not reach ${target.url}: ${error instanceof Error ? error.message : String(error)}` };
	}
}

/**
 * "Send to all": WeCom calls one URL per app, so each trigger gets the callback once: on its test
 * URL while the editor listens there (the user is testing), else on its production URL.
 * @param {ProbedTarget[]} targets
 */
function oneUrlPerTrigger(targets) {
	/** @type {Map<string, ProbedTarget>} */
	const byTrigger = new Map();
	for (const target of targets.filter((candidate) => candidate.state === 'ready')) {
		const key = target.trigger ? `${target.trigger.workflowId}\n${target.trigger.nodeName}` : target.url;
		const current = byTrigger.get(key);
		if (!current || target.trigger?.mode === 'test') byTrigger.set(key, target);
	}
	return [...byTrigger.values()];
}

/** @param {FoundTrigger} trigger */
function triggerLabel(trigger) {
	return `${trigger.workflowName} › ${trigger.nodeName} (${trigger.mode === 'production' ? 'production URL' : 'test URL'})`;
}

/** @param {import('../server').WeComSandbox} sandbox */
function registerUiRoutes(sandbox) {
	/** @type {Map<string, CallbackTarget>} fixed targets, by URL */
	const fixed = new Map();

	/**
	 * Every target, probed: the fixed ones and those the trigger finder sees in n8n now.
	 * @returns {Promise<{ targets: ProbedTarget[], error?: string }>}
	 */
	async function targets() {
		/** @type {CallbackTarget[]} */
		const all = [...fixed.values()];
		let error;
		const connected = finders.get(sandbox);
		if (connected) {
			try {
				for (const trigger of await connected.finder.triggers()) {
					if (!fixed.has(trigger.url)) all.push({ ...connected.secrets, url: trigger.url, name: triggerLabel(trigger), trigger });
				}
			} catch (failure) {
				error = `could not list n8n's WeCom Triggers: ${failure instanceof Error ? failure.message : String(failure)}`;
			}
		}
		return { targets: await Promise.all(all.map(probe)), error };
	}

	/**
	 * Sends one callback to one target and tells what became of it: the execution it started, or
	 * that the trigger's filters held it back.
	 * @param {ProbedTarget} target
	 * @param {Record<string, unknown>} event
	 */
	async function deliver(target, event) {
		const finder = finders.get(sandbox)?.finder;
		const workflowId = target.trigger?.workflowId;
		const before = finder && workflowId ? await finder.newestExecutionId(workflowId).catch(() => undefined) : undefined;
		const outcome = await sendFormCallback(target, sandbox, event);
		const execution =
			finder && workflowId && outcome.ok ? await finder.executionAfter(workflowId, before).catch(() => undefined) : undefined;
		const known = Boolean(finder && workflowId);
		return { ...publicView(target), ...outcome, execution, summary: describeOutcome(event, outcome, known ? { execution } : undefined) };
	}

	sandbox.route(
		'GET',
		'/',
		() => ({
			status: 200,
			headers: { 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-store' },
			body: fs.readFileSync(path.join(PAGE_FOLDER, 'index.html')),
		}),
		{ auth: false },
	);

	/** The page's scripts: sandbox/page/*.js and sandbox/page/panels/*.js, by file name only. */
	const scriptRoute = (/** @type {string} */ folder) => (/** @type {{ path: string }} */ { path: urlPath }) => {
		const name = path.basename(urlPath);
		const file = path.join(folder, name);
		if (!/^[\w-]+\.js$/.test(name) || !fs.existsSync(file)) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no such script' };
		return { status: 200, headers: { 'content-type': 'text/javascript; charset=UTF-8', 'cache-control': 'no-store' }, body: fs.readFileSync(file) };
	};
	for (const name of fs.readdirSync(PAGE_FOLDER).filter((file) => file.endsWith('.js'))) {
		sandbox.route('GET', `/ui/page/${name}`, scriptRoute(PAGE_FOLDER), { auth: false });
	}
	for (const name of fs.readdirSync(PANEL_FOLDER).filter((file) => file.endsWith('.js'))) {
		sandbox.route('GET', `/ui/page/panels/${name}`, scriptRoute(PANEL_FOLDER), { auth: false });
	}
	sandbox.route(
		'GET',
		'/ui/panels',
		() => ({ panels: fs.readdirSync(PANEL_FOLDER).filter((file) => /^[\w-]+\.js$/.test(file)).sort() }),
		{ auth: false },
	);

	sandbox.route(
		'GET',
		'/ui/state',
		async () => {
			const found = await targets();
			return {
				corp: { corpId: sandbox.corp.corpId, agentId: sandbox.corp.agentId, apiBaseUrl: sandbox.url },
				departments: [...sandbox.departments.values()].map(({ id, name, parentid }) => ({ id, name, parentid })),
				users: [...sandbox.users.values()].map(({ userid, name, department }) => ({ userid, name, department })),
				callbackTargets: found.targets.map(publicView),
				findsTriggers: finders.has(sandbox),
				...(found.error ? { targetError: found.error } : {}),
			};
		},
		{ auth: false },
	);

	sandbox.route('GET', '/__sandbox/callback-target', async () => ({ callbackTargets: (await targets()).targets.map(publicView) }), {
		auth: false,
	});

	sandbox.route(
		'POST',
		'/__sandbox/callback-target',
		async ({ body }) => {
			const { url, token, encodingAesKey, receiveId, name } = isRecord(body) ? body : {};
			if (typeof url !== 'string' || typeof token !== 'string' || typeof encodingAesKey !== 'string') {
				return { status: 400, headers: { 'content-type': 'text/plain' }, body: 'url, token and encodingAesKey are required' };
			}
			fixed.set(url, {
				url,
				token,
				encodingAesKey,
				receiveId: typeof receiveId === 'string' ? receiveId : sandbox.corp.corpId,
				name: typeof name === 'string' && name !== '' ? name : url,
			});
			return { callbackTargets: [...fixed.values()].map((target) => ({ name: target.name, url: target.url })) };
		},
		{ auth: false },
	);

	sandbox.route(
		'POST',
		'/ui/callback',
		async ({ body }) => {
			const event = isRecord(body) ? body : {};
			const wanted = typeof event.target === 'string' && event.target !== 'all' ? event.target : undefined;
			const found = await targets();
			const chosen = wanted === undefined ? oneUrlPerTrigger(found.targets) : found.targets.filter((target) => target.url === wanted);
			if (chosen.length === 0) {
				const error = wanted
					? `No WeCom Trigger answers at ${wanted} any more. Reload the list.`
					: 'No WeCom Trigger is reachable. Publish a workflow with a WeCom Trigger, or open one and click “Execute workflow”.';
				return { ok: false, results: [], error: found.error ?? error };
			}
			applyContactChange(sandbox, event);
			// each trigger decides on its own, as when WeCom calls several apps' URLs
			const results = await Promise.all(chosen.map(async (target) => await deliver(target, event)));
			return { ok: results.every((result) => result.ok), results };
		},
		{ auth: false },
	);

	sandbox.route(
		'POST',
		'/ui/verify',
		async () => {
			const found = await targets();
			const results = found.targets.map((target) => ({ ...publicView(target), ok: target.state === 'ready', summary: target.detail }));
			return { ok: results.length > 0 && results.every((result) => result.ok), results, ...(found.error ? { error: found.error } : {}) };
		},
		{ auth: false },
	);
}

module.exports = registerUiRoutes;
module.exports.connectTriggerFinder = connectTriggerFinder;
