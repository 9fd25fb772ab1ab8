/**
 * WeCom node → Smart Sheet, run through n8n-core's engine against the sandbox's smart sheets:
 * create (doc_type 10), sheets, fields, reads with paging/filters/sort, writes in batches of 500
 * over all items (with the request count at 10,000 rows), matching, read-only fields, options,
 * images from binary data, and the app-created-only rule.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { getSheetColumns, searchSheets } from '../../nodes/WeCom/methods/smartSheet';
import {
	MEMBER_DOC_ID,
	ROSTER_SHEET_ID,
	SUPPORT_DOC_ID,
	TICKETS_SHEET_ID,
	smartSheetsOf,
} from '../../sandbox/routes/smartSheets';
import { binaryItem, fakePng } from '../support/groupBot';
import { jsonOf, useApiHarness } from '../support/weCom';

const harness = useApiHarness({ forget: ['smartSheets'] });

const sheets = () => smartSheetsOf(harness.sandbox);
/** Forgets the request log only (harness.forget() would also reset the sheets). */
const clearLog = () => harness.sandbox.requests.splice(0);
const calls = (path: string) => harness.sandbox.countOf(`/cgi-bin/wedoc/smartsheet/${path}`);

const target = (docId = SUPPORT_DOC_ID, sheetId = TICKETS_SHEET_ID): INodeParameters => ({
	resource: 'smartSheet',
	docId,
	sheetId: { __rl: true, mode: 'id', value: sheetId },
});

function autoMapped(operation: string, extra: INodeParameters = {}): INodeParameters {
	return {
		...target(),
		operation,
		columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] },
		...extra,
	};
}

function definedBelow(operation: string, value: INodeParameters, matchingColumns: string[] = []): INodeParameters {
	return { ...target(), operation, columns: { mappingMode: 'defineBelow', value, matchingColumns, schema: [] } };
}

const items = (rows: Array<Record<string, unknown>>): INodeExecutionData[] =>
	rows.map((json) => ({ json: json as INodeExecutionData['json'] }));

function tickets(count: number, start = 1): INodeExecutionData[] {
	return items(
		Array.from({ length: count }, (_, index) => ({
			Title: `Ticket ${start + index}`,
			Customer: `Customer ${(start + index) % 7}`,
			Channel: ['WeCom', 'Email', 'Phone'][(start + index) % 3],
			Resolved: (start + index) % 2 === 0,
		})),
	);
}

async function readAll(extra: INodeParameters = {}) {
	const result = await harness.run({ ...target(), operation: 'getManyRecords', returnAll: true, ...extra });
	expect(result.error).toBeUndefined();
	return jsonOf(result);
}

describe('Create', () => {
	test('creates a smart sheet (doc_type 10) with admins and returns docid and url', async () => {
		const result = await harness.run({
			resource: 'smartSheet',
			operation: 'create',
			docName: 'On-call roster',
			admins: { users: [{ user: { __rl: true, mode: 'id', value: 'zhangsan' } }, { user: { __rl: true, mode: 'id', value: 'lisi' } }] },
		});
		expect(result.error).toBeUndefined();
		const [created] = jsonOf(result);
		expect(created).toEqual({ docid: expect.stringMatching(/^dc/), url: expect.stringContaining('https://') });
		const [request] = harness.sandbox.requestsTo('/cgi-bin/wedoc/create_doc');
		expect(request.body).toEqual({ doc_name: 'On-call roster', doc_type: 10, admin_users: ['zhangsan', 'lisi'] });
		// A new smart sheet holds one sheet with one text field, and this app may use it.
		const sheetList = jsonOf(await harness.run({ resource: 'smartSheet', operation: 'getSheets', docId: String(created.docid) }));
		expect(sheetList).toHaveLength(1);
		expect(sheetList[0]).toMatchObject({ type: 'smartsheet', is_visible: true });
	});

	test('Space ID without Folder ID is refused before any call', async () => {
		const result = await harness.run({
			resource: 'smartSheet',
			operation: 'create',
			docName: 'x',
			additionalFields: { spaceId: 's1' },
		});
		expect(result.error?.message).toBe('Space ID and Folder ID go together');
		expect(harness.sandbox.countOf('/cgi-bin/wedoc/create_doc')).toBe(0);
	});
});

