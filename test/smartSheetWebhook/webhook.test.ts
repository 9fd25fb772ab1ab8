/**
 * The WeCom Smart Sheet Webhook node and its credential, against the sandbox's sheet webhook: the
 * webhook's own value rules (field IDs, plain text, dates in ms, members by name or ID, images as
 * pure base64, fields it cannot write), columns from the pasted sample, updates only of rows it
 * added, pacing under the rows-per-minute limit, 45033, and an invalid or revoked key.
 */
import type { ICredentialsDecrypted, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { WeComSmartSheetWebhookApi } from '../../credentials/WeComSmartSheetWebhookApi.credentials';
import { WeComSmartSheetWebhook } from '../../nodes/WeComSmartSheetWebhook/WeComSmartSheetWebhook.node';
import { getSampleColumns } from '../../nodes/WeComSmartSheetWebhook/methods';
import {
	MEMBER_DOC_ID,
	ROSTER_SHEET_ID,
	ROSTER_WEBHOOK_KEY,
	smartSheetsOf,
	webhookSample,
} from '../../sandbox/routes/smartSheets';
import { startSandbox } from '../../sandbox/server';
import type { WeComSandbox } from '../../sandbox/server';
import { testCredential } from '../support/credentialTest';
import { TestCredentialsHelper, loadOptionsContext, registerCredentialType, registerNodeType, runNode } from '../support/engine';
import { allStrings, binaryItem, fakePng } from '../support/groupBot';
import { jsonOf } from '../support/weCom';

const NODE_TYPE = 'n8n-nodes-wecom-suite.weComSmartSheetWebhook';
const credentialType = new WeComSmartSheetWebhookApi();
registerNodeType(NODE_TYPE, new WeComSmartSheetWebhook());
registerCredentialType(credentialType);

const SHEET_CREDENTIAL = { id: 'cred-sheet', name: 'Roster sheet' };
const REVOKED_CREDENTIAL = { id: 'cred-sheet-revoked', name: 'Old roster key' };
const WEBHOOK_PATH = '/cgi-bin/wedoc/smartsheet/webhook';
/** A key WeCom never issued (or one whose sheet stopped receiving external data). */
const NEVER_ISSUED = 'f00dfeed-0000-4000-8000-000000000000';

let sandbox: WeComSandbox;
const credentials = new TestCredentialsHelper();

beforeAll(async () => {
	sandbox = await startSandbox();
	credentials.add({
		...SHEET_CREDENTIAL,
		type: credentialType.name,
		data: { webhookSecretKey: `https://qyapi.weixin.qq.com/cgi-bin/wedoc/smartsheet/webhook?key=${ROSTER_WEBHOOK_KEY}`, baseUrl: sandbox.url },
	});
	credentials.add({ ...REVOKED_CREDENTIAL, type: credentialType.name, data: { webhookSecretKey: NEVER_ISSUED, baseUrl: sandbox.url } });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.resetData());

const sheets = () => smartSheetsOf(sandbox);
const rows = () => sheets().rowsOf(MEMBER_DOC_ID, ROSTER_SHEET_ID);
const sample = () => JSON.stringify(webhookSample(sheets().sheet(MEMBER_DOC_ID, ROSTER_SHEET_ID)), null, 2);
const fieldId = (title: string) => sheets().sheet(MEMBER_DOC_ID, ROSTER_SHEET_ID).fields.find((field) => field.field_title === title)?.field_id ?? '';

function parameters(operation: string, value: INodeParameters | null, options: INodeParameters = {}): INodeParameters {
	return {
		operation,
		sample: sample(),
		columns: { mappingMode: value === null ? 'autoMapInputData' : 'defineBelow', value, matchingColumns: [], schema: [] },
		options,
	};
}

async function run(params: INodeParameters, items: INodeExecutionData[] = [{ json: {} }], credential = SHEET_CREDENTIAL) {
	return await runNode({ parameters: params, items, credentialsHelper: credentials, credentials: { weComSmartSheetWebhookApi: credential }, nodeType: NODE_TYPE });
}

const shifts = (count: number): INodeExecutionData[] =>
	Array.from({ length: count }, (_, index) => ({ json: { Shift: `Shift ${index + 1}`, Hours: index % 12 } }));

test('the webhook’s own rules: field IDs, plain text, ms dates, members by name, images as pure base64', async () => {
	const result = await run(
		parameters('addRecords', {
			Shift: 'Night',
			'On Duty': 'Wang Wu',
			Date: '2026-01-31T01:00:00Z',
			Hours: 8,
			Done: 30,
			Photo: 'data',
			Site: 'Remote',
		}),
		[binaryItem(fakePng(300), 'badge.png', 'image/png')],
	);
	expect(result.error).toBeUndefined();
	const [request] = sandbox.requestsTo(WEBHOOK_PATH);
	expect(request.query.key).toBe(ROSTER_WEBHOOK_KEY);
	expect(request.body).toEqual({
		add_records: [
			{
				values: {
					[fieldId('Shift')]: 'Night',
					[fieldId('On Duty')]: ['Wang Wu'],
					[fieldId('Date')]: String(Date.UTC(2026, 0, 31, 1)),
					[fieldId('Hours')]: 8,
					[fieldId('Done')]: 30,
					[fieldId('Photo')]: [{ title: 'badge.png', image_base64: fakePng(300).toString('base64') }],
					[fieldId('Site')]: [{ text: 'Remote' }],
				},
			},
		],
	});
	const [output] = jsonOf(result);
	expect(output).toMatchObject({ record_id: expect.any(String), Shift: 'Night', 'On Duty': ['wangwu'], Hours: 8, Date: '2026-01-31T01:00:00.000Z', Site: ['Remote'] });
	expect(rows()).toEqual([{ record_id: output.record_id, values: expect.objectContaining({ Shift: [{ type: 'text', text: 'Night' }], 'On Duty': [{ user_id: 'wangwu' }] }) }]);
});

test('members by user ID, when the option says so', async () => {
	const result = await run(parameters('addRecords', { Shift: 'Day', 'On Duty': 'lisi' }, { usersBy: 'userId' }));
	expect(result.error).toBeUndefined();
	expect((sandbox.requestsTo(WEBHOOK_PATH)[0].body as { add_records: Array<{ values: Record<string, unknown> }> }).add_records[0].values[fieldId('On Duty')]).toEqual([{ user_id: 'lisi' }]);
});

test('a field the webhook cannot write is refused with its name, before anything is sent', async () => {
	// The sample shows no value for Total (a formula): the webhook cannot write it.
	const result = await run(parameters('addRecords', { Shift: 'Day', Total: 3 }));
	expect(result.error?.message).toMatch(/^Field "Total" has no value in the sheet sample, so the sheet webhook cannot write it/);
	expect(sandbox.countOf(WEBHOOK_PATH)).toBe(0);

	const typed = JSON.parse(sample());
	typed.schema[fieldId('Total')] = { title: 'Total', type: 'FORMULA' };
	const refused = await run({ ...parameters('addRecords', { Shift: 'Day', Total: 3 }), sample: JSON.stringify(typed) });
	expect(refused.error?.message).toBe(
		'Field "Total" (Formula) cannot be written through the sheet webhook. Remove "Total" from the columns to send.',
	);
	expect(sandbox.countOf(WEBHOOK_PATH)).toBe(0);
});

test('the columns mapper reads the pasted sample; a broken sample says how to fix it', async () => {
	const context = loadOptionsContext({ nodeType: NODE_TYPE, credentials: { weComSmartSheetWebhookApi: SHEET_CREDENTIAL }, credentialsHelper: credentials });
	let pasted = sample();
	let operation = 'updateRecords';
	jest.spyOn(context, 'getCurrentNodeParameter').mockImplementation((name: string) => (name === 'sample' ? pasted : operation));
	const { fields } = await getSampleColumns.call(context);
	expect(fields.map((field) => [field.id, field.displayName, field.type])).toEqual([
		['record_id', 'Record ID', 'string'],
		['Shift', 'Shift (Text)', 'string'],
		['On Duty', 'On Duty (Member)', 'string'],
		['Date', 'Date (Date)', 'string'],
		['Hours', 'Hours (Number)', 'number'],
		['Done', 'Done (Number)', 'number'],
		['Photo', 'Photo (Image)', 'string'],
		['Site', 'Site (Multiple Select)', 'string'],
		['Total', 'Total (No Sample Value, not writable by webhook)', 'string'],
	]);
	operation = 'addRecords';
	pasted = '{"add_records": []}';
	await expect(getSampleColumns.call(context)).rejects.toThrow('The sheet sample has no "schema" (field ID → title)');
});

test('update changes rows this webhook added; a row a member typed is out of reach (2023012)', async () => {
	const added = jsonOf(await run(parameters('addRecords', null), shifts(2)));
	const updated = await run(
		parameters('updateRecords', { record_id: '={{ $json.record_id }}', Hours: 11 }),
		added.map((record) => ({ json: { record_id: String(record.record_id) } })),
	);
	expect(updated.error).toBeUndefined();
	expect(jsonOf(updated)).toEqual(added.map((record) => ({ record_id: record.record_id, updated: true })));
	expect(rows().map((row) => row.values.Hours)).toEqual([11, 11]);

	const sheet = sheets().sheet(MEMBER_DOC_ID, ROSTER_SHEET_ID);
	sheet.records.set('rtyped', { record_id: 'rtyped', values: {}, create_time: 0, update_time: 0, creator_name: 'lisi', updater_name: 'lisi', viaWebhook: false, seq: 99 });
	const refused = await run(parameters('updateRecords', { record_id: 'rtyped', Hours: 1 }));
	expect(refused.error?.message).toMatch(/^WeCom error 2023012/);
});

test('an invalid or revoked key: a clear error, and the key appears nowhere', async () => {
	const result = await run(parameters('addRecords', { Shift: 'x' }), [{ json: {} }], REVOKED_CREDENTIAL);
	expect(result.error?.message).toBe('WeCom does not know this sheet webhook key (40014)');
	expect(result.error?.description).toMatch(/Receive External Data \(接收外部数据\) was turned off/);
	expect(allStrings(result.run).join('\n')).not.toContain(NEVER_ISSUED);

	sheets().revokeWebhook(ROSTER_WEBHOOK_KEY);
	const revoked = await run(parameters('addRecords', { Shift: 'x' }));
	expect(revoked.error?.message).toBe('WeCom does not know this sheet webhook key (40014)');
	expect(allStrings(revoked.run).join('\n')).not.toContain(ROSTER_WEBHOOK_KEY);
});

test('credential test: a known key passes, an unknown one fails, and no row is written', async () => {
	const decrypted = (webhookSecretKey: string): ICredentialsDecrypted => ({ id: 'c', name: 'c', type: credentialType.name, data: { webhookSecretKey, baseUrl: sandbox.url } });
	expect((await testCredential(credentialType, credentials, decrypted(ROSTER_WEBHOOK_KEY))).status).toBe('OK');
	const bad = await testCredential(credentialType, credentials, decrypted('nope-nope-nope'));
	expect(bad.status).toBe('Error');
	expect(bad.message).toMatch(/WeCom does not know this sheet webhook key \(40014\)/);
	expect(rows()).toHaveLength(0);
});

describe('pacing: rows per rolling window per sheet', () => {
	test('1,200 rows with a limit of 500 per second: 3 calls, never over the limit, none refused', async () => {
		sheets().configure({ webhookRowsPerWindow: 500, webhookWindowMs: 1000 });
		const result = await run(parameters('addRecords', null, { rowsPerWindow: 500, rateWindowSeconds: 1 }), shifts(1200));
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toHaveLength(1200);
		expect(rows()).toHaveLength(1200);
		expect(sandbox.requestsTo(WEBHOOK_PATH).map((request) => (request.body as { add_records: unknown[] }).add_records.length)).toEqual([500, 500, 200]);
		expect(sheets().peakWebhookRowsPerWindow(ROSTER_WEBHOOK_KEY)).toBeLessThanOrEqual(500);
	});

	test('45033 from WeCom: the batch waits a window and is sent again, once written', async () => {
		sandbox.inject({ path: WEBHOOK_PATH, errcode: 45033, times: 3 });
		const result = await run(parameters('addRecords', null, { rateWindowSeconds: 0.2 }), shifts(3));
		expect(result.error).toBeUndefined();
		expect(rows()).toHaveLength(3);
		expect(sandbox.countOf(WEBHOOK_PATH)).toBe(4);
	});

	test('45033 that does not clear: bounded, then an error that says so', async () => {
		sandbox.inject({ path: WEBHOOK_PATH, errcode: 45033, times: 50 });
		const result = await run(parameters('addRecords', null, { rateWindowSeconds: 0.2 }), shifts(3));
		expect(result.error?.message).toBe('The sheet is over WeCom’s row limit (errcode 45033) and still was after waiting 0.4 seconds');
		expect(rows()).toHaveLength(0);
		expect(sandbox.countOf(WEBHOOK_PATH)).toBe(9);
	});
});
