/**
 * Users, departments and tags: every operation's request and output against the sandbox through
 * n8n-core's engine, WeCom's rules checked before any request, and the 2022 permission errors.
 */
import { WeCom } from '../../nodes/WeCom/WeCom.node';
import { SANDBOX_CORP } from '../../sandbox/server';
import { jsonOf, startApiHarness } from '../support/weCom';
import type { ApiHarness } from '../support/weCom';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const weCom = new WeCom();

let harness: ApiHarness;
beforeEach(async () => {
	harness = await startApiHarness({}, SANDBOX_CORP.contactsSecret);
});
afterEach(async () => await harness.close());

/** Requests to WeCom's API, without the token exchange. */
function apiCalls() {
	return harness.sandbox.requests.filter((request) => request.path !== '/cgi-bin/gettoken');
}

describe('User writes', () => {
	const newUser = {
		resource: 'user',
		operation: 'create',
		newUserId: 'chenba',
		name: 'Chen Ba',
		departments: {
			membership: [
				{ department: byId('2'), order: 5, isLeader: false },
				{ department: byId('4'), order: 1, isLeader: true },
			],
		},
		toInvite: false,
		additionalFields: { mobile: '13800000099', position: 'Engineer', directLeaders: 'lisi, wangwu', gender: '2' },
		externalAttributes: {
			attribute: [
				{ name: 'Badge', type: 'text', value: 'B-17' },
				{ name: 'Homepage', type: 'web', value: 'Profile', url: 'https://example.com/chenba' },
			],
		},
	};

	test('Create sends every field in WeCom’s shape and returns the new user ID', async () => {
		const result = await harness.run(newUser);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([{ userid: 'chenba', created: true }]);
		const [request] = harness.sandbox.requestsTo('/cgi-bin/user/create');
		expect(request.body).toEqual({
			userid: 'chenba',
			name: 'Chen Ba',
			department: [2, 4],
			order: [5, 1],
			is_leader_in_dept: [0, 1],
			to_invite: false,
			mobile: '13800000099',
			position: 'Engineer',
			gender: '2',
			direct_leader: ['lisi', 'wangwu'],
			extattr: {
				attrs: [
					{ type: 0, name: 'Badge', text: { value: 'B-17' } },
					{ type: 1, name: 'Homepage', web: { url: 'https://example.com/chenba', title: 'Profile' } },
				],
			},
		});
		expect(harness.sandbox.users.get('chenba')).toEqual(expect.objectContaining({ department: [2, 4] }));
	});

	test.each([
		['starts with a dash', '-chen'],
		['has a space', 'chen ba'],
		['is longer than 64 characters', 'a'.repeat(65)],
		['has a Chinese character', '陈八'],
	])('Create rejects a user ID that %s before any request, naming the field and the rule', async (_label, userid) => {
		const result = await harness.run({ ...newUser, newUserId: userid });
		expect(result.error?.message).toContain('User ID');
		expect(result.error?.description).toContain('1 to 64 characters');
		expect(apiCalls()).toHaveLength(0);
	});

	test('Create without mobile or email is rejected before any request', async () => {
		const result = await harness.run({ ...newUser, additionalFields: { position: 'Engineer' } });
		expect(result.error?.message).toBe('Set Mobile or Email');
		expect(apiCalls()).toHaveLength(0);
	});

	test('Create with the app secret explains that the Contacts Sync secret is needed (48002)', async () => {
		const appHarness = await startApiHarness();
		try {
			const result = await appHarness.run(newUser);
			expect(result.error?.message).toBe('WeCom error 48002: api forbidden');
			expect(result.error?.description).toContain('Contacts Sync secret');
		} finally {
			await appHarness.close();
		}
	});

	test('Update sends only the fields that were set', async () => {
		const result = await harness.run({
			resource: 'user',
			operation: 'update',
			userId: byId('wangwu'),
			updateFields: { position: 'Staff Engineer', enable: false },
		});
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([{ userid: 'wangwu', updated: true }]);
		expect(harness.sandbox.requestsTo('/cgi-bin/user/update')[0].body).toEqual({
			userid: 'wangwu',
			position: 'Staff Engineer',
			enable: 0,
		});
	});

	test('Update with nothing to change fails before any request', async () => {
		const result = await harness.run({ resource: 'user', operation: 'update', userId: byId('wangwu') });
		expect(result.error?.message).toBe('Nothing to update');
		expect(apiCalls()).toHaveLength(0);
	});

	test('Delete removes one member', async () => {
		const result = await harness.run({ resource: 'user', operation: 'delete', userId: byId('sunqi') });
		expect(jsonOf(result)).toEqual([{ userid: 'sunqi', deleted: true }]);
		expect(harness.sandbox.requestsTo('/cgi-bin/user/delete')[0].query.userid).toBe('sunqi');
		expect(harness.sandbox.users.has('sunqi')).toBe(false);
	});

	test('Delete Many of 450 users makes 3 calls of 200, 200 and 50', async () => {
		const bulk = await startApiHarness({ generatedMembers: 500 }, SANDBOX_CORP.contactsSecret);
		try {
			const ids = Array.from({ length: 450 }, (_, index) => `member${String(index + 1).padStart(6, '0')}`);
			const result = await bulk.run({ resource: 'user', operation: 'deleteMany', userIds: ids.join(',') });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(result.items[0].json).toEqual(expect.objectContaining({ success: true, batches: 3 }));
			const calls = bulk.sandbox.requestsTo('/cgi-bin/user/batchdelete');
			expect(calls.map((call) => (call.body as { useridlist: string[] }).useridlist.length)).toEqual([200, 200, 50]);
			expect(calls.flatMap((call) => (call.body as { useridlist: string[] }).useridlist)).toEqual(ids);
			expect(bulk.sandbox.users.has('member000450')).toBe(false);
			expect(bulk.sandbox.users.has('member000451')).toBe(true);
		} finally {
			await bulk.close();
		}
	});

	test('Get ID by Mobile, Get ID by Email and Convert to OpenID', async () => {
		const byMobile = await harness.run({ resource: 'user', operation: 'getIdByMobile', mobile: '13800000003' });
		expect(jsonOf(byMobile)).toEqual([{ userid: 'wangwu' }]);
		expect(harness.sandbox.requestsTo('/cgi-bin/user/getuserid')[0].body).toEqual({ mobile: '13800000003' });

		const byEmail = await harness.run({
			resource: 'user',
			operation: 'getIdByEmail',
			email: 'lisi@sandbox.example',
			emailType: 2,
		});
		expect(jsonOf(byEmail)).toEqual([{ userid: 'lisi' }]);
		expect(harness.sandbox.requestsTo('/cgi-bin/user/get_userid_by_email')[0].body).toEqual({
			email: 'lisi@sandbox.example',
			email_type: 2,
		});

		const openId = await harness.run({ resource: 'user', operation: 'convertToOpenId', userId: byId('lisi') });
		expect(jsonOf(openId)).toEqual([{ openid: expect.stringMatching(/^oSbx/) }]);
		expect(harness.sandbox.requestsTo('/cgi-bin/user/convert_to_openid')[0].body).toEqual({ userid: 'lisi' });
	});

	test('an unknown mobile gives WeCom’s 46004', async () => {
		const result = await harness.run({ resource: 'user', operation: 'getIdByMobile', mobile: '13999999999' });
		expect(result.error?.message).toBe('WeCom error 46004: user not exist');
	});

	test('the Contacts Sync secret from a new IP (48009) explains the 2022 rule and the way around it', async () => {
		harness.sandbox.options.contactsSyncFromNewIp = true;
		const result = await harness.run({ resource: 'user', operation: 'get', userId: byId('lisi') });
		expect(result.error?.message).toContain('48009');
		expect(result.error?.description).toContain('List User IDs');
	});
});

