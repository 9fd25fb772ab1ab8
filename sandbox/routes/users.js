// @ts-check
const { createHash } = require('node:crypto');

const { weComError } = require('../errors');
const { needsContactsSecret, readsContactDetails } = require('./contactRules');
const { subtree } = require('./departments');

const USERID_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$/;

/** Fields user/create and user/update accept, besides the ones handled on their own. */
const PLAIN_FIELDS = [
	'name', 'alias', 'mobile', 'position', 'gender', 'email', 'biz_mail', 'telephone', 'address',
	'enable', 'avatar_mediaid', 'main_department', 'external_position', 'extattr', 'external_profile',
	'order', 'is_leader_in_dept', 'direct_leader', 'to_invite',
];

/**
 * Members of a department; with fetch_child=1 also of the departments below it.
 * @param {import('../server').WeComSandbox} sandbox
 * @param {number} departmentId
 * @param {boolean} recursive
 */
function membersOf(sandbox, departmentId, recursive) {
	const ids = new Set(recursive ? subtree(sandbox, departmentId).map((d) => d.id) : [departmentId]);
	return [...sandbox.users.values()].filter((user) => user.department.some((id) => ids.has(id)));
}

/**
 * Checks a create/update body the way WeCom does; returns an error body or undefined.
 * @param {import('../server').WeComSandbox} sandbox
 * @param {any} body
 * @param {string} ip
 * @param {boolean} creating
 */
function invalidUserBody(sandbox, body, ip, creating) {
	if (creating && (typeof body.userid !== 'string' || !USERID_PATTERN.test(body.userid))) return weComError(40003, ip);
	if (creating || body.name !== undefined) {
		if (typeof body.name !== 'string' || body.name.length < 1 || [...body.name].length > 64) return weComError(60112, ip);
	}
	if (creating && !body.mobile && !body.email) return weComError(40058, ip, 'invalid Request Parameter, mobile and email can not be both empty');
	if (creating || body.department !== undefined) {
		if (!Array.isArray(body.department) || body.department.length === 0 || body.department.length > 100) {
			return weComError(40058, ip, 'invalid Request Parameter, department');
		}
		if (body.department.some((/** @type {unknown} */ id) => !sandbox.departments.has(Number(id)))) return weComError(60003, ip);
	}
	if (body.mobile !== undefined && !/^\+?[0-9-]{5,32}$/.test(String(body.mobile))) return weComError(60001, ip);
	if (Array.isArray(body.direct_leader) && body.direct_leader.length > 5) {
		return weComError(40058, ip, 'invalid Request Parameter, direct_leader exceeds 5');
	}
	return undefined;
}

