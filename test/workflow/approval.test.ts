/**
 * Approval → Get Template, Submit, Get Many and Get, run through n8n-core's engine against the
 * sandbox, which checks applyevent against the template as WeCom does and enforces the 31-day
 * rule and cursor paging of getapprovalinfo.
 */
import type { INodeParameters, ResourceMapperValue } from 'n8n-workflow';

import { getApprovalFormFields, searchApprovalTemplates } from '../../nodes/WeCom/helpers/approvalTemplates';
import { MAX_WINDOW_SECONDS, timeWindows } from '../../nodes/WeCom/helpers/approvalOperations';
import { SANDBOX_CORP } from '../../sandbox/server';
import { addApplication, approvalState, decide } from '../../sandbox/routes/approvals';
import { mediaStore } from '../../sandbox/routes/media';
import { loadOptionsContext } from '../support/engine';
import { dig, fakeFile, itemWithFiles, onlyBodyTo } from '../support/media';
import { API_CREDENTIAL_ID, jsonOf, useApiHarness } from '../support/weCom';

const LEAVE = 'C4UCJS891Afmu1rE1Ws6cvph7YHqebWtt7KRm1D8t';
const EXPENSE = '3TmALk1ogfgKiQE3e3jRwnTUhMTh8vca1N8zUVNU';
const DAY = 24 * 3600;

/** A selector option as applyevent carries it. */
const chosen = (optionKey: string) => ({ key: optionKey });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const mapped = (value: ResourceMapperValue['value']): ResourceMapperValue => ({ mappingMode: 'defineBelow', value, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false });

const harness = useApiHarness({ forget: ['approvals'] });

function submit(templateId: string, fields: ResourceMapperValue['value'], extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'approval',
		operation: 'submit',
		templateId: byId(templateId),
		creatorUserId: byId('wangwu'),
		inputMode: 'mapper',
		formFields: mapped(fields),
		...extra,
	};
}

const applyBody = () => onlyBodyTo(harness.sandbox, '/cgi-bin/oa/applyevent');
const contentOf = (id: string) => (dig(applyBody(), 'apply_data', 'contents') as Array<{ id: string }>).find((content) => content.id === id);