describe('fields, the sheet picker and the column mapper', () => {
	test('Get Fields lists the columns with their types', async () => {
		const fields = jsonOf(await harness.run({ ...target(), operation: 'getFields' }));
		expect(fields.map((field) => [field.field_title, field.type])).toEqual([
			['Title', 'Text'],
			['Customer', 'Text'],
			['Channel', 'Single Select'],
			['Tags', 'Multiple Select'],
			['Received', 'Date'],
			['Assignee', 'Member'],
			['Resolved', 'Checkbox'],
			['Ticket No', 'Auto Number'],
			['Created', 'Created Time'],
		]);
	});

	test('the resource mapper gets a column per field: typed inputs, options, read-only fields marked', async () => {
		const context = harness.pickerContext();
		const parameters = { docId: SUPPORT_DOC_ID, sheetId: { __rl: true, mode: 'id', value: TICKETS_SHEET_ID }, operation: 'updateRecords' };
		jest.spyOn(context, 'getCurrentNodeParameter').mockImplementation((name: string) => {
			if (name === 'sheetId') return TICKETS_SHEET_ID;
			return parameters[name as keyof typeof parameters];
		});
		const { fields } = await getSheetColumns.call(context);
		const byId = Object.fromEntries(fields.map((field) => [field.id, field]));
		expect(byId.record_id).toMatchObject({ displayName: 'Record ID', defaultMatch: true, canBeUsedToMatch: true });
		expect(byId.Channel).toMatchObject({ type: 'options', options: [{ name: 'WeCom', value: 'WeCom' }, { name: 'Email', value: 'Email' }, { name: 'Phone', value: 'Phone' }] });
		expect(byId.Received.type).toBe('string');
		expect(byId.Resolved.type).toBe('boolean');
		expect(byId['Ticket No']).toMatchObject({ readOnly: true, displayName: 'Ticket No (Auto Number, read-only)', canBeUsedToMatch: true });

		const sheetsFound = await searchSheets.call(context);
		expect(sheetsFound.results).toEqual([{ name: `Tickets (${TICKETS_SHEET_ID})`, value: TICKETS_SHEET_ID }]);
	});
});

