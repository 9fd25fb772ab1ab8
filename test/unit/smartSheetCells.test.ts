/**
 * Smart sheet cell values, both ways, for every field type: a flat value → WeCom's cell (app API
 * and sheet webhook rules, wecom-new-features.md §4.8/§4.9), and a stored cell → the flat value.
 * The sandbox's own checker (sandbox/smartSheetCells.js, WeCom's rules) must accept every cell
 * the encoder makes.
 */
import { DateTime } from 'luxon';

import {
	CellValueError,
	decodeCell,
	encodeAppCell,
	encodeWebhookCell,
	pureBase64,
	toUnixMs,
} from '../../nodes/shared/smartSheet/cellValues';
import type { SheetField, WebhookField } from '../../nodes/shared/smartSheet/cellValues';
import { fieldsOfSample, kindOfSampleValue } from '../../nodes/WeComSmartSheetWebhook/helpers/sample';
import { checkCell } from '../../sandbox/smartSheetCells';

const USERS = { userIds: new Set(['zhangsan', 'lisi']), userNames: new Map([['Zhang San', 'zhangsan']]) };

function field(type: string, extra: Partial<SheetField> = {}): SheetField {
	return { field_id: 'f1', field_title: 'Col', field_type: `FIELD_TYPE_${type}`, ...extra };
}

const select = (type: 'SELECT' | 'SINGLE_SELECT') =>
	field(type, {
		[type === 'SELECT' ? 'property_select_field' : 'property_single_select_field']: {
			options: [
				{ id: 'o1', text: 'Billing' },
				{ id: 'o2', text: 'Bug' },
			],
		},
	});

/** WeCom's check of the cell, as the sandbox runs it. */
function accepted(sheetField: SheetField, cell: unknown, viaWebhook = false): unknown {
	const result = checkCell(sheetField, cell, { viaWebhook, ...USERS });
	if ('errcode' in result) throw new Error(`sandbox refused: ${result.detail}`);
	return result.value;
}

const JAN_31 = Date.UTC(2026, 0, 31, 1, 0, 0);