/** @param {import('../server').WeComSandbox} sandbox */
module.exports = function registerUserRoutes(sandbox) {
	sandbox.route('GET', '/cgi-bin/user/get', (context) => {
		const refusal = readsContactDetails(context);
		if (refusal) return refusal;
		const userid = context.query.get('userid');
		if (!userid) return weComError(40058, context.ip, 'invalid Request Parameter, userid missing');
		const user = sandbox.users.get(userid.toLowerCase());
		if (!user) return weComError(60111, context.ip);
		return { ...user };
	});

	sandbox.route('GET', '/cgi-bin/user/simplelist', (context) => {
		const refusal = readsContactDetails(context);
		if (refusal) return refusal;
		const departmentId = Number(context.query.get('department_id'));
		if (!sandbox.departments.has(departmentId)) return weComError(60123, context.ip);
		const userlist = membersOf(sandbox, departmentId, context.query.get('fetch_child') === '1').map((user) => ({
			userid: user.userid,
			name: user.name,
			department: user.department,
			open_userid: `wo${user.userid}`,
		}));
		return { userlist };
	});

	sandbox.route('GET', '/cgi-bin/user/list', (context) => {
		const refusal = readsContactDetails(context);
		if (refusal) return refusal;
		const departmentId = Number(context.query.get('department_id'));
		if (!sandbox.departments.has(departmentId)) return weComError(60123, context.ip);
		return { userlist: membersOf(sandbox, departmentId, context.query.get('fetch_child') === '1').map((user) => ({ ...user })) };
	});

	// POST /cgi-bin/user/list_id — cursor paging over (userid, department) pairs; limit 1..10000.
	sandbox.route('POST', '/cgi-bin/user/list_id', (context) => {
		const refusal = needsContactsSecret(context);
		if (refusal) return refusal;
		const { body, ip } = context;
		const limit = Number(body.limit ?? 0);
		if (!Number.isInteger(limit) || limit < 1 || limit > 10000) {
			return weComError(40058, ip, 'invalid Request Parameter, limit should be 1~10000');
		}
		/** @type {Array<{ userid: string, department: number }>} */
		const rows = [];
		for (const user of sandbox.users.values()) {
			for (const department of user.department) rows.push({ userid: user.userid, department });
		}
		const start = body.cursor ? Number.parseInt(Buffer.from(String(body.cursor), 'base64url').toString('utf8'), 10) : 0;
		if (!Number.isInteger(start) || start < 0 || start > rows.length) return weComError(40058, ip, 'invalid cursor');
		const next = start + limit;
		return {
			next_cursor: next < rows.length ? Buffer.from(String(next)).toString('base64url') : '',
			dept_user: rows.slice(start, next),
		};
	});

	sandbox.route('POST', '/cgi-bin/user/create', (context) => {
		const refusal = needsContactsSecret(context);
		if (refusal) return refusal;
		const { body, ip } = context;
		const invalid = invalidUserBody(sandbox, body, ip, true);
		if (invalid) return invalid;
		if (sandbox.users.has(body.userid.toLowerCase())) return weComError(60102, ip);
		if (body.mobile && [...sandbox.users.values()].some((user) => user.mobile === body.mobile)) return weComError(60104, ip);
		/** @type {import('../seed').User} */
		const user = { userid: body.userid, name: body.name, department: body.department.map(Number), status: 4, main_department: Number(body.main_department ?? body.department[0]) };
		for (const field of PLAIN_FIELDS) if (body[field] !== undefined && field !== 'name') Object.assign(user, { [field]: body[field] });
		sandbox.users.set(user.userid.toLowerCase(), user);
		return {};
	});

	sandbox.route('POST', '/cgi-bin/user/update', (context) => {
		const refusal = needsContactsSecret(context);
		if (refusal) return refusal;
		const { body, ip } = context;
		const user = typeof body.userid === 'string' ? sandbox.users.get(body.userid.toLowerCase()) : undefined;
		if (!user) return weComError(60111, ip);
		const invalid = invalidUserBody(sandbox, body, ip, false);
		if (invalid) return invalid;
		for (const field of PLAIN_FIELDS) if (body[field] !== undefined) Object.assign(user, { [field]: body[field] });
		if (body.department !== undefined) user.department = body.department.map(Number);
		return {};
	});

	sandbox.route('GET', '/cgi-bin/user/delete', (context) => {
		const refusal = needsContactsSecret(context);
		if (refusal) return refusal;
		const userid = (context.query.get('userid') ?? '').toLowerCase();
		if (!sandbox.users.has(userid)) return weComError(60111, context.ip);
		sandbox.users.delete(userid);
		return {};
	});

	// One unknown user ID fails the whole batch, like WeCom.
	sandbox.route('POST', '/cgi-bin/user/batchdelete', (context) => {
		const refusal = needsContactsSecret(context);
		if (refusal) return refusal;
		const list = context.body.useridlist;
		if (!Array.isArray(list) || list.length === 0 || list.length > 200) return weComError(40031, context.ip);
		const ids = list.map((/** @type {unknown} */ id) => String(id).toLowerCase());
		if (ids.some((/** @type {string} */ id) => !sandbox.users.has(id))) return weComError(60111, context.ip);
		for (const id of ids) sandbox.users.delete(id);
		return {};
	});

	sandbox.route('POST', '/cgi-bin/user/getuserid', ({ body, ip }) => {
		const user = [...sandbox.users.values()].find((candidate) => candidate.mobile && candidate.mobile === String(body.mobile ?? ''));
		return user ? { userid: user.userid } : weComError(46004, ip);
	});

	sandbox.route('POST', '/cgi-bin/user/get_userid_by_email', ({ body, ip }) => {
		const field = Number(body.email_type ?? 1) === 2 ? 'email' : 'biz_mail';
		const email = String(body.email ?? '').toLowerCase();
		// The seeded members have only one address; the sandbox treats it as both kinds.
		const user = [...sandbox.users.values()].find((candidate) =>
			[candidate[field], candidate.email].some((address) => address && address.toLowerCase() === email),
		);
		return user ? { userid: user.userid } : weComError(46004, ip);
	});

	sandbox.route('POST', '/cgi-bin/user/convert_to_openid', ({ body, ip }) => {
		const user = typeof body.userid === 'string' ? sandbox.users.get(body.userid.toLowerCase()) : undefined;
		if (!user) return weComError(60111, ip);
		return { openid: `oSbx${createHash('sha1').update(user.userid).digest('hex').slice(0, 24)}` };
	});
};
