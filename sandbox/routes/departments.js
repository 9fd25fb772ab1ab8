// @ts-check
const { weComError } = require('../errors');
const { needsContactsSecret, readsContactDetails } = require('./contactRules');

const FORBIDDEN_NAME_CHARACTERS = /[\\:*?"<>|]/;

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

/**
 * @param {unknown} name
 * @returns {boolean}
 */
function validName(name) {
	return typeof name === 'string' && name.length > 0 && [...name].length <= 32 && !FORBIDDEN_NAME_CHARACTERS.test(name);
}

/** @param {import('../server').WeComSandbox} sandbox */
function registerDepartmentRoutes(sandbox) {
	sandbox.route('GET', '/cgi-bin/department/list', (context) => {
		const refusal = readsContactDetails(context);
		if (refusal) return refusal;
		const id = context.query.has('id') ? Number(context.query.get('id')) : 1;
		if (!sandbox.departments.has(id)) return weComError(60123, context.ip);
		return { department: subtree(sandbox, id).map((department) => ({ ...department })) };
	});

	sandbox.route('GET', '/cgi-bin/department/simplelist', ({ query, ip }) => {
		const id = query.has('id') ? Number(query.get('id')) : 1;
		if (!sandbox.departments.has(id)) return weComError(60123, ip);
		return { department_id: subtree(sandbox, id).map(({ id: departmentId, parentid, order }) => ({ id: departmentId, parentid, order })) };
	});

	sandbox.route('GET', '/cgi-bin/department/get', (context) => {
		const refusal = readsContactDetails(context);
		if (refusal) return refusal;
		const department = sandbox.departments.get(Number(context.query.get('id')));
		if (!department) return weComError(60123, context.ip);
		return { department: { ...department } };
	});

	sandbox.route('POST', '/cgi-bin/department/create', (context) => {
		const refusal = needsContactsSecret(context);
		if (refusal) return refusal;
		const { body, ip } = context;
		if (!validName(body.name)) return weComError(60009, ip);
		const parentid = Number(body.parentid);
		if (!sandbox.departments.has(parentid)) return weComError(60004, ip);
		const siblings = [...sandbox.departments.values()].filter((d) => d.parentid === parentid);
		if (siblings.some((d) => d.name === body.name)) return weComError(60008, ip);
		const id = body.id !== undefined ? Number(body.id) : Math.max(...sandbox.departments.keys()) + 1;
		if (!Number.isInteger(id) || id <= 1 || sandbox.departments.has(id)) return weComError(60008, ip, 'department id existed');
		sandbox.departments.set(id, {
			id,
			name: body.name,
			name_en: body.name_en,
			parentid,
			order: Number(body.order ?? 0),
			department_leader: [],
		});
		return { id };
	});

	sandbox.route('POST', '/cgi-bin/department/update', (context) => {
		const refusal = needsContactsSecret(context);
		if (refusal) return refusal;
		const { body, ip } = context;
		const department = sandbox.departments.get(Number(body.id));
		if (!department) return weComError(60003, ip);
		if (body.name !== undefined && !validName(body.name)) return weComError(60009, ip);
		if (body.parentid !== undefined && !sandbox.departments.has(Number(body.parentid))) return weComError(60004, ip);
		if (body.name !== undefined) department.name = body.name;
		if (body.name_en !== undefined) department.name_en = body.name_en;
		if (body.parentid !== undefined) department.parentid = Number(body.parentid);
		if (body.order !== undefined) department.order = Number(body.order);
		return {};
	});

	sandbox.route('GET', '/cgi-bin/department/delete', (context) => {
		const refusal = needsContactsSecret(context);
		if (refusal) return refusal;
		const id = Number(context.query.get('id'));
		if (!sandbox.departments.has(id) || id === 1) return weComError(60003, context.ip);
		if ([...sandbox.departments.values()].some((d) => d.parentid === id)) return weComError(60006, context.ip);
		if ([...sandbox.users.values()].some((u) => u.department.includes(id))) return weComError(60005, context.ip);
		sandbox.departments.delete(id);
		return {};
	});
}

module.exports = registerDepartmentRoutes;
module.exports.subtree = subtree;
