// @ts-check
const { weComError } = require('../errors');

/**
 * @param {import('../server').WeComSandbox} sandbox
 * @param {number} rootId
 * @returns {import('../seed').Department[]} the department and everything below it, WeCom's order
 */
function subtree(sandbox, rootId) {
	const all = [...sandbox.departments.values()];
	/** @type {import('../seed').Department[]} */
	const result = [];
	/** @param {number} id */
	const walk = (id) => {
		const department = sandbox.departments.get(id);
		if (!department) return;
		result.push(department);
		for (const child of all.filter((d) => d.parentid === id).sort((a, b) => b.order - a.order)) walk(child.id);
	};
	walk(rootId);
	return result;
}

/** @param {import('../server').WeComSandbox} sandbox */
function registerDepartmentRoutes(sandbox) {
	sandbox.route('GET', '/cgi-bin/department/list', ({ query, ip }) => {
		const id = query.has('id') ? Number(query.get('id')) : 1;
		if (!sandbox.departments.has(id)) return weComError(60123, ip);
		return { department: subtree(sandbox, id) };
	});

	sandbox.route('GET', '/cgi-bin/department/simplelist', ({ query, ip }) => {
		const id = query.has('id') ? Number(query.get('id')) : 1;
		if (!sandbox.departments.has(id)) return weComError(60123, ip);
		return { department_id: subtree(sandbox, id).map(({ id: departmentId, parentid, order }) => ({ id: departmentId, parentid, order })) };
	});

	sandbox.route('GET', '/cgi-bin/department/get', ({ query, ip }) => {
		const department = sandbox.departments.get(Number(query.get('id')));
		if (!department) return weComError(60123, ip);
		return { department };
	});
}

module.exports = registerDepartmentRoutes;
module.exports.subtree = subtree;
