/**
 * Smart sheets in a real n8n 2.41.1 with the built package, against the WeCom sandbox: create a
 * smart sheet, add 1,000 records, read them back equal, update 10 and delete 5 — each step a
 * workflow run through its production webhook, checked in the sandbox's sheet and in n8n's answer.
 */
import { smartSheetsOf } from '../../sandbox/routes/smartSheets';
import { startStack } from './support/stack';
import type { Stack } from './support/stack';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({
		workflows: ['sheet-create.json', 'sheet-add.json', 'sheet-read.json', 'sheet-update.json', 'sheet-delete.json'],
	});
});

afterAll(async () => await stack?.close());

const ROWS = 1000;
const BASE_TIME = Date.UTC(2026, 2, 1, 8, 0, 0);

const rows = Array.from({ length: ROWS }, (_, index) => ({
	Text: `Row ${index + 1}`,
	Count: index + 1,
	Status: index % 2 === 0 ? 'Open' : 'Closed',
	Done: index % 3 === 0,
	When: new Date(BASE_TIME + index * 60_000).toISOString(),
	Owner: index % 2 === 0 ? 'lisi' : 'wangwu',
}));

/** What Get Many Records gives back for a row: flat values, members as a list of user IDs. */
const asRead = (row: (typeof rows)[number]) => ({ ...row, Owner: [row.Owner] });

/** A record without its ID, to compare values. */
function valuesOf(record: Record<string, unknown>): Record<string, unknown> {
	const values = { ...record };
	delete values.record_id;
	return values;
}

async function call(path: string, body: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
	const response = await stack.n8n.webhook(path, { body });
	expect({ status: response.status, text: response.status === 200 ? '' : response.text }).toEqual({ status: 200, text: '' });
	return response.json;
}

function callsTo(path: string): number {
	return stack.sandbox.countOf(`/cgi-bin/wedoc/smartsheet/${path}`);
}

test('create a smart sheet, add 1,000 records, read them back equal, update 10 and delete 5', async () => {
	const [created] = await call('e2e-sheet-create', { name: 'E2E tickets' });
	expect(created).toEqual({ docid: expect.stringMatching(/^dc/), url: expect.stringContaining('https://') });
	expect(stack.sandbox.requestsTo('/cgi-bin/wedoc/create_doc')[0].body).toMatchObject({ doc_type: 10, doc_name: 'E2E tickets', admin_users: ['zhangsan'] });

	// A member adds the columns in WeCom's editor; the new sheet came with its "Text" column.
	const sheets = smartSheetsOf(stack.sandbox);
	const doc = sheets.docs.get(String(created.docid));
	const sheet = [...(doc?.sheets.values() ?? [])][0];
	sheets.addFields(sheet, [
		{ field_title: 'Count', field_type: 'NUMBER' },
		{ field_title: 'Status', field_type: 'SINGLE_SELECT', options: ['Open', 'Closed'] },
		{ field_title: 'Done', field_type: 'CHECKBOX' },
		{ field_title: 'When', field_type: 'DATE_TIME' },
		{ field_title: 'Owner', field_type: 'USER' },
	]);
	const target = { docid: created.docid, sheetId: sheet.sheet_id };

	const added = await call('e2e-sheet-add', { ...target, rows });
	expect(added).toHaveLength(ROWS);
	expect(callsTo('add_records')).toBe(2);
	expect(added.map(valuesOf)).toEqual(rows.map(asRead));

	const read = await call('e2e-sheet-read', target);
	expect(read).toHaveLength(ROWS);
	expect(read.map((record) => record.record_id)).toEqual(added.map((record) => record.record_id));
	expect(read.map(valuesOf)).toEqual(rows.map(asRead));

	const toClose = read.slice(0, 10).map((record) => ({ record_id: record.record_id, Status: 'Closed', Done: true }));
	const updated = await call('e2e-sheet-update', { ...target, rows: toClose });
	expect(updated).toHaveLength(10);
	expect(callsTo('update_records')).toBe(1);

	const toDelete = read.slice(-5).map((record) => ({ record_id: record.record_id }));
	const deleted = await call('e2e-sheet-delete', { ...target, rows: toDelete });
	expect(deleted).toHaveLength(5);
	expect(callsTo('delete_records')).toBe(1);

	const after = await call('e2e-sheet-read', target);
	expect(after).toHaveLength(ROWS - 5);
	const expected = rows.slice(0, ROWS - 5).map((row, index) => ({
		...asRead(row),
		...(index < 10 ? { Status: 'Closed', Done: true } : {}),
	}));
	expect(after.map(valuesOf)).toEqual(expected);
	expect(sheets.rowsOf(String(created.docid), sheet.sheet_id)).toHaveLength(ROWS - 5);
});