describe('Department', () => {
	test('Create sends name, parent and the optional fields, and returns the new ID', async () => {
		const result = await harness.run({
			resource: 'department',
			operation: 'create',
			name: 'Research',
			parentId: byId('2'),
			additionalFields: { nameEn: 'R&D', order: 10 },
		});
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([{ id: 6 }]);
		expect(harness.sandbox.requestsTo('/cgi-bin/department/create')[0].body).toEqual({
			name: 'Research',
			parentid: 2,
			name_en: 'R&D',
			order: 10,
		});
	});

	test.each(['Sales/East?', 'A<B>', 'x'.repeat(33)])('Create rejects the name %j before any request', async (name) => {
		const result = await harness.run({ resource: 'department', operation: 'create', name, parentId: byId('1') });
		expect(result.error?.message).toContain('Department name');
		expect(result.error?.description).toContain('1 to 32 characters');
		expect(apiCalls()).toHaveLength(0);
	});

	test('Update sends only what was set; Delete refuses a department that still has members (60005)', async () => {
		const updated = await harness.run({
			resource: 'department',
			operation: 'update',
			departmentId: byId('5'),
			updateFields: { name: 'Customer Care' },
		});
		expect(jsonOf(updated)).toEqual([{ id: 5, updated: true }]);
		expect(harness.sandbox.requestsTo('/cgi-bin/department/update')[0].body).toEqual({ id: 5, name: 'Customer Care' });

		const refused = await harness.run({ resource: 'department', operation: 'delete', departmentId: byId('5') });
		expect(refused.error?.message).toBe('WeCom error 60005: department contains user');
	});

	test('Get returns the department; Get Many lists the tree, or IDs only', async () => {
		const one = await harness.run({ resource: 'department', operation: 'get', departmentId: byId('4') });
		expect(jsonOf(one)).toEqual([expect.objectContaining({ id: 4, name: 'Platform', parentid: 2 })]);

		const tree = await harness.run({
			resource: 'department',
			operation: 'getMany',
			departmentId: byId('2'),
			returnAll: true,
		});
		expect(jsonOf(tree).map((department) => department.name)).toEqual(['Engineering', 'Platform']);

		const ids = await harness.run({
			resource: 'department',
			operation: 'getMany',
			departmentId: byId('1'),
			idsOnly: true,
			returnAll: false,
			limit: 2,
		});
		expect(jsonOf(ids)).toEqual([
			{ id: 1, parentid: 0, order: 100000000 },
			{ id: 2, parentid: 1, order: 100000000 },
		]);
		expect(harness.sandbox.requestsTo('/cgi-bin/department/simplelist')[0].query.id).toBe('1');
	});
});

