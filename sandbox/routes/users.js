// @ts-check
const { weComError } = require('../errors');
const { subtree } = require('./departments');

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

/** @param {import('../server').WeComSandbox} sandbox */
module.exports = function registerUserRoutes(sandbox) {
	sandbox.route('GET', '/cgi-bin/user/get', ({ query, ip }) => {
		const userid = query.get('userid');
		if (!userid) return weComError(40058, ip, 'invalid Request Parameter, userid missing');
		const user = sandbox.users.get(userid.toLowerCase());
		if (!user) return weComError(60111, ip);
		return { ...user };
	});

	sandbox.route('GET', '/cgi-bin/user/simplelist', ({ query, ip }) => {
		const departmentId = Number(query.get('department_id'));
		if (!sandbox.departments.has(departmentId)) return weComError(60123, ip);
		const userlist = membersOf(sandbox, departmentId, query.get('fetch_child') === '1').map((user) => ({
			userid: user.userid,
			name: user.name,
			department: user.department,
			open_userid: `wo${user.userid}`,
		}));
		return { userlist };
	});

	sandbox.route('GET', '/cgi-bin/user/list', ({ query, ip }) => {
		const departmentId = Number(query.get('department_id'));
		if (!sandbox.departments.has(departmentId)) return weComError(60123, ip);
		return { userlist: membersOf(sandbox, departmentId, query.get('fetch_child') === '1').map((user) => ({ ...user })) };
	});

	// POST /cgi-bin/user/list_id — cursor paging over (userid, department) pairs; limit 1..10000.
	sandbox.route('POST', '/cgi-bin/user/list_id', ({ body, ip }) => {
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
		const page = rows.slice(start, start + limit);
		const next = start + limit;
		return {
			next_cursor: next < rows.length ? Buffer.from(String(next)).toString('base64url') : '',
			dept_user: page,
		};
	});
};