describe('Submit', () => {
	test('every control type of the expense template submits the value WeCom documents', async () => {
		const receipt = fakeFile('pdf', 4000);
		const earlier = addApplication(harness.sandbox, { templateId: LEAVE, creator: 'wangwu', applyTime: Math.floor(Date.now() / 1000) - DAY });
		const item = itemWithFiles({ receipt: { content: receipt, fileName: 'taxi.pdf', mimeType: 'application/pdf' } });
		const result = await harness.run(
			submit(EXPENSE, {
				'Text-1569573760849': 'Customer visit',
				'Textarea-1569573760850': 'Two taxis',
				'Number-1569573760851': 2,
				'Money-1569573760852': 120.5,
				'Date-1569573760853': '2026-11-20T00:00:00Z',
				'DateRange-1569573760854|begin': '2026-11-20T08:00:00Z',
				'DateRange-1569573760854|end': '2026-11-21T18:00:00Z',
				'Selector-1569573760855': 'option-expense-type-1',
				'Selector-1569573760856': 'Customer, Internal',
				'Contact-1569573760857': 'lisi, zhaoliu',
				'Contact-1569573760858': '2',
				'File-1569573760859': 'receipt',
				'Table-1569573760860': JSON.stringify([{ Item: 'Taxi', Amount: 80 }, { 项目: 'Bus', Amount: '40.5' }]),
				'Attendance-1569573760863|begin': '2026-11-20T09:00:00Z',
				'Attendance-1569573760863|end': '2026-11-20T12:00:00Z',
				'Location-1569573760864|latitude': 39.9,
				'Location-1569573760864|longitude': 116.4,
				'Location-1569573760864|title': 'Client HQ',
				'Location-1569573760864|address': '1 Main St',
				'RelatedApproval-1569573760865': earlier,
			}),
			{ items: [item] },
		);
		expect(result.error).toBeUndefined();
		const spNo = String(jsonOf(result)[0].sp_no);
		expect(spNo).toMatch(/^\d{12}$/);
		const [fileId] = [...mediaStore(harness.sandbox).keys()].slice(-1);
		expect(mediaStore(harness.sandbox).get(fileId)?.content.equals(receipt)).toBe(true);

		const at = (iso: string) => Date.parse(iso) / 1000;
		expect(applyBody()).toMatchObject({ creator_userid: 'wangwu', template_id: EXPENSE, use_template_approver: 1 });
		expect(contentOf('Text-1569573760849')).toEqual({ control: 'Text', id: 'Text-1569573760849', value: { text: 'Customer visit' } });
		expect(contentOf('Textarea-1569573760850')).toMatchObject({ value: { text: 'Two taxis' } });
		expect(contentOf('Number-1569573760851')).toMatchObject({ value: { new_number: '2' } });
		expect(contentOf('Money-1569573760852')).toMatchObject({ value: { new_money: '120.5' } });
		expect(contentOf('Date-1569573760853')).toMatchObject({ value: { date: { type: 'day', s_timestamp: String(at('2026-11-20T00:00:00Z')) } } });
		expect(contentOf('DateRange-1569573760854')).toMatchObject({
			value: { date_range: { type: 'halfday', new_begin: at('2026-11-20T08:00:00Z'), new_end: at('2026-11-21T18:00:00Z'), new_duration: 34 * 3600 } },
		});
		expect(contentOf('Selector-1569573760855')).toMatchObject({ value: { selector: { type: 'single', options: [chosen('option-expense-type-1')] } } });
		expect(contentOf('Selector-1569573760856')).toMatchObject({
			value: { selector: { type: 'multi', options: [chosen('option-project-1'), chosen('option-project-2')] } },
		});
		expect(contentOf('Contact-1569573760857')).toMatchObject({ value: { members: [{ userid: 'lisi' }, { userid: 'zhaoliu' }] } });
		expect(contentOf('Contact-1569573760858')).toMatchObject({ value: { departments: [{ openapi_id: '2' }] } });
		expect(contentOf('File-1569573760859')).toMatchObject({ value: { files: [{ file_id: fileId }] } });
		expect(contentOf('Table-1569573760860')).toMatchObject({
			value: {
				children: [
					{ list: [{ control: 'Text', id: 'Text-1569573760861', value: { text: 'Taxi' } }, { control: 'Money', id: 'Money-1569573760862', value: { new_money: '80' } }] },
					{ list: [{ control: 'Text', id: 'Text-1569573760861', value: { text: 'Bus' } }, { control: 'Money', id: 'Money-1569573760862', value: { new_money: '40.5' } }] },
				],
			},
		});
		expect(contentOf('Attendance-1569573760863')).toMatchObject({
			value: { attendance: { date_range: { type: 'hour', new_begin: at('2026-11-20T09:00:00Z'), new_end: at('2026-11-20T12:00:00Z') }, type: 4 } },
		});
		expect(contentOf('Location-1569573760864')).toMatchObject({ value: { location: { latitude: '39.9', longitude: '116.4', title: 'Client HQ', address: '1 Main St' } } });
		expect(contentOf('RelatedApproval-1569573760865')).toMatchObject({ value: { related_approval: [{ sp_no: earlier }] } });
		// The sandbox accepted it: the application exists with the submitted form.
		expect(approvalState(harness.sandbox).applications.get(spNo)?.apply_data.contents).toHaveLength(15);
	});

	test('a leave request: Vacation by type name, the flow set in the node, and summary lines', async () => {
		const result = await harness.run(
			submit(
				LEAVE,
				{
					'vacation-1563793073898|type': 'Annual Leave',
					'vacation-1563793073898|begin': '2026-12-01T00:00:00Z',
					'vacation-1563793073898|end': '2026-12-03T00:00:00Z',
					'item-1497581399901': 'Family trip',
				},
				{
					approverSource: 'node',
					approvalSteps: { step: [{ stepType: 1, relation: 1, userIds: 'lisi, zhangsan' }, { stepType: 2, userIds: 'zhaoliu' }] },
					summary: { line: [{ text: 'Annual leave' }, { text: '2 days' }] },
				},
			),
		);
		expect(result.error).toBeUndefined();
		expect(applyBody()).toMatchObject({
			use_template_approver: 0,
			process: { node_list: [{ type: 1, apv_rel: 1, userid: ['lisi', 'zhangsan'] }, { type: 2, userid: ['zhaoliu'] }] },
			summary_list: [{ summary_info: [{ text: 'Annual leave', lang: 'zh_CN' }] }, { summary_info: [{ text: '2 days', lang: 'zh_CN' }] }],
		});
		expect(contentOf('vacation-1563793073898')).toMatchObject({
			control: 'Vacation',
			value: {
				vacation: {
					selector: { type: 'single', options: [{ key: '1', value: [{ text: '年假', lang: 'zh_CN' }, { text: 'Annual Leave', lang: 'en' }] }] },
					attendance: { date_range: { type: 'halfday', new_duration: 2 * DAY }, type: 1 },
				},
			},
		});
	});

	test('a required field left empty is named by its title, and nothing is sent', async () => {
		const result = await harness.run(submit(LEAVE, { 'item-1497581399901': 'Family trip' }));
		expect(result.error?.message).toBe('The form field "Leave Type" is required');
		expect(harness.sandbox.countOf('/cgi-bin/oa/applyevent')).toBe(0);
	});

	test('an option that is not in the template lists the ones that are', async () => {
		const result = await harness.run(submit(EXPENSE, { 'Text-1569573760849': 'x', 'Money-1569573760852': 1, 'Date-1569573760853': '2026-11-20', 'Selector-1569573760855': 'Fuel' }));
		expect(result.error?.message).toBe('"Expense Type" has no option "Fuel"');
		expect(result.error?.description).toBe('Choose one of: 交通, 餐饮, 住宿.');
	});

	test('301025 from WeCom names the form field by its title', async () => {
		const result = await harness.run(
			submit(EXPENSE, { 'Text-1569573760849': 'x', 'Money-1569573760852': 1, 'Date-1569573760853': '2026-11-20', 'Selector-1569573760855': 'option-expense-type-2', 'Contact-1569573760857': 'nobody' }),
		);
		expect(result.error?.message).toMatch(/^WeCom refused the form field "Travel Companions" \(Contact, ID Contact-1569573760857\)/);
		expect(result.error?.description).toMatch(/Admin → Approval \(审批\)/);
		expect(result.error?.context?.errcode).toBe(301025);
	});

	test('JSON mode sends apply_data.contents as given', async () => {
		const contents = [
			{ control: 'Vacation', id: 'vacation-1563793073898', value: { vacation: { selector: { type: 'single', options: [{ key: '2' }] }, attendance: { date_range: { type: 'halfday', new_begin: 1796000000, new_end: 1796086400, new_duration: 86400 }, type: 1 } } } },
			{ control: 'Textarea', id: 'item-1497581399901', value: { text: 'Errand' } },
		];
		const result = await harness.run(submit(LEAVE, {}, { inputMode: 'json', contentsJson: JSON.stringify(contents) }));
		expect(result.error).toBeUndefined();
		expect(dig(applyBody(), 'apply_data', 'contents')).toEqual(contents);
	});

	test('the Contacts Sync secret gets 48002 with the approval permission named', async () => {
		harness.credentials.add({
			id: 'contacts-secret',
			name: 'Contacts sync',
			type: 'weComApi',
			data: { corpId: SANDBOX_CORP.corpId, corpSecret: SANDBOX_CORP.contactsSecret, agentId: '', baseUrl: harness.sandbox.url, accessToken: '' },
		});
		const result = await harness.run(
			{ resource: 'approval', operation: 'getTemplate', templateId: byId(LEAVE) },
			{ credentials: { weComApi: { id: 'contacts-secret', name: 'Contacts sync' } } },
		);
		expect(result.error?.context?.errcode).toBe(48002);
		expect(result.error?.description).toMatch(/可调用接口的应用/);
	});
});