describe('app API: flat value → cell → flat value, every writable type', () => {
	const cases: Array<[string, SheetField, unknown, unknown, unknown]> = [
		// [name, field, flat in, cell WeCom gets, flat read back]
		['text', field('TEXT'), 'Printer on fire', [{ type: 'text', text: 'Printer on fire' }], 'Printer on fire'],
		['number', field('NUMBER'), '42.5', 42.5, 42.5],
		['currency', field('CURRENCY'), 9.99, 9.99, 9.99],
		['percentage', field('PERCENTAGE'), 0.3, 0.3, 0.3],
		['progress', field('PROGRESS'), 1, 1, 1],
		['checkbox from text', field('CHECKBOX'), 'yes', true, true],
		['checkbox', field('CHECKBOX'), false, false, false],
		['date from ISO', field('DATE_TIME'), '2026-01-31T09:00:00+08:00', String(JAN_31), new Date(JAN_31).toISOString()],
		['date from Luxon', field('DATE_TIME'), DateTime.fromMillis(JAN_31), String(JAN_31), new Date(JAN_31).toISOString()],
		['date from JS Date', field('DATE_TIME'), new Date(JAN_31), String(JAN_31), new Date(JAN_31).toISOString()],
		['date from Unix seconds', field('DATE_TIME'), JAN_31 / 1000, String(JAN_31), new Date(JAN_31).toISOString()],
		['date from ms digits', field('DATE_TIME'), String(JAN_31), String(JAN_31), new Date(JAN_31).toISOString()],
		['member by user ID', field('USER'), 'zhangsan', [{ user_id: 'zhangsan' }], ['zhangsan']],
		['members from a picker and a list', field('USER'), [{ __rl: true, mode: 'list', value: 'lisi' }, 'zhangsan'], [{ user_id: 'lisi' }, { user_id: 'zhangsan' }], ['lisi', 'zhangsan']],
		['link', field('URL'), 'https://work.weixin.qq.com', [{ type: 'url', text: 'https://work.weixin.qq.com', link: 'https://work.weixin.qq.com' }], 'https://work.weixin.qq.com'],
		['single select by label', select('SINGLE_SELECT'), 'bug', [{ id: 'o2', text: 'Bug' }], 'Bug'],
		['multiple select by labels', select('SELECT'), 'Billing, Bug', [{ id: 'o1', text: 'Billing' }, { id: 'o2', text: 'Bug' }], ['Billing', 'Bug']],
		['phone', field('PHONE_NUMBER'), '13800000001', '13800000001', '13800000001'],
		['email', field('EMAIL'), 'a@b.example', 'a@b.example', 'a@b.example'],
		['barcode', field('BARCODE'), 6901234567892, '6901234567892', '6901234567892'],
		['location', field('LOCATION'), { title: 'HQ', latitude: 39.9, longitude: 116.4 }, [{ source_type: 1, id: '', latitude: '39.9', longitude: '116.4', title: 'HQ' }], { title: 'HQ', latitude: 39.9, longitude: 116.4, id: '' }],
		['image (uploaded)', field('IMAGE'), [{ image_url: 'https://wdcdn.qpic.cn/x.png', title: 'x.png', width: 64, height: 64 }], [{ title: 'x.png', image_url: 'https://wdcdn.qpic.cn/x.png', width: 64, height: 64 }], ['https://wdcdn.qpic.cn/x.png']],
		['image by URL', field('IMAGE'), 'https://example.com/a.png', [{ title: 'a.png', image_url: 'https://example.com/a.png', width: 0, height: 0 }], ['https://example.com/a.png']],
		['file (stored in WeCom)', field('ATTACHMENT'), [{ name: 'a.pdf', file_id: 'F1', file_url: 'https://x/a.pdf' }], [{ name: 'a.pdf', file_id: 'F1', file_url: 'https://x/a.pdf' }], [{ name: 'a.pdf', file_id: 'F1', file_url: 'https://x/a.pdf' }]],
	];

	test.each(cases)('%s', (_name, sheetField, flat, cell, back) => {
		const encoded = encodeAppCell(sheetField, flat);
		expect(encoded).toEqual(cell);
		const stored = accepted(sheetField, encoded);
		expect(decodeCell(sheetField, stored)).toEqual(back);
	});
});

describe('reading what only WeCom writes', () => {
	test.each([
		['AUTONUMBER', { seq: '7', text: '7' }, '7'],
		['CREATED_TIME', String(JAN_31), new Date(JAN_31).toISOString()],
		['MODIFIED_TIME', String(JAN_31), new Date(JAN_31).toISOString()],
		['CREATED_USER', [{ user_id: 'lisi', agentid: 1 }], ['lisi']],
		['MODIFIED_USER', [{ user_id: 'lisi' }], ['lisi']],
		['REFERENCE', ['r1', 'r2'], ['r1', 'r2']],
	])('%s', (type, cell, flat) => {
		expect(decodeCell(field(type), cell)).toEqual(flat);
	});

	test('empty cells: null for single values, [] for lists', () => {
		expect(decodeCell(field('TEXT'), null)).toBeNull();
		expect(decodeCell(field('DATE_TIME'), undefined)).toBeNull();
		expect(decodeCell(field('USER'), null)).toEqual([]);
		expect(decodeCell(field('SELECT'), undefined)).toEqual([]);
	});

	test('rich text runs read back as one text', () => {
		const cell = [
			{ type: 'text', text: 'See ' },
			{ type: 'url', text: 'the doc', link: 'https://x' },
		];
		expect(decodeCell(field('TEXT'), cell)).toBe('See the doc');
	});
});

