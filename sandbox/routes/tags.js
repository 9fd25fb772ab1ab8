// @ts-check
const { weComError } = require('../errors');

/**
 * Tags. A tag belongs to the app that created it: only that app (or the Contacts Sync secret)
 * may change it or its members, otherwise 60011, as in WeCom.
 */

/**
 * @param {import('../server').RouteContext} context
 * @param {import('../seed').Tag} tag
 */
function mayChange({ token }, tag) {
	return token?.secretKind === 'contacts' || token?.agentId === tag.ownerAgent;
}

/**
 * @param {import('../server').WeComSandbox} sandbox
 * @param {import('../server').RouteContext} context
 * @returns {{ tag: import('../seed').Tag, refusal?: undefined } | { tag?: undefined, refusal: Record<string, unknown> }}
 */
function tagFor(sandbox, context, write = false) {
	const id = Number(context.body.tagid ?? context.query.get('tagid'));
	const tag = sandbox.tags.get(id);
	if (!tag) return { refusal: weComError(40068, context.ip) };
	if (write && !mayChange(context, tag)) return { refusal: weComError(60011, context.ip) };
	return { tag };
}

/** @param {unknown} value */
function validTagName(value) {
	return typeof value === 'string' && value.length > 0 && [...value].length <= 32;
}

/** @param {import('../server').WeComSandbox} sandbox */
module.exports = function registerTagRoutes(sandbox) {
	sandbox.route('POST', '/cgi-bin/tag/create', ({ body, ip, token }) => {
		if (!validTagName(body.tagname)) return weComError(40058, ip, 'invalid Request Parameter, tagname');
		if ([...sandbox.tags.values()].some((tag) => tag.tagname === body.tagname)) return weComError(40071, ip);
		const tagid = body.tagid !== undefined ? Number(body.tagid) : Math.max(0, ...sandbox.tags.keys()) + 1;
		if (sandbox.tags.has(tagid)) return weComError(40068, ip, 'tagid existed');
		sandbox.tags.set(tagid, { tagid, tagname: body.tagname, users: [], parties: [], ownerAgent: token?.agentId ?? 0 });
		return { tagid };
	});

	sandbox.route('POST', '/cgi-bin/tag/update', (context) => {
		const found = tagFor(sandbox, context, true);
		if (!found.tag) return found.refusal;
		if (!validTagName(context.body.tagname)) return weComError(40058, context.ip, 'invalid Request Parameter, tagname');
		found.tag.tagname = context.body.tagname;
		return {};
	});

	sandbox.route('GET', '/cgi-bin/tag/delete', (context) => {
		const found = tagFor(sandbox, context, true);
		if (!found.tag) return found.refusal;
		sandbox.tags.delete(found.tag.tagid);
		return {};
	});

	sandbox.route('GET', '/cgi-bin/tag/get', (context) => {
		const found = tagFor(sandbox, context);
		if (!found.tag) return found.refusal;
		const { tag } = found;
		return {
			tagname: tag.tagname,
			userlist: tag.users.map((userid) => ({ userid, name: sandbox.users.get(userid.toLowerCase())?.name ?? userid })),
			partylist: [...tag.parties],
		};
	});

	sandbox.route('GET', '/cgi-bin/tag/list', () => ({
		taglist: [...sandbox.tags.values()].map(({ tagid, tagname }) => ({ tagid, tagname })),
	}));

	for (const [path, adding] of /** @type {const} */ ([['/cgi-bin/tag/addtagusers', true], ['/cgi-bin/tag/deltagusers', false]])) {
		sandbox.route('POST', path, (context) => {
			const found = tagFor(sandbox, context, true);
			if (!found.tag) return found.refusal;
			const { tag } = found;
			const users = Array.isArray(context.body.userlist) ? context.body.userlist.map(String) : [];
			const parties = Array.isArray(context.body.partylist) ? context.body.partylist.map(Number) : [];
			if (users.length === 0 && parties.length === 0) return weComError(40031, context.ip);
			if (users.length > 1000 || parties.length > 100) return weComError(40058, context.ip, 'invalid Request Parameter, too many members');
			const invalidUsers = users.filter((/** @type {string} */ id) => !sandbox.users.has(id.toLowerCase()));
			const invalidParties = parties.filter((/** @type {number} */ id) => !sandbox.departments.has(id));
			if (invalidUsers.length === users.length && invalidParties.length === parties.length) {
				return { errcode: 40070, errmsg: 'all list invalid', invalidlist: invalidUsers.join('|'), invalidparty: invalidParties };
			}
			for (const id of users.filter((/** @type {string} */ u) => !invalidUsers.includes(u))) {
				const existing = tag.users.findIndex((userid) => userid.toLowerCase() === id.toLowerCase());
				if (adding && existing === -1) tag.users.push(sandbox.users.get(id.toLowerCase())?.userid ?? id);
				if (!adding && existing !== -1) tag.users.splice(existing, 1);
			}
			for (const id of parties.filter((/** @type {number} */ p) => !invalidParties.includes(p))) {
				const existing = tag.parties.indexOf(id);
				if (adding && existing === -1) tag.parties.push(id);
				if (!adding && existing !== -1) tag.parties.splice(existing, 1);
			}
			/** @type {Record<string, unknown>} */
			const answer = {};
			if (invalidUsers.length) answer.invalidlist = invalidUsers.join('|');
			if (invalidParties.length) answer.invalidparty = invalidParties;
			return answer;
		});
	}
};
