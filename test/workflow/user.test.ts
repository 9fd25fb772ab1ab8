/** Resource User of the weCom node, end to end against the sandbox through n8n-core's engine. */
import { WeCom } from '../../nodes/WeCom/WeCom.node';
import { SANDBOX_CORP } from '../../sandbox/server';
import { jsonOf, useApiHarness } from '../support/weCom';

const weCom = new WeCom();

describe('User: Get and Get Many', () => {
	const harness = useApiHarness();

	test('Get sends GET /cgi-bin/user/get?userid= and returns the profile without the errcode envelope', async () => {
		const result = await harness.run({
			resource: 'user',
			operation: 'get',
			userId: { __rl: true, mode: 'list', value: 'wangwu' },
		});
		expect(result.error).toBeUndefined();
		const [user] = jsonOf(result);
		expect(user).toEqual(
			expect.objectContaining({ userid: 'wangwu', name: 'Wang Wu', department: [2, 4], main_department: 4 }),
		);
		expect(user).not.toHaveProperty('errcode');
		expect(user).not.toHaveProperty('errmsg');
		const [request] = harness.sandbox.requestsTo('/cgi-bin/user/get');
		expect(request.method).toBe('GET');
		expect(request.query).toEqual({ userid: 'wangwu', access_token: expect.stringMatching(/^sbx_/) });
	});

	test('Get Many (simple) lists a department’s members through user/simplelist, one item each', async () => {
		const result = await harness.run({
			resource: 'user',
			operation: 'getMany',
			departmentId: { __rl: true, mode: 'list', value: '2' },
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([
			{ userid: 'lisi', name: 'Li Si', department: [2], open_userid: 'wolisi' },
			{ userid: 'wangwu', name: 'Wang Wu', department: [2, 4], open_userid: 'wowangwu' },
		]);
		const [request] = harness.sandbox.requestsTo('/cgi-bin/user/simplelist');
		expect(request.query).toEqual(expect.objectContaining({ department_id: '2', fetch_child: '0' }));
	});

	test('Get Many with details and sub-departments uses user/list?fetch_child=1 and honours the limit', async () => {
		const result = await harness.run({
			resource: 'user',
			operation: 'getMany',
			departmentId: { __rl: true, mode: 'id', value: '1' },
			details: true,
			recursive: true,
			returnAll: false,
			limit: 3,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(jsonOf(result)[0]).toEqual(expect.objectContaining({ userid: 'zhangsan', position: 'CEO', status: 1 }));
		const [request] = harness.sandbox.requestsTo('/cgi-bin/user/list');
		expect(request.query).toEqual(expect.objectContaining({ department_id: '1', fetch_child: '1' }));
	});

	test('an unknown department gives WeCom’s errcode as a NodeApiError', async () => {
		const result = await harness.run({
			resource: 'user',
			operation: 'getMany',
			departmentId: { __rl: true, mode: 'id', value: '999' },
			returnAll: true,
		});
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('WeCom error 60123: invalid party id');
	});

	test('the department picker lists departments by name, searchable', async () => {
		const all = await weCom.methods.listSearch.searchDepartments.call(harness.pickerContext());
		expect(all.results).toEqual([
			{ name: 'Sandbox Corp (1)', value: '1' },
			{ name: 'Engineering (2)', value: '2' },
			{ name: 'Platform (4)', value: '4' },
			{ name: 'Sales (3)', value: '3' },
			{ name: 'Support (5)', value: '5' },
		]);
		const filtered = await weCom.methods.listSearch.searchDepartments.call(harness.pickerContext(), 'plat');
		expect(filtered.results).toEqual([{ name: 'Platform (4)', value: '4' }]);
	});

	test('the user picker finds members by name or user ID', async () => {
		const found = await weCom.methods.listSearch.searchUsers.call(harness.pickerContext(), 'wang');
		expect(found.results).toEqual([{ name: 'Wang Wu (wangwu)', value: 'wangwu' }]);
	});
});

describe('User: List IDs over a directory of 25,000 members (cursor paging)', () => {
	// user/list_id answers only to the Contacts Sync secret
	const harness = useApiHarness({ sandbox: { generatedMembers: 25000 }, secret: SANDBOX_CORP.contactsSecret });

	test('Return All gets every (user, department) row exactly once', async () => {
		const result = await harness.run({ resource: 'user', operation: 'listIds', returnAll: true, pageSize: 10000 });
		expect(result.error).toBeUndefined();
		const rows = jsonOf(result);
		// 25,000 generated members + 5 seeded members with 6 department memberships between them
		expect(rows).toHaveLength(25006);
		const keys = new Set(rows.map((row) => `${String(row.userid)}@${String(row.department)}`));
		expect(keys.size).toBe(25006);
		expect(keys.has('member025000@100')).toBe(true);
		const pages = harness.sandbox.requestsTo('/cgi-bin/user/list_id');
		expect(pages).toHaveLength(3);
		expect(pages[0].body).toEqual({ limit: 10000 });
		expect(pages[1].body).toEqual({ limit: 10000, cursor: expect.any(String) });
	});

	test('a Limit stops early: no further page is fetched, and the last page asks only for what is missing', async () => {
		const result = await harness.run({
			resource: 'user',
			operation: 'listIds',
			returnAll: false,
			limit: 1500,
			pageSize: 1000,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1500);
		const pages = harness.sandbox.requestsTo('/cgi-bin/user/list_id');
		expect(pages.map((page) => (page.body as { limit: number }).limit)).toEqual([1000, 500]);
	});

	test('a token that expires between pages is refreshed and only that page is replayed', async () => {
		const run = harness.run({ resource: 'user', operation: 'listIds', returnAll: true, pageSize: 5000 });
		await harness.sandbox.waitForRequests('/cgi-bin/user/list_id', 2);
		harness.sandbox.expireAllTokens();
		const result = await run;
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(25006);
		// the log was cleared after the first test's gettoken: this is the one refresh
		expect(harness.sandbox.countOf('/cgi-bin/gettoken')).toBe(1);
		// 6 pages of up to 5,000 rows, one of them sent twice
		expect(harness.sandbox.countOf('/cgi-bin/user/list_id')).toBe(7);
	});
});