describe('Tag', () => {
	test('Create, Update, Get Many, Get and Delete', async () => {
		const created = await harness.run({ resource: 'tag', operation: 'create', tagName: 'Night Shift' });
		expect(jsonOf(created)).toEqual([{ tagid: 4 }]);

		const renamed = await harness.run({ resource: 'tag', operation: 'update', tagId: byId('4'), tagName: 'Late Shift' });
		expect(jsonOf(renamed)).toEqual([{ tagid: 4, updated: true }]);
		expect(harness.sandbox.requestsTo('/cgi-bin/tag/update')[0].body).toEqual({ tagid: 4, tagname: 'Late Shift' });

		const all = await harness.run({ resource: 'tag', operation: 'getMany', returnAll: true });
		expect(jsonOf(all)).toContainEqual({ tagid: 4, tagname: 'Late Shift' });

		const members = await harness.run({ resource: 'tag', operation: 'get', tagId: byId('1') });
		expect(jsonOf(members)).toEqual([
			{
				tagname: 'On Call',
				userlist: [
					{ userid: 'lisi', name: 'Li Si' },
					{ userid: 'wangwu', name: 'Wang Wu' },
				],
				partylist: [4],
			},
		]);

		const deleted = await harness.run({ resource: 'tag', operation: 'delete', tagId: byId('4') });
		expect(jsonOf(deleted)).toEqual([{ tagid: 4, deleted: true }]);
	});

	const addMembers = {
		resource: 'tag',
		operation: 'addMembers',
		tagId: byId('2'),
		members: {
			users: [{ user: byId('wangwu') }, { user: byId('ghost,zhaoliu') }],
			departments: [{ department: byId('3') }, { department: byId('999') }],
		},
	};

	test('Add Members: a partial failure comes back as fields the next node can use', async () => {
		const result = await harness.run(addMembers);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([{ success: true, invalidUsers: ['ghost'], invalidDepartments: [999] }]);
		expect(harness.sandbox.requestsTo('/cgi-bin/tag/addtagusers')[0].body).toEqual({
			tagid: 2,
			userlist: ['wangwu', 'ghost', 'zhaoliu'],
			partylist: [3, 999],
		});
		expect(harness.sandbox.tags.get(2)?.users).toEqual(['zhangsan', 'lisi', 'wangwu', 'zhaoliu']);
	});

	test('Add Members with Fail on Invalid Members turns the partial failure into an item error', async () => {
		const result = await harness.run({ ...addMembers, failOnInvalidMembers: true }, { onError: 'continueRegularOutput' });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe('WeCom rejected 1 user(s) and 1 department(s)');
	});

	test('Remove Members, and a tag of another app gives 60011 with the visibility hint', async () => {
		const removed = await harness.run({
			resource: 'tag',
			operation: 'removeMembers',
			tagId: byId('1'),
			members: { users: [{ user: byId('lisi') }] },
		});
		expect(jsonOf(removed)).toEqual([{ success: true, invalidUsers: [], invalidDepartments: [] }]);
		expect(harness.sandbox.tags.get(1)?.users).toEqual(['wangwu']);

		const appHarness = await startApiHarness();
		try {
			const refused = await appHarness.run({
				resource: 'tag',
				operation: 'addMembers',
				tagId: byId('3'),
				members: { users: [{ user: byId('lisi') }] },
			});
			expect(refused.error?.message).toBe('WeCom error 60011: no privilege to access/modify contact/party/agent');
			expect(refused.error?.description).toContain('Visible Range');
		} finally {
			await appHarness.close();
		}
	});

	test.each([
		['1001 users', { users: [{ user: byId(Array.from({ length: 1001 }, (_, i) => `u${i}`).join(',')) }] }, 'at most 1000 users'],
		['101 departments', { departments: [{ department: byId('={{ Array.from({ length: 101 }, (_, i) => i + 1).join(",") }}') }] }, 'at most 100 departments'],
		['no members', {}, 'Add at least one user or department'],
		['a bad user ID', { users: [{ user: byId('bad id!') }] }, 'not a valid WeCom user ID'],
	])('Add Members with %s fails before any request', async (_label, members, message) => {
		const result = await harness.run({ ...addMembers, members });
		expect(result.error?.message).toContain(message);
		expect(apiCalls()).toHaveLength(0);
	});

	test('the tag picker lists tags by name', async () => {
		const found = await weCom.methods.listSearch.searchTags.call(harness.pickerContext(), 'call');
		expect(found.results).toEqual([{ name: 'On Call (1)', value: '1' }]);
	});
});