describe('refused with the field’s name and what to give instead', () => {
	test.each([
		['AUTONUMBER', 'x', /Field "Col" \(Auto Number\) is filled in by WeCom and cannot be written/],
		['CREATED_TIME', 'x', /\(Created Time\) is filled in by WeCom/],
		['MODIFIED_USER', 'x', /\(Last Editor\) is filled in by WeCom/],
		['FORMULA', 1, /\(Formula\) is filled in by WeCom/],
		['NUMBER', 'twelve', /Field "Col" \(Number\): "twelve" is not a number/],
		['DATE_TIME', 'next Tuesday', /"next Tuesday" is not a date\. Give an ISO date/],
		['CHECKBOX', 'maybe', /is not true or false/],
		['URL', 'example.com', /is not a link\. Give a full URL/],
		['LOCATION', 'HQ', /expects one place as/],
		['ATTACHMENT', 'data', /takes files already stored in WeCom/],
	])('%s', (type, value, message) => {
		expect(() => encodeAppCell(field(type), value)).toThrow(message);
		expect(() => encodeAppCell(field(type), value)).toThrow(CellValueError);
	});

	test('an unknown option lists the field’s options', () => {
		expect(() => encodeAppCell(select('SINGLE_SELECT'), 'Urgent')).toThrow(
			'Field "Col" (Single Select): "Urgent" is not one of its options ("Billing", "Bug"). Add the option in the smart sheet first, or fix the label.',
		);
		expect(() => encodeAppCell(select('SINGLE_SELECT'), ['Bug', 'Billing'])).toThrow(/takes one option, got 2/);
	});
});

describe('dates from anything n8n hands a node', () => {
	test.each([
		[DateTime.fromISO('2026-01-31T09:00:00+08:00'), JAN_31],
		['2026-01-31T01:00:00Z', JAN_31],
		['Sat, 31 Jan 2026 01:00:00 GMT', JAN_31],
		[JAN_31, JAN_31],
		[JAN_31 / 1000, JAN_31],
		['1769821200', JAN_31],
	])('%p', (value, ms) => {
		expect(toUnixMs(value)).toBe(ms);
	});

	test('not a date', () => {
		expect(toUnixMs('soon')).toBeUndefined();
		expect(toUnixMs({})).toBeUndefined();
		expect(toUnixMs(DateTime.invalid('bad'))).toBeUndefined();
	});
});

describe('sheet webhook rules (§4.9)', () => {
	const hook = (kind: string, title = 'Col'): WebhookField => ({ id: 'fX', title, kind });
	const sheetFieldOf = (kind: string): SheetField =>
		kind === 'SELECT' || kind === 'SINGLE_SELECT' ? select(kind) : field(kind);

	const cases: Array<[string, unknown, 'name' | 'userId', unknown]> = [
		['TEXT', 'plain string', 'name', 'plain string'],
		['NUMBER', '7', 'name', 7],
		['PERCENTAGE', 30, 'name', 30],
		['CHECKBOX', 'true', 'name', true],
		['DATE_TIME', '2026-01-31T01:00:00Z', 'name', String(JAN_31)],
		['USER', 'Zhang San', 'name', ['Zhang San']],
		['USER', 'zhangsan, lisi', 'userId', [{ user_id: 'zhangsan' }, { user_id: 'lisi' }]],
		['SINGLE_SELECT', 'Bug', 'name', [{ text: 'Bug' }]],
		['SELECT', ['Bug', 'Billing'], 'name', [{ text: 'Bug' }, { text: 'Billing' }]],
		['URL', 'https://a.example', 'name', [{ type: 'url', text: 'https://a.example', link: 'https://a.example' }]],
		['PHONE_NUMBER', '13800000001', 'name', '13800000001'],
		['LOCATION', '{"title":"HQ","latitude":1,"longitude":2}', 'name', [{ source_type: 1, id: '', latitude: '1', longitude: '2', title: 'HQ' }]],
		['IMAGE', [{ title: 'a.png', image_base64: 'iVBORw0KGgo=' }], 'name', [{ title: 'a.png', image_base64: 'iVBORw0KGgo=' }]],
	];

	test.each(cases)('%s %p (members by %s)', (kind, flat, users, cell) => {
		const encoded = encodeWebhookCell(hook(kind), flat, users);
		expect(encoded).toEqual(cell);
		// WeCom's webhook accepts it (users by name resolve to the member).
		accepted(sheetFieldOf(kind), encoded, true);
	});

	test.each(['FORMULA', 'AUTONUMBER', 'REFERENCE', 'CREATED_USER', 'CREATED_TIME', 'MODIFIED_USER', 'MODIFIED_TIME', 'WWGROUP', 'ATTACHMENT', 'LOOKUP'])(
		'%s cannot be written through the webhook',
		(kind) => {
			expect(() => encodeWebhookCell(hook(kind, 'Total'), 'x', 'name')).toThrow(
				/Field "Total" \(.+\) cannot be written through the sheet webhook\. Remove "Total" from the columns to send\./,
			);
		},
	);

	test('a data: prefix is stripped (WeCom answers 2023033 to it), and the sandbox refuses it like WeCom', () => {
		expect(pureBase64('data:image/png;base64,iVBORw0KGgo=')).toBe('iVBORw0KGgo=');
		const refusal = checkCell(field('IMAGE'), [{ title: 'a', image_base64: 'data:image/png;base64,iVBORw0KGgo=' }], { viaWebhook: true, ...USERS });
		expect(refusal).toMatchObject({ errcode: 2023033 });
	});

	test('the sandbox refuses readable dates and unknown names through the webhook, as WeCom does', () => {
		expect(checkCell(field('DATE_TIME'), '2026-01-31', { viaWebhook: true, ...USERS })).toMatchObject({ errcode: 40058 });
		expect(checkCell(field('USER'), ['Nobody'], { viaWebhook: true, ...USERS })).toMatchObject({ errcode: 40003 });
	});
});