describe('Add Records', () => {
	test('10,000 items: 20 add_records calls of 500 and one get_fields; read back with 10 pages', async () => {
		const result = await harness.run(autoMapped('addRecords'), { items: tickets(10_000) });
		expect(result.error).toBeUndefined();
		const output = jsonOf(result);
		expect(output).toHaveLength(10_000);
		expect(output[9_999]).toMatchObject({ record_id: expect.any(String), Title: 'Ticket 10000', Resolved: true });
		expect(result.items[1234].pairedItem).toEqual({ item: 1234 });
		expect(calls('add_records')).toBe(20);
		expect(calls('get_fields')).toBe(1);
		const sizes = harness.sandbox.requestsTo('/cgi-bin/wedoc/smartsheet/add_records').map((request) => (request.body as { records: unknown[] }).records.length);
		expect(sizes).toEqual(Array(20).fill(500));
		expect(sheets().rowsOf(SUPPORT_DOC_ID, TICKETS_SHEET_ID)).toHaveLength(10_000);

		clearLog();
		const all = await readAll();
		expect(all).toHaveLength(10_000);
		expect(calls('get_records')).toBe(10);
		expect(all.map((record) => record.Title)).toEqual(tickets(10_000).map((item) => item.json.Title));

		clearLog();
		const some = jsonOf(await harness.run({ ...target(), operation: 'getManyRecords', returnAll: false, limit: 2500 }));
		expect(some).toHaveLength(2500);
		const limits = harness.sandbox.requestsTo('/cgi-bin/wedoc/smartsheet/get_records').map((request) => (request.body as { limit: number }).limit);
		expect(limits).toEqual([1000, 1000, 500]);
	}, 240_000);

	test('every writable type, mapped by hand, reads back equal', async () => {
		const received = '2026-01-31T01:00:00.000Z';
		const result = await harness.run(
			definedBelow('addRecords', {
				Title: '={{ $json.title }}',
				Customer: 'ACME',
				Channel: 'Email',
				Tags: 'Billing, Bug',
				Received: received,
				Assignee: 'wangwu',
				Resolved: true,
			}),
			{ items: items([{ title: 'Invoice wrong' }]) },
		);
		expect(result.error).toBeUndefined();
		const [added] = jsonOf(result);
		const [read] = await readAll();
		const expected = {
			Title: 'Invoice wrong',
			Customer: 'ACME',
			Channel: 'Email',
			Tags: ['Billing', 'Bug'],
			Received: received,
			Assignee: ['wangwu'],
			Resolved: true,
			'Ticket No': '1',
		};
		expect(read).toMatchObject({ record_id: added.record_id, ...expected });
		expect(added).toMatchObject(expected);
		// WeCom got its own cell shapes, keyed by title.
		const [request] = harness.sandbox.requestsTo('/cgi-bin/wedoc/smartsheet/add_records');
		expect((request.body as { records: Array<{ values: unknown }> }).records[0].values).toEqual({
			Title: [{ type: 'text', text: 'Invoice wrong' }],
			Customer: [{ type: 'text', text: 'ACME' }],
			Channel: [{ id: expect.any(String), text: 'Email' }],
			Tags: [
				{ id: expect.any(String), text: 'Billing' },
				{ id: expect.any(String), text: 'Bug' },
			],
			Received: String(Date.parse(received)),
			Assignee: [{ user_id: 'wangwu' }],
			Resolved: true,
		});

		const [raw] = await readAll({ options: { keepRawCells: true } });
		expect(raw.values).toMatchObject({ Title: [{ type: 'text', text: 'Invoice wrong' }], Received: String(Date.parse(received)) });
	});

	test('a read-only field is refused with its name, and nothing is written', async () => {
		const result = await harness.run(autoMapped('addRecords'), {
			items: items([{ Title: 'ok' }, { Title: 'bad', 'Ticket No': 7 }]),
		});
		expect(result.error?.message).toBe(
			'Field "Ticket No" (Auto Number) is filled in by WeCom and cannot be written. Remove "Ticket No" from the columns to send.',
		);
		expect(calls('add_records')).toBe(0);
		expect(sheets().rowsOf(SUPPORT_DOC_ID, TICKETS_SHEET_ID)).toHaveLength(0);
	});

	test('On Error: Continue: a bad item gets its error, the others are written', async () => {
		const result = await harness.run(autoMapped('addRecords'), {
			items: items([{ Title: 'one' }, { Title: 'two', Channel: 'Fax' }, { Title: 'three' }]),
			onError: 'continueRegularOutput',
		});
		const output = jsonOf(result);
		expect(output[0]).toMatchObject({ Title: 'one' });
		expect(output[1].error).toBe(
			'Field "Channel" (Single Select): "Fax" is not one of its options ("WeCom", "Email", "Phone"). Add the option in the smart sheet first, or fix the label.',
		);
		expect(output[2]).toMatchObject({ Title: 'three' });
		expect(calls('add_records')).toBe(1);
	});

	test('a column the sheet does not have, mapped by hand, is named with the columns it has', async () => {
		const result = await harness.run(definedBelow('addRecords', { Titel: 'typo' }));
		expect(result.error?.message).toBe('The sheet has no column "Titel"');
		expect(result.error?.description).toMatch(/^Its columns are: "Title", "Customer", "Channel"/);
	});

	test('an image from binary data is uploaded into the document and set as the cell', async () => {
		await fetch(`${harness.sandbox.url}/__sandbox/smartsheet/fields`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ docid: SUPPORT_DOC_ID, sheet_id: TICKETS_SHEET_ID, fields: [{ field_title: 'Screenshot', field_type: 'IMAGE' }] }),
		});
		const result = await harness.run(definedBelow('addRecords', { Title: 'with picture', Screenshot: 'data' }), {
			items: [binaryItem(fakePng(2048), 'screen.png', 'image/png')],
		});
		expect(result.error).toBeUndefined();
		const [upload] = harness.sandbox.requestsTo('/cgi-bin/wedoc/image_upload');
		expect(Buffer.from((upload.body as { base64_content: string }).base64_content, 'base64')).toEqual(fakePng(2048));
		const [record] = await readAll();
		expect(record.Screenshot).toEqual([expect.stringMatching(/^https:\/\/wdcdn\.qpic\.cn\/sandbox\//)]);
	});

	test('a batch WeCom refuses stops the node and says what was written before it', async () => {
		// WeCom, not the node, knows that "nobody" is not a member: the second batch is refused.
		const rows = tickets(600);
		rows[549].json.Assignee = 'nobody';
		const result = await harness.run(autoMapped('addRecords'), { items: rows });
		expect(result.error?.message).toMatch(/^WeCom error 40003/);
		expect(result.error?.description).toMatch(
			/^WeCom refused the call with the rows of items 501 to 600 \(100 rows; WeCom takes a batch whole or not at all\)\. 500 records were added by earlier calls of this run; they stay in the sheet\./,
		);
		expect(sheets().rowsOf(SUPPORT_DOC_ID, TICKETS_SHEET_ID)).toHaveLength(500);
	});
});

