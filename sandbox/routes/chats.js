// @ts-check
const { weComError } = require('../errors');
const { checkPayload, record } = require('./messages');

/**
 * App group chats (appchat/create, update, get, send; docs 90245/98913/98914/90248). Like WeCom,
 * there is no appchat/list, and a chat can only be read or changed by the app that created it.
 *
 * @typedef {object} AppChat
 * @property {string} chatid
 * @property {string} name
 * @property {string} owner
 * @property {string[]} userlist
 * @property {number} creatorAgentId
 */

const CHAT_TYPES = ['text', 'image', 'voice', 'video', 'file', 'textcard', 'news', 'mpnews', 'markdown'];

/**
 * @param {import('../server').WeComSandbox} sandbox
 * @returns {Map<string, AppChat>}
 */
function chatsOf(sandbox) {
	const existing = sandbox.extensions.get('appchats');
	if (existing instanceof Map) return existing;
	/** @type {Map<string, AppChat>} */
	const chats = new Map();
	sandbox.extensions.set('appchats', chats);
	return chats;
}

/**
 * @param {import('../server').WeComSandbox} sandbox
 * @param {unknown} ids
 * @returns {string[] | undefined} canonical user IDs, or undefined when one is unknown
 */
function knownUsers(sandbox, ids) {
	if (!Array.isArray(ids)) return [];
	/** @type {string[]} */
	const result = [];
	for (const id of ids) {
		const user = sandbox.users.get(String(id).toLowerCase());
		if (!user) return undefined;
		if (!result.includes(user.userid)) result.push(user.userid);
	}
	return result;
}

/**
 * The chat for a request, if this app may use it.
 * @param {import('../server').WeComSandbox} sandbox
 * @param {import('../server').RouteContext} context
 * @param {unknown} chatid
 * @returns {{ chat: AppChat } | { refusal: Record<string, unknown> }}
 */
function chatFor(sandbox, { ip, token }, chatid) {
	const chat = chatsOf(sandbox).get(String(chatid ?? ''));
	if (!chat) return { refusal: weComError(86003, ip, 'chatid not exist') };
	if (token?.agentId !== chat.creatorAgentId || token?.secretKind !== 'app') return { refusal: weComError(86008, ip, 'no privilege to access chat not created by this app') };
	return { chat };
}

/** @param {import('../server').WeComSandbox} sandbox */
module.exports = function registerChatRoutes(sandbox) {
	sandbox.route('POST', '/cgi-bin/appchat/create', ({ body, ip, token }) => {
		if (token?.secretKind !== 'app') return weComError(48002, ip, 'api forbidden');
		const members = knownUsers(sandbox, body.userlist);
		if (!members) return weComError(86007, ip, 'invalid chat member');
		if (members.length < 2 || members.length > 2000) return weComError(86006, ip, 'chat member count out of range 2~2000');
		let owner = members[0];
		if (body.owner !== undefined) {
			const found = sandbox.users.get(String(body.owner).toLowerCase());
			if (!found || !members.includes(found.userid)) return weComError(86005, ip, 'invalid chat owner');
			owner = found.userid;
		}
		const chats = chatsOf(sandbox);
		let chatid = body.chatid;
		if (chatid !== undefined) {
			if (typeof chatid !== 'string' || !/^[0-9a-zA-Z]{1,32}$/.test(chatid)) return weComError(86001, ip, 'invalid chatid');
			if (chats.has(chatid)) return weComError(86001, ip, 'chatid already exists');
		} else {
			chatid = `wrSbx${(chats.size + 1).toString(36)}${Math.random().toString(36).slice(2, 12)}`;
		}
		const name = typeof body.name === 'string' ? [...body.name].slice(0, 50).join('') : '';
		chats.set(chatid, { chatid, name, owner, userlist: members, creatorAgentId: token.agentId });
		return { chatid };
	});

	sandbox.route('POST', '/cgi-bin/appchat/update', (context) => {
		const { body, ip } = context;
		const found = chatFor(sandbox, context, body.chatid);
		if ('refusal' in found) return found.refusal;
		const { chat } = found;
		const add = knownUsers(sandbox, body.add_user_list);
		const remove = knownUsers(sandbox, body.del_user_list);
		if (!add || !remove) return weComError(86007, ip, 'invalid chat member');
		const members = [...chat.userlist.filter((id) => !remove.includes(id)), ...add.filter((id) => !chat.userlist.includes(id))];
		if (members.length < 2 || members.length > 2000) return weComError(86006, ip, 'chat member count out of range 2~2000');
		let owner = chat.owner;
		if (body.owner !== undefined) {
			const user = sandbox.users.get(String(body.owner).toLowerCase());
			if (!user || !members.includes(user.userid)) return weComError(86005, ip, 'invalid chat owner');
			owner = user.userid;
		} else if (!members.includes(owner)) {
			return weComError(86005, ip, 'the owner is removed, a new owner is required');
		}
		if (body.name !== undefined) {
			if (typeof body.name !== 'string') return weComError(86004, ip, 'invalid chat name');
			chat.name = [...body.name].slice(0, 50).join('');
		}
		chat.owner = owner;
		chat.userlist = members;
		return {};
	});

	sandbox.route('GET', '/cgi-bin/appchat/get', (context) => {
		const found = chatFor(sandbox, context, context.query.get('chatid'));
		if ('refusal' in found) return found.refusal;
		const { chat } = found;
		return { chat_info: { chatid: chat.chatid, name: chat.name, owner: chat.owner, userlist: [...chat.userlist], chat_type: 0 } };
	});

	sandbox.route('POST', '/cgi-bin/appchat/send', (context) => {
		const { body, ip } = context;
		const found = chatFor(sandbox, context, body.chatid);
		if ('refusal' in found) return found.refusal;
		const payloadError = checkPayload(sandbox, body, CHAT_TYPES, ip);
		if (payloadError) return payloadError;
		record(sandbox, { kind: 'appchat', chatid: found.chat.chatid, message: body, delivered: [...found.chat.userlist] });
		return {};
	});
};

module.exports.chatsOf = chatsOf;
