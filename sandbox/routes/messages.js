// @ts-check
const { weComError } = require('../errors');
const { subtree } = require('./departments');
const { findMedia } = require('./media');

/**
 * App messages (message/send, message/recall, message/update_template_card) and the inbox: every
 * message, group-chat post and card update the sandbox accepted, for tests (inboxOf) and for the
 * demo page (GET /__sandbox/inbox). Payloads are checked the way WeCom checks them: msgtype,
 * required fields, byte limits (45002), media_ids (40007), recipients (82001, 81013, partial lists).
 *
 * @typedef {object} InboxEntry
 * @property {number} id
 * @property {'message' | 'appchat' | 'card_update'} kind
 * @property {number} at sandbox clock, ms
 * @property {Record<string, any>} message the request body as received
 * @property {string[]} delivered user IDs that got it
 * @property {string} [msgid]
 * @property {string} [response_code]
 * @property {string} [chatid]
 * @property {boolean} [recalled]
 * @property {Record<string, any>} [update] for an updated card: the update applied to it
 *
 * @typedef {object} CardCode
 * @property {string} msgid
 * @property {number} agentid
 * @property {number} expiresAt sandbox clock, ms
 * @property {boolean} used
 *
 * @typedef {object} MessageState
 * @property {InboxEntry[]} inbox oldest first
 * @property {Map<string, CardCode>} responseCodes
 * @property {Set<string>} unlicensed lower-cased user IDs without an API license (unlicenseduser)
 * @property {Map<string, number>} recentBodies for enable_duplicate_check: JSON → time sent
 * @property {number} nextId
 */

/** response_code lives 72 hours (doc 94888); a message can be recalled for 24 hours. */
const RESPONSE_CODE_TTL_MS = 72 * 60 * 60 * 1000;
const RECALL_WINDOW_MS = 24 * 60 * 60 * 1000;

const APP_TYPES = ['text', 'image', 'voice', 'video', 'file', 'textcard', 'news', 'mpnews', 'markdown', 'miniprogram_notice', 'template_card'];
const CARD_TYPES = ['text_notice', 'news_notice', 'button_interaction', 'vote_interaction', 'multiple_interaction'];
const INTERACTIVE_CARDS = ['button_interaction', 'vote_interaction', 'multiple_interaction'];

/**
 * @param {import('../server').WeComSandbox} sandbox
 * @returns {MessageState}
 */
function messageState(sandbox) {
	const existing = sandbox.extensions.get('messages');
	if (existing && typeof existing === 'object' && 'inbox' in existing) return /** @type {MessageState} */ (existing);
	/** @type {MessageState} */
	const state = { inbox: [], responseCodes: new Map(), unlicensed: new Set(), recentBodies: new Map(), nextId: 1 };
	sandbox.extensions.set('messages', state);
	return state;
}

/** @param {import('../server').WeComSandbox} sandbox */
function inboxOf(sandbox) {
	return messageState(sandbox).inbox;
}