describe('Get Template and the form fields', () => {
	test('Get Template lists each field with its type, title and whether it is required', async () => {
		const result = await harness.run({ resource: 'approval', operation: 'getTemplate', templateId: byId(LEAVE) });
		expect(jsonOf(result)[0]).toMatchObject({
			template_id: LEAVE,
			name: 'Leave Request',
			fields: [
				{ id: 'vacation-1563793073898', control: 'Vacation', title: 'Leave Type', required: true, fillable: true },
				{ id: 'item-1497581399901', control: 'Textarea', title: 'Reason', required: true },
				{ id: 'item-1497581426169', control: 'File', title: 'Attachments', required: false },
			],
		});
	});

	test('the resource mapper offers the template’s fields by title, options by label', async () => {
		const context = loadOptionsContext({
			parameters: { resource: 'approval', operation: 'submit', templateId: byId(EXPENSE) },
			credentials: { weComApi: { id: API_CREDENTIAL_ID, name: 'WeCom sandbox' } },
			credentialsHelper: harness.credentials,
		});
		const { fields } = await getApprovalFormFields.call(context);
		const byField = new Map(fields.map((field) => [field.id, field]));
		expect(byField.get('Money-1569573760852')).toMatchObject({ displayName: 'Amount', type: 'number', required: true });
		expect(byField.get('Selector-1569573760855')).toMatchObject({ type: 'options', options: [{ name: '交通', value: 'option-expense-type-1' }, { name: '餐饮', value: 'option-expense-type-2' }, { name: '住宿', value: 'option-expense-type-3' }] });
		expect(byField.get('DateRange-1569573760854|begin')).toMatchObject({ displayName: 'Trip Period: Start', type: 'dateTime' });
		expect(byField.has('Tips-1569573760866')).toBe(false);
	});

	test('the template picker lists the templates of recent applications', async () => {
		const found = await searchApprovalTemplates.call(harness.pickerContext(), '请假');
		expect(found.results).toEqual([{ name: `请假 (${LEAVE})`, value: LEAVE }]);
	});
});

