// @ts-check
const { weComError } = require('../errors');

/**
 * Customer groups (客户群, externalcontact/groupchat/list and /get): WeCom's real list of group
 * chats, with cursor paging. They belong to Customer Contact: the sandbox's app secret stands for
 * an app added to Customer Contact's callable apps; the Contacts Sync secret gets 48002.
 *
 * @typedef {object} CustomerGroup
 * @property {string} chat_id
 * @property {string} name
 * @property {string} owner
 * @property {number} create_time
 * @property {string} notice
 * @property {number} status 0 normal, 1 owner left, 2 inheriting, 3 inherited
 * @property {Array<Record<string, unknown>>} member_list
 * @property {Array<{ userid: string }>} admin_list
 */

const OWNERS = ['zhangsan', 'lisi', 'zhaoliu'];
const GROUP_COUNT = 25;

/**
 * 25 deterministic groups owned by three members; every seventh waits for inheritance.
 * @returns {CustomerGroup[]}
 */
function seedCustomerGroups() {
	/** @type {CustomerGroup[]} */
	const groups = [];
	for (let index = 0; index < GROUP_COUNT; index++) {
		const serial = String(index + 1).padStart(3, '0');
		const owner = OWNERS[index % OWNERS.length];
		groups.push({
			chat_id: `wrSbxCustomer${serial}`,
			name: `Customer group ${serial}`,
			owner,
			create_time: 1700000000 + index * 3600,
			notice: index === 0 ? 'Welcome! Office hours are 9:00–18:00.' : '',
			status: index % 7 === 6 ? 1 : 0,
			member_list: [
				{ userid: owner, type: 1, join_time: 1700000000 + index * 3600, join_scene: 1, invitor: { userid: owner }, group_nickname: '', name: owner },
				{ userid: `wmSbxExternal${serial}`, type: 2, unionid: `oSbxUnion${serial}`, join_time: 1700000100 + index * 3600, join_scene: 3, invitor: { userid: owner }, group_nickname: '', name: `Customer ${serial}` },
			],
			admin_list: [],
		});
	}
	return groups;
}

/** @param {import('../server').WeComSandbox} sandbox */
function groupsOf(sandbox) {
	const existing = sandbox.extensions.get('customerGroups');
	if (Array.isArray(existing)) return /** @type {CustomerGroup[]} */ (existing);
	const groups = seedCustomerGroups();
	sandbox.extensions.set('customerGroups', groups);
	return groups;
}

/** @param {import('../server').RouteContext} context */
function secretRefusal({ token, ip }) {
	return token?.secretKind === 'app' ? undefined : weComError(48002, ip, 'api forbidden, needs the customer contact secret or a callable app');
}

/** @param {import('../server').WeComSandbox} sandbox */
module.exports = function registerCustomerGroupRoutes(sandbox) {
	sandbox.route('POST', '/cgi-bin/externalcontact/groupchat/list', (context) => {
		const { body, ip } = context;
		const refusal = secretRefusal(context);
		if (refusal) return refusal;
		const limit = Number(body.limit);
		if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return weComError(40058, ip, 'invalid Request Parameter, limit should be 1~1000');
		const status = Number(body.status_filter ?? 0);
		const owners = Array.isArray(body.owner_filter?.userid_list) ? body.owner_filter.userid_list.map((/** @type {unknown} */ id) => String(id).toLowerCase()) : [];
		if (owners.length > 100) return weComError(40058, ip, 'invalid Request Parameter, userid_list exceed 100');
		const rows = groupsOf(sandbox).filter(
			(group) => (status === 0 || group.status === status) && (owners.length === 0 || owners.includes(group.owner)),
		);
		const start = body.cursor ? Number.parseInt(Buffer.from(String(body.cursor), 'base64url').toString('utf8'), 10) : 0;
		if (!Number.isInteger(start) || start < 0 || start > rows.length) return weComError(40058, ip, 'invalid cursor');
		const next = start + limit;
		return {
			group_chat_list: rows.slice(start, next).map((group) => ({ chat_id: group.chat_id, status: group.status })),
			next_cursor: next < rows.length ? Buffer.from(String(next)).toString('base64url') : '',
		};
	});

	sandbox.route('POST', '/cgi-bin/externalcontact/groupchat/get', (context) => {
		const { body, ip } = context;
		const refusal = secretRefusal(context);
		if (refusal) return refusal;
		const group = groupsOf(sandbox).find((candidate) => candidate.chat_id === body.chat_id);
		if (!group) return weComError(40050, ip, 'chatid not exist');
		const withNames = body.need_name === 1;
		const { status: _status, ...details } = group;
		return {
			group_chat: {
				...details,
				member_list: group.member_list.map(({ name, ...member }) => (withNames ? { ...member, name } : member)),
			},
		};
	});
};

module.exports.groupsOf = groupsOf;
