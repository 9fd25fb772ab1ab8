// @ts-check
/**
 * The sandbox's company: a small realistic directory, plus as many generated members as a test
 * asks for (the paging tests use 25,000). Deterministic, so tests can assert exact output.
 */

/**
 * @typedef {{ id: number, name: string, name_en?: string, parentid: number, order: number, department_leader: string[] }} Department
 * @typedef {{ userid: string, name: string, department: number[], order?: number[], position?: string, mobile?: string, email?: string, gender?: string, status: number, is_leader_in_dept?: number[], direct_leader?: string[], alias?: string, main_department: number, enable?: number, telephone?: string, extattr?: { attrs: Array<Record<string, unknown>> }, avatar_mediaid?: string, to_invite?: boolean, biz_mail?: string, address?: string, external_position?: string }} User
 * @typedef {{ tagid: number, tagname: string, users: string[], parties: number[], ownerAgent: number }} Tag
 */

/** @returns {Department[]} */
function seedDepartments() {
	return [
		{ id: 1, name: 'Sandbox Corp', name_en: 'Sandbox Corp', parentid: 0, order: 100000000, department_leader: ['zhangsan'] },
		{ id: 2, name: 'Engineering', name_en: 'Engineering', parentid: 1, order: 100000000, department_leader: ['lisi'] },
		{ id: 3, name: 'Sales', name_en: 'Sales', parentid: 1, order: 99999000, department_leader: [] },
		{ id: 4, name: 'Platform', name_en: 'Platform', parentid: 2, order: 100000000, department_leader: [] },
		{ id: 5, name: 'Support', name_en: 'Support', parentid: 1, order: 99998000, department_leader: [] },
	];
}

/** @returns {User[]} */
function seedUsers() {
	return [
		{ userid: 'zhangsan', name: 'Zhang San', department: [1], order: [0], position: 'CEO', mobile: '13800000001', email: 'zhangsan@sandbox.example', gender: '1', status: 1, is_leader_in_dept: [1], direct_leader: [], alias: 'San', main_department: 1 },
		{ userid: 'lisi', name: 'Li Si', department: [2], order: [0], position: 'CTO', mobile: '13800000002', email: 'lisi@sandbox.example', gender: '1', status: 1, is_leader_in_dept: [1], direct_leader: ['zhangsan'], alias: '', main_department: 2 },
		{ userid: 'wangwu', name: 'Wang Wu', department: [2, 4], order: [0, 0], position: 'Engineer', mobile: '13800000003', email: 'wangwu@sandbox.example', gender: '2', status: 1, is_leader_in_dept: [0, 0], direct_leader: ['lisi'], alias: '', main_department: 4 },
		{ userid: 'zhaoliu', name: 'Zhao Liu', department: [3], order: [0], position: 'Account Manager', mobile: '13800000004', email: 'zhaoliu@sandbox.example', gender: '2', status: 1, is_leader_in_dept: [0], direct_leader: ['zhangsan'], alias: '', main_department: 3 },
		{ userid: 'sunqi', name: 'Sun Qi', department: [5], order: [0], position: 'Support Agent', mobile: '13800000005', email: 'sunqi@sandbox.example', gender: '1', status: 4, is_leader_in_dept: [0], direct_leader: [], alias: '', main_department: 5 },
	];
}

/**
 * Extra members in a department of their own, for paging tests.
 * @param {number} count
 * @returns {{ departments: Department[], users: User[] }}
 */
function generatedMembers(count) {
	if (count <= 0) return { departments: [], users: [] };
	/** @type {User[]} */
	const users = [];
	for (let index = 0; index < count; index++) {
		const serial = String(index + 1).padStart(6, '0');
		users.push({ userid: `member${serial}`, name: `Member ${serial}`, department: [100], order: [index], status: 1, main_department: 100, position: 'Staff' });
	}
	return {
		departments: [{ id: 100, name: 'Generated Members', name_en: 'Generated Members', parentid: 1, order: 1000, department_leader: [] }],
		users,
	};
}

/** @returns {Tag[]} */
function seedTags() {
	return [
		{ tagid: 1, tagname: 'On Call', users: ['lisi', 'wangwu'], parties: [4], ownerAgent: 1000002 },
		{ tagid: 2, tagname: 'Managers', users: ['zhangsan', 'lisi'], parties: [], ownerAgent: 1000002 },
		// created by another app: the sandbox app may read it but not change it (60011)
		{ tagid: 3, tagname: 'HR Only', users: ['zhaoliu'], parties: [], ownerAgent: 1000099 },
	];
}

module.exports = { seedDepartments, seedUsers, seedTags, generatedMembers };