describe('Get Many', () => {
	const now = Math.floor(Date.now() / 1000);
	const getMany = (extra: Record<string, unknown>) => ({
		resource: 'approval',
		operation: 'getMany',
		startTime: new Date((now - 70 * DAY) * 1000).toISOString(),
		endTime: new Date(now * 1000).toISOString(),
		filters: { creator: byId('lisi') },
		...extra,
	});
	function seed(count: number) {
		const numbers: string[] = [];
		for (let index = 0; index < count; index++) {
			// Spread over the 70 days, so every 31-day window holds some.
			numbers.push(addApplication(harness.sandbox, { templateId: EXPENSE, creator: 'lisi', applyTime: now - 69 * DAY + Math.floor((index * 69 * DAY) / count) }));
		}
		return numbers;
	}

	test('the windows cover the range without overlap, each within 31 days', () => {
		const windows = timeWindows(1000, 1000 + 70 * DAY);
		expect(windows).toHaveLength(3);
		expect(windows[0]).toEqual({ start: 1000, end: 1000 + MAX_WINDOW_SECONDS - 1 });
		for (const [index, window] of windows.entries()) {
			expect(window.end - window.start).toBeLessThan(MAX_WINDOW_SECONDS);
			if (index > 0) expect(window.start).toBe(windows[index - 1].end + 1);
		}
		expect(windows[2].end).toBe(1000 + 70 * DAY);
	});

	test('Return All splits 70 days into 31-day calls and follows every cursor', async () => {
		const numbers = seed(250);
		const result = await harness.run(getMany({ returnAll: true }));
		expect(result.error).toBeUndefined();
		expect(jsonOf(result).map((item) => item.sp_no)).toEqual([...numbers].sort());
		const calls = harness.sandbox.requestsTo('/cgi-bin/oa/getapprovalinfo').map((request) => request.body as Record<string, unknown>);
		expect(calls.length).toBeGreaterThanOrEqual(5);
		for (const call of calls) {
			expect(Number(call.endtime) - Number(call.starttime)).toBeLessThanOrEqual(MAX_WINDOW_SECONDS);
			expect(call.filters).toEqual([{ key: 'creator', value: 'lisi' }]);
		}
		expect(calls.some((call) => call.new_cursor !== '')).toBe(true);
	});

	test('Limit stops paging once it has enough', async () => {
		seed(250);
		const result = await harness.run(getMany({ returnAll: false, limit: 30 }));
		expect(jsonOf(result)).toHaveLength(30);
		const calls = harness.sandbox.requestsTo('/cgi-bin/oa/getapprovalinfo');
		expect(calls).toHaveLength(1);
		expect((calls[0].body as Record<string, unknown>).size).toBe(30);
	});

	test('status filter and Include Details give readable statuses', async () => {
		const [first, second] = seed(2);
		decide(harness.sandbox, first, 'reject', 'Over budget');
		const result = await harness.run(getMany({ returnAll: true, filters: { creator: byId('lisi'), status: '3' }, options: { includeDetails: true } }));
		expect(jsonOf(result)).toHaveLength(1);
		expect(jsonOf(result)[0]).toMatchObject({ sp_no: first, sp_status: 3, sp_status_name: 'rejected' });
		expect(second).not.toBe(first);
	});
});

describe('Get', () => {
	test('status codes get names beside them, and the comments and flow come along', async () => {
		const spNo = addApplication(harness.sandbox, { templateId: EXPENSE, creator: 'wangwu', applyTime: Math.floor(Date.now() / 1000) });
		decide(harness.sandbox, spNo, 'approve', 'OK from Li Si');
		const result = await harness.run({ resource: 'approval', operation: 'get', spNo });
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)[0]).toMatchObject({
			sp_no: spNo,
			sp_status: 1,
			sp_status_name: 'pending',
			sp_record: [{ sp_status: 1, sp_status_name: 'pending', approverattr: 2, approverattr_name: 'all approvers', details: [{ approver: { userid: 'lisi' }, speech: 'OK from Li Si', sp_status: 2, sp_status_name: 'approved' }, { sp_status: 1 }] }],
			process_list: { node_list: [{ node_type: 1, node_type_name: 'approver', apv_rel: 1, apv_rel_name: 'all approvers' }] },
		});
	});

	test('an approval number that is not digits is refused before any call', async () => {
		const result = await harness.run({ resource: 'approval', operation: 'get', spNo: 'leave-42' });
		expect(result.error?.message).toBe('"leave-42" is not an approval number');
		expect(harness.sandbox.countOf('/cgi-bin/oa/getapprovaldetail')).toBe(0);
	});
});