describe('the pasted sample', () => {
	const sample = JSON.stringify({
		schema: { fA: 'Title', fB: 'Hours', fC: 'Done', fD: 'When', fE: 'Who', fF: 'Photo', fG: 'Site', fH: 'Link', fI: 'Where', fJ: 'Total', fK: { title: 'Due', type: 'FIELD_TYPE_DATE_TIME' } },
		add_records: [
			{
				values: {
					fA: 'Some text',
					fB: 100,
					fC: true,
					fD: '1767225600000',
					fE: ['Zhang San'],
					fF: [{ title: 'p.png', image_base64: 'iVBORw0KGgo=' }],
					fG: [{ text: 'Option 1' }],
					fH: [{ type: 'url', text: 'x', link: 'https://x' }],
					fI: [{ source_type: 1, latitude: '1', longitude: '2', title: 'x' }],
				},
			},
		],
	});

	test('field IDs, titles and types come from the schema and the sample values', () => {
		const result = fieldsOfSample(`Copied from WeCom:\n${sample}\n`);
		expect('fields' in result && result.fields.map((entry) => [entry.id, entry.title, entry.kind])).toEqual([
			['fA', 'Title', 'TEXT'],
			['fB', 'Hours', 'NUMBER'],
			['fC', 'Done', 'CHECKBOX'],
			['fD', 'When', 'DATE_TIME'],
			['fE', 'Who', 'USER'],
			['fF', 'Photo', 'IMAGE'],
			['fG', 'Site', 'SELECT'],
			['fH', 'Link', 'URL'],
			['fI', 'Where', 'LOCATION'],
			['fJ', 'Total', 'NOT_IN_SAMPLE'],
			['fK', 'Due', 'DATE_TIME'],
		]);
	});

	test('a phone number or a barcode is not mistaken for a date', () => {
		expect(kindOfSampleValue('13800000000')).toBe('TEXT');
		expect(kindOfSampleValue('6901234567892')).toBe('TEXT');
	});

	test.each([
		['', 'The sheet sample is empty'],
		['hello', 'The sheet sample is not JSON'],
		['{"schema": ', 'The sheet sample is not JSON'],
		['{"schema": {]}', /^The sheet sample is not valid JSON/],
		['{"add_records": []}', 'The sheet sample has no "schema" (field ID → title)'],
		['{"schema": {}}', 'The sheet sample’s "schema" lists no fields'],
	])('%p is refused', (text, problem) => {
		const result = fieldsOfSample(text);
		expect('problem' in result ? result.problem : '').toMatch(problem);
	});
});