describe('Update, Upsert and Delete', () => {
	async function seedTickets(count: number) {
		const result = await harness.run(autoMapped('addRecords'), { items: tickets(count) });
		expect(result.error).toBeUndefined();
		clearLog();
		return jsonOf(result);
	}

	test('update by record ID: only the mapped columns change', async () => {
		const added = await seedTickets(3);
		const result = await harness.run(
			definedBelow('updateRecords', { record_id: '={{ $json.record_id }}', Resolved: true }, ['record_id']),
			{ items: items(added.map((record) => ({ record_id: record.record_id }))) },
		);
		expect(result.error).toBeUndefined();
		const after = await readAll();
		expect(after.map((record) => record.Resolved)).toEqual([true, true, true]);
		expect(after.map((record) => record.Title)).toEqual(['Ticket 1', 'Ticket 2', 'Ticket 3']);
		expect(calls('update_records')).toBe(1);
	});

	test('update by a column: records with that value change; no match is an error that changes nothing', async () => {
		await seedTickets(4);
		const ok = await harness.run(definedBelow('updateRecords', { Title: 'Ticket 2', Customer: 'Changed' }, ['Title']));
		expect(ok.error).toBeUndefined();
		expect((await readAll()).find((record) => record.Title === 'Ticket 2')?.Customer).toBe('Changed');

		clearLog();
		const missing = await harness.run(definedBelow('updateRecords', { Title: 'Ticket 99', Customer: 'x' }, ['Title']));
		expect(missing.error?.message).toBe('No record has "Title" = "Ticket 99"');
		expect(calls('update_records')).toBe(0);
	});

	test('update by an unknown record ID: WeCom’s 2023012 with the hint', async () => {
		const result = await harness.run(definedBelow('updateRecords', { record_id: 'rnope', Resolved: true }, ['record_id']));
		expect(result.error?.message).toMatch(/^WeCom error 2023012: record not found: rnope/);
		expect(result.error?.description).toMatch(/A record ID does not exist in this sheet/);
	});

	test('upsert on Title: existing ones update, new ones are added once even when two items share them', async () => {
		await seedTickets(2);
		const result = await harness.run(autoMapped('upsertRecords', { columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['Title'], schema: [] } }), {
			items: items([
				{ Title: 'Ticket 1', Customer: 'Updated' },
				{ Title: 'Ticket 3', Customer: 'New A' },
				{ Title: 'Ticket 3', Channel: 'Phone' },
			]),
		});
		expect(result.error).toBeUndefined();
		const after = await readAll();
		expect(after.map((record) => [record.Title, record.Customer, record.Channel])).toEqual([
			['Ticket 1', 'Updated', 'Email'],
			['Ticket 2', 'Customer 2', 'Phone'],
			['Ticket 3', 'New A', 'Phone'],
		]);
		expect(jsonOf(result)).toHaveLength(3);
	});

	test('delete: record IDs of all items in batches of 500', async () => {
		const added = await seedTickets(1200);
		const result = await harness.run(
			{ ...target(), operation: 'deleteRecords', recordIds: '={{ $json.record_id }}' },
			{ items: items(added.slice(0, 1100).map((record) => ({ record_id: record.record_id }))) },
		);
		expect(result.error).toBeUndefined();
		expect(calls('delete_records')).toBe(3);
		expect(jsonOf(result)[0]).toEqual({ deleted: true, record_ids: [added[0].record_id] });
		expect(sheets().rowsOf(SUPPORT_DOC_ID, TICKETS_SHEET_ID)).toHaveLength(100);
	});
});

describe('Get Many Records: filters and sort', () => {
	test('filters on columns (any/all), sort, and the two together refused', async () => {
		await harness.run(autoMapped('addRecords'), { items: tickets(9) });
		const phone = await readAll({ filters: { conditions: [{ field: 'Channel', operator: 'is', value: 'Phone' }] } });
		expect(phone.map((record) => record.Title)).toEqual(['Ticket 2', 'Ticket 5', 'Ticket 8']);
		const [request] = harness.sandbox.requestsTo('/cgi-bin/wedoc/smartsheet/get_records').slice(-1);
		expect((request.body as { filter_spec: unknown }).filter_spec).toEqual({
			conjunction: 'CONJUNCTION_AND',
			conditions: [{ field_id: expect.any(String), field_type: 'FIELD_TYPE_SINGLE_SELECT', operator: 'OPERATOR_IS', string_value: { value: ['Phone'] } }],
		});
		const either = await readAll({
			matchType: 'or',
			filters: { conditions: [{ field: 'Title', operator: 'contains', value: '9' }, { field: 'Title', operator: 'is', value: 'Ticket 1' }] },
		});
		expect(either.map((record) => record.Title)).toEqual(['Ticket 1', 'Ticket 9']);
		const sorted = await readAll({ sort: { rules: [{ field: 'Title', direction: 'desc' }] } });
		expect(sorted[0].Title).toBe('Ticket 9');

		const both = await harness.run({
			...target(),
			operation: 'getManyRecords',
			returnAll: true,
			filters: { conditions: [{ field: 'Title', operator: 'is', value: 'x' }] },
			sort: { rules: [{ field: 'Title', direction: 'asc' }] },
		});
		expect(both.error?.message).toBe('Filters and Sort cannot be used together');
	});
});

test('a document a member created: 851003 with the hint in the user’s terms', async () => {
	const result = await harness.run({ ...target(MEMBER_DOC_ID, ROSTER_SHEET_ID), operation: 'getManyRecords', returnAll: true });
	expect(result.error?.message).toMatch(/^WeCom error 851003/);
	expect(result.error?.description).toMatch(/^This app did not create the document/);
});