/** @param {unknown} value */
function isObject(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @param {unknown} value */
function bytes(value) {
	return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0;
}

/** @param {unknown} value */
function chars(value) {
	return typeof value === 'string' ? [...value].length : 0;
}

/** @param {string} prefix */
function randomId(prefix) {
	return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Checks a message payload like WeCom; returns an error body, or undefined when it is fine.
 * @param {import('../server').WeComSandbox} sandbox
 * @param {Record<string, any>} body
 * @param {string[]} allowedTypes
 * @param {string} ip
 * @returns {Record<string, unknown> | undefined}
 */
function checkPayload(sandbox, body, allowedTypes, ip) {
	const msgtype = body.msgtype;
	if (typeof msgtype !== 'string' || !allowedTypes.includes(msgtype)) return weComError(40008, ip, `invalid message type ${String(msgtype)}`);
	const payload = body[msgtype];
	if (!isObject(payload)) return weComError(40058, ip, `invalid Request Parameter, ${msgtype} missing`);
	/** @param {string} field @param {number} max */
	const tooLong = (field, max) => (bytes(payload[field]) > max ? weComError(45002, ip, `content size out of limit, ${msgtype}.${field} exceed max length ${max}`) : undefined);
	/** @param {unknown} mediaId */
	const badMedia = (mediaId) => (findMedia(sandbox, mediaId) ? undefined : weComError(40007, ip, 'invalid media_id'));
	switch (msgtype) {
		case 'text':
		case 'markdown':
			if (!payload.content) return weComError(44004, ip, 'empty content');
			return tooLong('content', 2048);
		case 'image':
		case 'voice':
		case 'file':
			return badMedia(payload.media_id);
		case 'video':
			return badMedia(payload.media_id) ?? tooLong('title', 128) ?? tooLong('description', 512);
		case 'textcard':
			if (!payload.title) return weComError(41016, ip, 'missing title');
			if (!payload.description) return weComError(41033, ip, 'missing description');
			if (!payload.url) return weComError(41010, ip, 'missing url');
			if (chars(payload.btntxt) > 4) return weComError(40058, ip, 'invalid Request Parameter, btntxt exceed max length 4');
			return tooLong('title', 128) ?? tooLong('description', 512) ?? tooLong('url', 2048);
		case 'news':
		case 'mpnews': {
			const articles = payload.articles;
			if (!Array.isArray(articles) || articles.length === 0) return weComError(40058, ip, 'invalid Request Parameter, articles missing');
			if (articles.length > 8) return weComError(45008, ip, 'article count out of limit');
			for (const article of articles) {
				if (!isObject(article) || !article.title) return weComError(41016, ip, 'missing title');
				if (bytes(article.title) > 128) return weComError(45002, ip, 'content size out of limit, title exceed max length 128');
				if (msgtype === 'news' && (bytes(article.description) > 512 || bytes(article.url) > 2048)) {
					return weComError(45002, ip, 'content size out of limit');
				}
				if (msgtype === 'mpnews') {
					const media = badMedia(article.thumb_media_id);
					if (media) return media;
					if (!article.content) return weComError(40058, ip, 'invalid Request Parameter, content missing');
					if (bytes(article.content) > 666 * 1024) return weComError(45002, ip, 'content size out of limit, content exceed max length 666K');
					if (bytes(article.author) > 64) return weComError(45032, ip, 'author size out of limit');
					if (bytes(article.digest) > 512) return weComError(45002, ip, 'content size out of limit, digest exceed max length 512');
				}
			}
			return undefined;
		}
		case 'miniprogram_notice':
			if (!payload.appid) return weComError(40058, ip, 'invalid Request Parameter, appid missing');
			if (chars(payload.title) < 4 || chars(payload.title) > 12) return weComError(40058, ip, 'invalid Request Parameter, title length 4~12');
			if (Array.isArray(payload.content_item) && payload.content_item.length > 10) return weComError(40058, ip, 'invalid Request Parameter, content_item exceed 10');
			return undefined;
		case 'template_card':
			return checkCard(payload, ip);
		default:
			return undefined;
	}
}

/**
 * @param {Record<string, any>} card
 * @param {string} ip
 */
function checkCard(card, ip) {
	if (!CARD_TYPES.includes(card.card_type)) return weComError(40058, ip, 'invalid Request Parameter, card_type');
	const needsTask = INTERACTIVE_CARDS.includes(card.card_type) || isObject(card.action_menu);
	if (needsTask && !card.task_id) return weComError(40058, ip, 'invalid Request Parameter, task_id missing');
	if (card.task_id !== undefined && (bytes(card.task_id) > 128 || !/^[0-9a-zA-Z_\-@]+$/.test(String(card.task_id)))) {
		return weComError(40058, ip, 'invalid Request Parameter, task_id');
	}
	if ((card.card_type === 'text_notice' || card.card_type === 'news_notice') && !isObject(card.card_action)) {
		return weComError(40058, ip, 'invalid Request Parameter, card_action missing');
	}
	if (card.card_type === 'button_interaction' && (!Array.isArray(card.button_list) || card.button_list.length === 0 || card.button_list.length > 6)) {
		return weComError(40058, ip, 'invalid Request Parameter, button_list');
	}
	if (card.card_type === 'vote_interaction' && (!isObject(card.checkbox) || !Array.isArray(card.checkbox.option_list) || card.checkbox.option_list.length > 20)) {
		return weComError(40058, ip, 'invalid Request Parameter, checkbox');
	}
	if (card.card_type === 'multiple_interaction' && (!Array.isArray(card.select_list) || card.select_list.length === 0 || card.select_list.length > 3)) {
		return weComError(40058, ip, 'invalid Request Parameter, select_list');
	}
	if (Array.isArray(card.horizontal_content_list) && card.horizontal_content_list.length > 6) return weComError(40058, ip, 'invalid Request Parameter, horizontal_content_list');
	if (Array.isArray(card.jump_list) && card.jump_list.length > 3) return weComError(40058, ip, 'invalid Request Parameter, jump_list');
	return undefined;
}

/**
 * Resolves touser/toparty/totag like message/send: unknown IDs come back in the invalid lists,
 * everyone reachable is delivered to.
 * @param {import('../server').WeComSandbox} sandbox
 * @param {{ users: string[], parties: string[], tags: string[], all: boolean }} to
 */
function resolveRecipients(sandbox, to) {
	const state = messageState(sandbox);
	/** @type {Set<string>} */
	const delivered = new Set();
	/** @type {string[]} */ const invaliduser = [];
	/** @type {string[]} */ const invalidparty = [];
	/** @type {string[]} */ const invalidtag = [];
	/** @type {string[]} */ const unlicenseduser = [];
	/** @param {string} userid */
	const deliver = (userid) => {
		if (state.unlicensed.has(userid.toLowerCase())) {
			if (!unlicenseduser.includes(userid)) unlicenseduser.push(userid);
		} else delivered.add(userid);
	};
	/** @param {number} id */
	const deliverParty = (id) => {
		const ids = new Set(subtree(sandbox, id).map((d) => d.id));
		for (const user of sandbox.users.values()) if (user.department.some((d) => ids.has(d))) deliver(user.userid);
	};
	if (to.all) {
		for (const user of sandbox.users.values()) deliver(user.userid);
	} else {
		for (const id of to.users) {
			const user = sandbox.users.get(id.toLowerCase());
			if (user) deliver(user.userid);
			else invaliduser.push(id.toLowerCase());
		}
		for (const id of to.parties) {
			if (sandbox.departments.has(Number(id))) deliverParty(Number(id));
			else invalidparty.push(id);
		}
		for (const id of to.tags) {
			const tag = sandbox.tags.get(Number(id));
			if (!tag) {
				invalidtag.push(id);
				continue;
			}
			for (const userid of tag.users) deliver(userid);
			for (const party of tag.parties) deliverParty(party);
		}
	}
	return { delivered: [...delivered], invaliduser, invalidparty, invalidtag, unlicenseduser };
}

/** @param {unknown} value */
function pipeList(value) {
	return typeof value === 'string' ? value.split('|').map((id) => id.trim()).filter(Boolean) : [];
}

/**
 * The invalid-recipient lists as WeCom sends them: "a|b", present only when not empty.
 * @param {Record<string, string[]>} lists
 */
function invalidLists(lists) {
	/** @type {Record<string, string>} */
	const answer = {};
	for (const [key, ids] of Object.entries(lists)) if (ids.length) answer[key] = ids.join('|');
	return answer;
}

/**
 * Records an accepted message in the inbox.
 * @param {import('../server').WeComSandbox} sandbox
 * @param {Omit<InboxEntry, 'id' | 'at'>} entry
 */
function record(sandbox, entry) {
	const state = messageState(sandbox);
	/** @type {InboxEntry} */
	const full = { id: state.nextId++, at: sandbox.now(), ...entry };
	state.inbox.push(full);
	return full;
}

/**
 * The agent a token may send as: app tokens their own agent; the Contacts Sync secret none.
 * @param {import('../server').RouteContext} context
 */
function agentRefusal({ token, body, ip }) {
	if (token?.secretKind !== 'app') return weComError(48002, ip, 'api forbidden, this secret cannot send app messages');
	if (Number(body.agentid) !== token.agentId) return weComError(40056, ip, 'invalid agentid');
	return undefined;
}

/** @param {import('../server').WeComSandbox} sandbox */
function registerMessageRoutes(sandbox) {
	sandbox.route('POST', '/cgi-bin/message/send', (context) => {
		const { body, ip } = context;
		const refusal = agentRefusal(context);
		if (refusal) return refusal;
		const to = { all: body.touser === '@all', users: pipeList(body.touser), parties: pipeList(body.toparty), tags: pipeList(body.totag) };
		if (!to.all && to.users.length + to.parties.length + to.tags.length === 0) return weComError(82001, ip, 'All touser & toparty & totag invalid');
		if (to.users.length > 1000) return weComError(40032, ip, 'invalid userid list size, touser exceed 1000');
		if (to.parties.length > 100) return weComError(82002, ip, 'invalid partyid list size');
		if (to.tags.length > 100) return weComError(82003, ip, 'invalid tagid list size');
		const payloadError = checkPayload(sandbox, body, APP_TYPES, ip);
		if (payloadError) return payloadError;

		const { delivered, ...invalid } = resolveRecipients(sandbox, to);
		if (delivered.length === 0 && invalid.unlicenseduser.length === 0) {
			// Like WeCom, the refusal lists the recipients it could not use.
			return { ...weComError(81013, ip, 'user & party & tag all invalid'), ...invalidLists(invalid) };
		}

		const state = messageState(sandbox);
		const msgid = randomId('sbxmsg');
		// enable_duplicate_check: the same JSON inside the interval is accepted but not delivered again.
		const fingerprint = JSON.stringify(body);
		const interval = Number(body.duplicate_check_interval ?? 1800) * 1000;
		const previous = state.recentBodies.get(fingerprint);
		const isDuplicate = body.enable_duplicate_check === 1 && previous !== undefined && sandbox.now() - previous < interval;
		state.recentBodies.set(fingerprint, sandbox.now());
		/** @type {Record<string, unknown>} */
		const answer = { ...invalidLists(invalid), msgid };
		if (body.msgtype === 'template_card' && INTERACTIVE_CARDS.includes(body.template_card.card_type)) {
			const code = randomId('sbxrc');
			state.responseCodes.set(code, { msgid, agentid: Number(body.agentid), expiresAt: sandbox.now() + RESPONSE_CODE_TTL_MS, used: false });
			answer.response_code = code;
		}
		if (!isDuplicate) {
			record(sandbox, { kind: 'message', message: body, delivered, msgid, response_code: /** @type {string | undefined} */ (answer.response_code) });
		}
		return answer;
	});

	sandbox.route('POST', '/cgi-bin/message/recall', ({ body, ip, token }) => {
		if (token?.secretKind !== 'app') return weComError(48002, ip, 'api forbidden');
		const entry = inboxOf(sandbox).find((candidate) => candidate.kind === 'message' && candidate.msgid === body.msgid);
		if (!entry || entry.recalled) return weComError(40058, ip, 'invalid Request Parameter, msgid not found or already recalled');
		if (sandbox.now() - entry.at > RECALL_WINDOW_MS) return weComError(40058, ip, 'invalid Request Parameter, msgid older than 24 hours');
		entry.recalled = true;
		return {};
	});

	sandbox.route('POST', '/cgi-bin/message/update_template_card', (context) => {
		const { body, ip } = context;
		const refusal = agentRefusal(context);
		if (refusal) return refusal;
		const state = messageState(sandbox);
		const code = state.responseCodes.get(String(body.response_code ?? ''));
		if (!code || code.used || code.expiresAt <= sandbox.now() || code.agentid !== Number(body.agentid)) {
			return weComError(40058, ip, 'invalid Request Parameter, response_code invalid, used or expired');
		}
		const hasButton = isObject(body.button) && typeof body.button.replace_name === 'string' && body.button.replace_name !== '';
		if (!hasButton && !isObject(body.template_card)) return weComError(40058, ip, 'invalid Request Parameter, button or template_card missing');
		if (!hasButton) {
			const cardError = checkCard(body.template_card, ip);
			if (cardError) return cardError;
		}
		const to = {
			all: body.atall === 1,
			users: Array.isArray(body.userids) ? body.userids.map(String) : [],
			parties: Array.isArray(body.partyids) ? body.partyids.map(String) : [],
			tags: Array.isArray(body.tagids) ? body.tagids.map(String) : [],
		};
		if (!to.all && to.users.length + to.parties.length + to.tags.length === 0) return weComError(82001, ip, 'All userids & partyids & tagids invalid');
		const original = state.inbox.find((entry) => entry.msgid === code.msgid);
		// atall updates the card for everyone who received it (doc 94888), not the whole company.
		const { delivered, ...invalid } =
			to.all && original
				? { delivered: original.delivered, invaliduser: [], invalidparty: [], invalidtag: [], unlicenseduser: [] }
				: resolveRecipients(sandbox, to);
		code.used = true;
		if (original) original.update = hasButton ? { button: body.button } : { template_card: body.template_card };
		record(sandbox, { kind: 'card_update', message: body, delivered, msgid: code.msgid });
		// update_template_card lists invalid users as an array.
		return invalid.invaliduser.length ? { invaliduser: invalid.invaliduser } : {};
	});

	sandbox.route('GET', '/__sandbox/inbox', () => ({ messages: inboxOf(sandbox) }), { auth: false });
	sandbox.route(
		'POST',
		'/__sandbox/inbox/unlicensed',
		({ body }) => {
			const state = messageState(sandbox);
			state.unlicensed = new Set((Array.isArray(body.userids) ? body.userids : []).map((/** @type {unknown} */ id) => String(id).toLowerCase()));
			return { unlicensed: [...state.unlicensed] };
		},
		{ auth: false },
	);
}

/**
 * A member clicks a callback button (type 0) of an interactive card in the inbox, as WeCom models
 * it: the click gets its own single-use response_code (for message/update_template_card), and the
 * app's callback is a template_card_event carrying the button key. Returns the event for
 * sandbox/callbackSender.js ({ kind: 'card', ... }), or an error text.
 * @param {import('../server').WeComSandbox} sandbox
 * @param {{ msgid: string, key: string, userid: string }} click
 * @returns {{ event: Record<string, string> } | { error: string }}
 */
function clickCardButton(sandbox, click) {
	const state = messageState(sandbox);
	const entry = state.inbox.find((candidate) => candidate.kind === 'message' && candidate.msgid === click.msgid);
	const card = entry && isObject(entry.message.template_card) ? entry.message.template_card : undefined;
	if (!entry || !card || !INTERACTIVE_CARDS.includes(String(card.card_type))) return { error: `no interactive card with msgid ${click.msgid}` };
	if (!entry.delivered.map((id) => id.toLowerCase()).includes(click.userid.toLowerCase())) {
		return { error: `${click.userid} did not receive this card` };
	}
	const buttons = Array.isArray(card.button_list) ? card.button_list : [];
	const button = buttons.find((/** @type {Record<string, unknown> | null} */ candidate) => isObject(candidate) && candidate?.key === click.key && Number(candidate?.type ?? 0) === 0);
	if (!button) return { error: 'the card has no callback button with that key' };
	const responseCode = randomId('sbxclick');
	state.responseCodes.set(responseCode, {
		msgid: click.msgid,
		agentid: Number(entry.message.agentid),
		expiresAt: sandbox.now() + RESPONSE_CODE_TTL_MS,
		used: false,
	});
	return {
		event: {
			kind: 'card',
			fromUser: click.userid,
			eventKey: click.key,
			taskId: String(card.task_id ?? ''),
			cardType: String(card.card_type),
			responseCode,
		},
	};
}

module.exports = registerMessageRoutes;
module.exports.inboxOf = inboxOf;
module.exports.messageState = messageState;
module.exports.checkPayload = checkPayload;
module.exports.record = record;
module.exports.clickCardButton = clickCardButton;
