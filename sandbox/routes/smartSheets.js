// @ts-check
/**
 * Smart sheets (智能表格): wedoc/create_doc, wedoc/smartsheet/{get_sheet, get_fields, get_records,
 * add_records, update_records, delete_records}, wedoc/image_upload and the key-only sheet webhook
 * wedoc/smartsheet/webhook (wecom-new-features.md §4.7–4.9).
 *
 * As in WeCom: an app reads and edits only documents it created (anything else is 851003); a new
 * smart sheet holds one sheet with one text field; cells are checked per field type
 * (../smartSheetCells.js); add/update/delete take at most 500 records and get_records at most 1000
 * per call; the webhook knows only its key, updates only records it added, and takes at most
 * `webhookRowsPerWindow` rows per sheet in a rolling window (3,000 a minute), answering 45033
 * beyond; an unknown or revoked key is 40014.
 *
 * Tests reach the state through `smartSheetsOf(sandbox)`; other processes through
 *   GET  /__sandbox/smartsheet/docs                       every document with its sheets and rows
 *   POST /__sandbox/smartsheet/fields  { docid, sheet_id, fields[] }   adds columns, as a member
 *                                      would in WeCom's editor (there is no add_fields in the nodes)
 *   POST /__sandbox/smartsheet/config  { webhookRowsPerWindow?, webhookWindowMs? }
 *   GET  /ui/sheets                                       the sheets as tables, for the page
 *
 * @typedef {import('../smartSheetCells').SheetField} SheetField
 *
 * @typedef {object} SheetRecord
 * @property {string} record_id
 * @property {Record<string, unknown>} values by field_id
 * @property {number} create_time ms
 * @property {number} update_time ms
 * @property {string} creator_name
 * @property {string} updater_name
 * @property {boolean} viaWebhook added through the sheet webhook
 * @property {number} seq for the auto number field
 *
 * @typedef {object} Sheet
 * @property {string} sheet_id
 * @property {string} title
 * @property {SheetField[]} fields
 * @property {Map<string, SheetRecord>} records in insertion order
 * @property {string | undefined} webhookKey the key of "receive external data", when it is on
 * @property {number[]} webhookRowsAt arrival time of each webhook row, for the rate limit
 * @property {number} nextSeq
 *
 * @typedef {object} SmartDoc
 * @property {string} docid
 * @property {string} doc_name
 * @property {string} url
 * @property {number | null} creatorAgentId null for a document a member created
 * @property {string[]} admin_users
 * @property {Map<string, Sheet>} sheets
 * @property {number} ver
 */
const { createHash, randomBytes } = require('node:crypto');

const { weComError } = require('../errors');
const { checkCell } = require('../smartSheetCells');

const MAX_WRITE_RECORDS = 500;
const MAX_READ_RECORDS = 1000;
const DEFAULT_WEBHOOK_ROWS_PER_WINDOW = 3000;
const DEFAULT_WEBHOOK_WINDOW_MS = 60_000;

/** The seeded documents' IDs and webhook keys: the demo and the tests use them. */
const SUPPORT_DOC_ID = 'dcSANDBOXsupportDesk0001';
const TICKETS_SHEET_ID = 'tickets';
const TICKETS_WEBHOOK_KEY = '7f3c9a10-5d2e-4b8f-a1c6-0000000051e7';
const MEMBER_DOC_ID = 'dcSANDBOXmemberRoster0002';
const ROSTER_SHEET_ID = 'roster';
const ROSTER_WEBHOOK_KEY = '7f3c9a10-5d2e-4b8f-a1c6-00000000r0s7';

const FIELD_TYPE_PREFIX = 'FIELD_TYPE_';

/** @param {string} prefix */
function newId(prefix) {
	return `${prefix}${randomBytes(6).toString('hex')}`;
}

class SmartSheets {
	/** @param {import('../server').WeComSandbox} sandbox */
	constructor(sandbox) {
		this.sandbox = sandbox;
		/** @type {Map<string, SmartDoc>} */
		this.docs = new Map();
		/** @type {Map<string, { docid: string, sheet_id: string }>} */
		this.webhookKeys = new Map();
		this.webhookRowsPerWindow = DEFAULT_WEBHOOK_ROWS_PER_WINDOW;
		this.webhookWindowMs = DEFAULT_WEBHOOK_WINDOW_MS;
		this.seed();
	}

	seed() {
		const agentId = this.sandbox.corp.agentId;
		const support = this.createDoc({ docid: SUPPORT_DOC_ID, name: 'Support Desk', creatorAgentId: agentId, admins: ['zhangsan'] });
		const tickets = [...support.sheets.values()][0];
		tickets.sheet_id = TICKETS_SHEET_ID;
		support.sheets = new Map([[TICKETS_SHEET_ID, tickets]]);
		tickets.title = 'Tickets';
		tickets.fields = [];
		this.addFields(tickets, [
			{ field_title: 'Title', field_type: 'FIELD_TYPE_TEXT' },
			{ field_title: 'Customer', field_type: 'FIELD_TYPE_TEXT' },
			{ field_title: 'Channel', field_type: 'FIELD_TYPE_SINGLE_SELECT', options: ['WeCom', 'Email', 'Phone'] },
			{ field_title: 'Tags', field_type: 'FIELD_TYPE_SELECT', options: ['Billing', 'Bug', 'Question'] },
			{ field_title: 'Received', field_type: 'FIELD_TYPE_DATE_TIME' },
			{ field_title: 'Assignee', field_type: 'FIELD_TYPE_USER' },
			{ field_title: 'Resolved', field_type: 'FIELD_TYPE_CHECKBOX' },
			{ field_title: 'Ticket No', field_type: 'FIELD_TYPE_AUTONUMBER' },
			{ field_title: 'Created', field_type: 'FIELD_TYPE_CREATED_TIME' },
		]);
		this.enableWebhook(tickets, support.docid, TICKETS_WEBHOOK_KEY);

		const roster = this.createDoc({ docid: MEMBER_DOC_ID, name: 'Duty Roster (made by a member)', creatorAgentId: null, admins: ['lisi'] });
		const duty = [...roster.sheets.values()][0];
		duty.sheet_id = ROSTER_SHEET_ID;
		duty.title = 'Roster';
		roster.sheets = new Map([[ROSTER_SHEET_ID, duty]]);
		duty.fields = [];
		this.addFields(duty, [
			{ field_title: 'Shift', field_type: 'FIELD_TYPE_TEXT' },
			{ field_title: 'On Duty', field_type: 'FIELD_TYPE_USER' },
			{ field_title: 'Date', field_type: 'FIELD_TYPE_DATE_TIME' },
			{ field_title: 'Hours', field_type: 'FIELD_TYPE_NUMBER' },
			{ field_title: 'Done', field_type: 'FIELD_TYPE_PERCENTAGE' },
			{ field_title: 'Photo', field_type: 'FIELD_TYPE_IMAGE' },
			{ field_title: 'Site', field_type: 'FIELD_TYPE_SINGLE_SELECT', options: ['HQ', 'Remote'] },
			{ field_title: 'Total', field_type: 'FIELD_TYPE_FORMULA' },
		]);
		this.enableWebhook(duty, roster.docid, ROSTER_WEBHOOK_KEY);
	}

	/**
	 * @param {{ docid?: string, name: string, creatorAgentId: number | null, admins: string[] }} spec
	 * @returns {SmartDoc}
	 */
	createDoc(spec) {
		const docid = spec.docid ?? `dc${randomBytes(20).toString('base64url')}`;
		/** @type {Sheet} */
		const sheet = { sheet_id: newId('s'), title: 'Sheet1', fields: [], records: new Map(), webhookKey: undefined, webhookRowsAt: [], nextSeq: 1 };
		this.addFields(sheet, [{ field_title: 'Text', field_type: 'FIELD_TYPE_TEXT' }]);
		/** @type {SmartDoc} */
		const doc = {
			docid,
			doc_name: spec.name,
			url: `https://doc.weixin.qq.com/smartsheet/${docid}`,
			creatorAgentId: spec.creatorAgentId,
			admin_users: spec.admins,
			sheets: new Map([[sheet.sheet_id, sheet]]),
			ver: 1,
		};
		this.docs.set(docid, doc);
		return doc;
	}

	/**
	 * Adds columns, as a member would in WeCom's editor.
	 * @param {Sheet} sheet
	 * @param {Array<{ field_title: string, field_type: string, options?: string[] }>} specs
	 */
	addFields(sheet, specs) {
		for (const spec of specs) {
			const type = spec.field_type.startsWith(FIELD_TYPE_PREFIX) ? spec.field_type : `${FIELD_TYPE_PREFIX}${spec.field_type}`;
			// Stable across resets, so the demo's pasted webhook sample keeps matching.
			const fieldId = `f${createHash('sha1').update(`${sheet.sheet_id}/${sheet.fields.length}/${spec.field_title}`).digest('hex').slice(0, 5)}`;
			/** @type {SheetField} */
			const field = { field_id: fieldId, field_title: spec.field_title, field_type: type };
			const options = (spec.options ?? []).map((text, index) => ({ id: `opt${sheet.fields.length}${index}`, text, style: index + 1 }));
			if (type === 'FIELD_TYPE_SELECT') field.property_select_field = { is_multiple: true, is_quick_add: true, options };
			if (type === 'FIELD_TYPE_SINGLE_SELECT') field.property_single_select_field = { is_quick_add: true, options };
			sheet.fields.push(field);
		}
	}

	/**
	 * @param {Sheet} sheet
	 * @param {string} docid
	 * @param {string} key
	 */
	enableWebhook(sheet, docid, key) {
		sheet.webhookKey = key;
		this.webhookKeys.set(key, { docid, sheet_id: sheet.sheet_id });
	}

	/** Turning "receive external data" off revokes the key. @param {string} key */
	revokeWebhook(key) {
		const target = this.webhookKeys.get(key);
		this.webhookKeys.delete(key);
		const sheet = target ? this.docs.get(target.docid)?.sheets.get(target.sheet_id) : undefined;
		if (sheet) sheet.webhookKey = undefined;
	}

	/** @param {string} docid @param {string} sheetId */
	sheet(docid, sheetId) {
		const sheet = this.docs.get(docid)?.sheets.get(sheetId);
		if (!sheet) throw new Error(`no sandbox sheet ${docid}/${sheetId}`);
		return sheet;
	}

	/**
	 * The rows of a sheet keyed by field title, the way a person reads the table.
	 * @param {string} docid
	 * @param {string} sheetId
	 */
	rowsOf(docid, sheetId) {
		const sheet = this.sheet(docid, sheetId);
		return [...sheet.records.values()].map((record) => ({ record_id: record.record_id, values: valuesByTitle(sheet, record) }));
	}

	/** Rows a webhook added per rolling window, the most any window held. @param {string} key */
	peakWebhookRowsPerWindow(key) {
		const target = this.webhookKeys.get(key);
		if (!target) return 0;
		const times = this.sheet(target.docid, target.sheet_id).webhookRowsAt;
		let peak = 0;
		let start = 0;
		for (let end = 0; end < times.length; end++) {
			while (times[start] <= times[end] - this.webhookWindowMs) start++;
			peak = Math.max(peak, end - start + 1);
		}
		return peak;
	}

	/** @param {{ webhookRowsPerWindow?: number, webhookWindowMs?: number }} config */
	configure(config) {
		if (typeof config.webhookRowsPerWindow === 'number' && config.webhookRowsPerWindow > 0) this.webhookRowsPerWindow = config.webhookRowsPerWindow;
		if (typeof config.webhookWindowMs === 'number' && config.webhookWindowMs > 0) this.webhookWindowMs = config.webhookWindowMs;
		return { webhookRowsPerWindow: this.webhookRowsPerWindow, webhookWindowMs: this.webhookWindowMs };
	}
}

/**
 * @param {Sheet} sheet
 * @param {SheetRecord} record
 * @param {'title' | 'id'} [keyBy]
 * @param {Set<string>} [only] field IDs to include
 */
function valuesByTitle(sheet, record, keyBy = 'title', only) {
	/** @type {Record<string, unknown>} */
	const values = {};
	for (const field of sheet.fields) {
		if (only && !only.has(field.field_id)) continue;
		const value = computedValue(field, record) ?? record.values[field.field_id];
		if (value === undefined || value === null) continue;
		values[keyBy === 'id' ? field.field_id : field.field_title] = value;
	}
	return values;
}

/** Values WeCom fills in itself. @param {SheetField} field @param {SheetRecord} record */
function computedValue(field, record) {
	switch (field.field_type) {
		case 'FIELD_TYPE_AUTONUMBER':
			return { seq: String(record.seq), text: String(record.seq) };
		case 'FIELD_TYPE_CREATED_TIME':
			return String(record.create_time);
		case 'FIELD_TYPE_MODIFIED_TIME':
			return String(record.update_time);
		case 'FIELD_TYPE_CREATED_USER':
			return [{ user_id: record.creator_name }];
		case 'FIELD_TYPE_MODIFIED_USER':
			return [{ user_id: record.updater_name }];
		default:
			return undefined;
	}
}

/**
 * @param {import('../server').WeComSandbox} sandbox
 * @returns {SmartSheets}
 */
function smartSheetsOf(sandbox) {
	let state = sandbox.extensions.get('smartSheets');
	if (!(state instanceof SmartSheets)) {
		state = new SmartSheets(sandbox);
		sandbox.extensions.set('smartSheets', state);
	}
	return /** @type {SmartSheets} */ (state);
}

/** @param {unknown} value @returns {value is Record<string, any>} */
function isRecord(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @param {import('../server').WeComSandbox} sandbox */
module.exports = function registerSmartSheetRoutes(sandbox) {
	const sheets = () => smartSheetsOf(sandbox);

	/**
	 * The document and sheet of a request, if this app may use them.
	 * @param {import('../server').RouteContext} context
	 * @param {{ needSheet: boolean }} [options]
	 * @returns {{ doc: SmartDoc, sheet: Sheet } | { refusal: Record<string, unknown> }}
	 */
	function target({ body, ip, token }, options = { needSheet: true }) {
		const doc = sheets().docs.get(String(body.docid ?? ''));
		if (typeof body.docid !== 'string' || body.docid === '') return { refusal: weComError(40058, ip, 'missing docid. invalid Request Parameter') };
		if (!doc || token?.secretKind !== 'app' || doc.creatorAgentId !== token.agentId) {
			return { refusal: weComError(851003, ip, 'no authority: the document was not created by this app') };
		}
		const sheetId = typeof body.sheet_id === 'string' ? body.sheet_id : '';
		const sheet = doc.sheets.get(sheetId);
		if (!sheet) {
			if (!options.needSheet) return { doc, sheet: [...doc.sheets.values()][0] };
			return { refusal: weComError(40058, ip, `invalid sheet_id ${sheetId}`) };
		}
		return { doc, sheet };
	}

	/**
	 * Finds the field a cell key names (title by default, field ID with key_type).
	 * @param {Sheet} sheet
	 * @param {string} key
	 * @param {unknown} keyType
	 */
	function fieldFor(sheet, key, keyType) {
		return keyType === 'CELL_VALUE_KEY_TYPE_FIELD_ID'
			? sheet.fields.find((field) => field.field_id === key)
			: sheet.fields.find((field) => field.field_title === key);
	}

	/**
	 * Checks every cell of every record; WeCom refuses the whole call on the first bad one.
	 * @param {Sheet} sheet
	 * @param {unknown[]} records
	 * @param {{ keyType: unknown, viaWebhook: boolean, ip: string, needRecordId: boolean, webhookOnly?: boolean }} ctx
	 * @returns {{ refusal: Record<string, unknown> } | { checked: Array<{ record_id?: string, values: Record<string, unknown> }> }}
	 */
	function checkRecords(sheet, records, ctx) {
		const userIds = new Set(sandbox.users.keys());
		const userNames = new Map([...sandbox.users.values()].map((user) => [user.name, user.userid]));
		/** @type {Array<{ record_id?: string, values: Record<string, unknown> }>} */
		const checked = [];
		for (const entry of records) {
			if (!isRecord(entry) || !isRecord(entry.values)) return { refusal: weComError(40058, ctx.ip, 'records[].values must be an object. invalid Request Parameter') };
			if (ctx.needRecordId) {
				const existing = sheet.records.get(String(entry.record_id ?? ''));
				if (!existing) return { refusal: weComError(2023012, ctx.ip, `record not found: ${String(entry.record_id ?? '')}`) };
				if (ctx.webhookOnly && !existing.viaWebhook) return { refusal: weComError(2023012, ctx.ip, `record not found: ${String(entry.record_id)} was not added through this webhook`) };
			}
			/** @type {Record<string, unknown>} */
			const values = {};
			for (const [key, cell] of Object.entries(entry.values)) {
				const field = fieldFor(sheet, key, ctx.keyType);
				if (!field) return { refusal: weComError(2023001, ctx.ip, `field not found: ${key}`) };
				const result = checkCell(field, cell, { viaWebhook: ctx.viaWebhook, userIds, userNames });
				if ('errcode' in result) return { refusal: weComError(result.errcode, ctx.ip, result.detail) };
				values[field.field_id] = result.value;
			}
			checked.push({ record_id: typeof entry.record_id === 'string' ? entry.record_id : undefined, values });
		}
		return { checked };
	}

	/**
	 * @param {SmartDoc} doc
	 * @param {Sheet} sheet
	 * @param {Array<{ values: Record<string, unknown> }>} checked
	 * @param {{ author: string, viaWebhook: boolean }} by
	 */
	function insert(doc, sheet, checked, by) {
		const now = sandbox.now();
		doc.ver += 1;
		return checked.map(({ values }) => {
			/** @type {SheetRecord} */
			const record = { record_id: newId('r'), values, create_time: now, update_time: now, creator_name: by.author, updater_name: by.author, viaWebhook: by.viaWebhook, seq: sheet.nextSeq++ };
			sheet.records.set(record.record_id, record);
			return record;
		});
	}

	/**
	 * @param {SmartDoc} doc
	 * @param {Array<{ record_id?: string, values: Record<string, unknown> }>} checked
	 * @param {Sheet} sheet
	 * @param {string} author
	 */
	function update(doc, sheet, checked, author) {
		const now = sandbox.now();
		doc.ver += 1;
		return checked.map(({ record_id: recordId, values }) => {
			const record = /** @type {SheetRecord} */ (sheet.records.get(String(recordId)));
			Object.assign(record.values, values);
			record.update_time = now;
			record.updater_name = author;
			return record;
		});
	}

	/** @param {unknown} records @param {string} ip */
	function countRefusal(records, ip) {
		if (!Array.isArray(records) || records.length === 0) return weComError(40058, ip, 'records is empty. invalid Request Parameter');
		if (records.length > MAX_WRITE_RECORDS) return weComError(40058, ip, `records exceed max count ${MAX_WRITE_RECORDS}. invalid Request Parameter`);
		return undefined;
	}

	sandbox.route('POST', '/cgi-bin/wedoc/create_doc', ({ body, ip, token }) => {
		if (token?.secretKind !== 'app') return weComError(48002, ip, 'api forbidden');
		if (![3, 4, 10].includes(body.doc_type)) return weComError(40058, ip, 'invalid doc_type. invalid Request Parameter');
		const name = typeof body.doc_name === 'string' ? body.doc_name : '';
		if (name === '' || [...name].length > 255) return weComError(40058, ip, 'invalid doc_name. invalid Request Parameter');
		if ((body.spaceid === undefined) !== (body.fatherid === undefined)) return weComError(40058, ip, 'spaceid and fatherid go together. invalid Request Parameter');
		const admins = Array.isArray(body.admin_users) ? body.admin_users.map(String) : [];
		for (const admin of admins) if (!sandbox.users.has(admin.toLowerCase())) return weComError(40003, ip, `invalid userid ${admin}`);
		const doc = sheets().createDoc({ name, creatorAgentId: token.agentId, admins });
		if (body.doc_type !== 10) doc.sheets.clear();
		return { url: doc.url, docid: doc.docid };
	});

	sandbox.route('POST', '/cgi-bin/wedoc/smartsheet/get_sheet', (context) => {
		const found = target(context, { needSheet: false });
		if ('refusal' in found) return found.refusal;
		const wanted = context.body.sheet_id;
		const list = [...found.doc.sheets.values()].filter((sheet) => wanted === undefined || wanted === '' || sheet.sheet_id === wanted);
		return { sheet_list: list.map((sheet) => ({ sheet_id: sheet.sheet_id, title: sheet.title, is_visible: true, type: 'smartsheet' })) };
	});

	sandbox.route('POST', '/cgi-bin/wedoc/smartsheet/get_fields', (context) => {
		const found = target(context);
		if ('refusal' in found) return found.refusal;
		const offset = Math.max(0, Number(context.body.offset ?? 0) || 0);
		const limit = Math.min(1000, Number(context.body.limit ?? 0) || 1000);
		const fields = found.sheet.fields;
		return { total: fields.length, fields: fields.slice(offset, offset + limit) };
	});

	sandbox.route('POST', '/cgi-bin/wedoc/smartsheet/get_records', (context) => {
		const found = target(context);
		if ('refusal' in found) return found.refusal;
		const { body, ip } = context;
		const { doc, sheet } = found;
		if (body.filter_spec !== undefined && body.sort !== undefined) return weComError(40058, ip, 'filter_spec and sort cannot be used together. invalid Request Parameter');
		const limitAsked = Number(body.limit ?? 0) || 0;
		if (limitAsked > MAX_READ_RECORDS) return weComError(40058, ip, `limit exceed max ${MAX_READ_RECORDS}. invalid Request Parameter`);
		let records = [...sheet.records.values()];
		if (Array.isArray(body.record_ids)) {
			const ids = new Set(body.record_ids.map(String));
			records = records.filter((record) => ids.has(record.record_id));
		}
		if (isRecord(body.filter_spec)) {
			const filtered = applyFilter(sheet, records, body.filter_spec);
			if ('errcode' in filtered) return weComError(filtered.errcode, ip, filtered.detail);
			records = filtered.records;
		}
		if (Array.isArray(body.sort)) {
			for (const rule of [...body.sort].reverse()) {
				const field = sheet.fields.find((candidate) => candidate.field_title === rule?.field_title);
				if (!field) return weComError(2023001, ip, `field not found: ${String(rule?.field_title)}`);
				records.sort((a, b) => compareCells(a.values[field.field_id], b.values[field.field_id]) * (rule.desc ? -1 : 1));
			}
		}
		/** @type {Set<string> | undefined} */
		let only;
		if (Array.isArray(body.field_titles) || Array.isArray(body.field_ids)) {
			only = new Set();
			for (const key of body.field_titles ?? body.field_ids) {
				const field = fieldFor(sheet, String(key), Array.isArray(body.field_ids) ? 'CELL_VALUE_KEY_TYPE_FIELD_ID' : undefined);
				if (!field) return weComError(2023001, ip, `field not found: ${String(key)}`);
				only.add(field.field_id);
			}
		}
		const offset = Math.max(0, Number(body.offset ?? 0) || 0);
		const limit = limitAsked > 0 ? limitAsked : MAX_READ_RECORDS;
		const page = records.slice(offset, offset + limit);
		const keyBy = body.key_type === 'CELL_VALUE_KEY_TYPE_FIELD_ID' ? 'id' : 'title';
		const hasMore = offset + page.length < records.length;
		return {
			total: records.length,
			has_more: hasMore,
			next: hasMore ? offset + page.length : 0,
			ver: doc.ver,
			records: page.map((record) => ({
				record_id: record.record_id,
				create_time: String(record.create_time),
				update_time: String(record.update_time),
				creator_name: record.creator_name,
				updater_name: record.updater_name,
				values: valuesByTitle(sheet, record, keyBy, only),
			})),
		};
	});

	sandbox.route('POST', '/cgi-bin/wedoc/smartsheet/add_records', (context) => {
		const found = target(context);
		if ('refusal' in found) return found.refusal;
		const refusal = countRefusal(context.body.records, context.ip);
		if (refusal) return refusal;
		const result = checkRecords(found.sheet, context.body.records, { keyType: context.body.key_type, viaWebhook: false, ip: context.ip, needRecordId: false });
		if ('refusal' in result) return result.refusal;
		const added = insert(found.doc, found.sheet, result.checked, { author: 'app', viaWebhook: false });
		return { records: added.map((record) => ({ record_id: record.record_id, values: valuesByTitle(found.sheet, record, context.body.key_type === 'CELL_VALUE_KEY_TYPE_FIELD_ID' ? 'id' : 'title') })) };
	});

	sandbox.route('POST', '/cgi-bin/wedoc/smartsheet/update_records', (context) => {
		const found = target(context);
		if ('refusal' in found) return found.refusal;
		const refusal = countRefusal(context.body.records, context.ip);
		if (refusal) return refusal;
		const result = checkRecords(found.sheet, context.body.records, { keyType: context.body.key_type, viaWebhook: false, ip: context.ip, needRecordId: true });
		if ('refusal' in result) return result.refusal;
		const updated = update(found.doc, found.sheet, result.checked, 'app');
		return { records: updated.map((record) => ({ record_id: record.record_id, values: valuesByTitle(found.sheet, record, context.body.key_type === 'CELL_VALUE_KEY_TYPE_FIELD_ID' ? 'id' : 'title') })) };
	});

	sandbox.route('POST', '/cgi-bin/wedoc/smartsheet/delete_records', (context) => {
		const found = target(context);
		if ('refusal' in found) return found.refusal;
		const ids = context.body.record_ids;
		const refusal = countRefusal(ids, context.ip);
		if (refusal) return refusal;
		for (const id of ids) if (!found.sheet.records.has(String(id))) return weComError(2023012, context.ip, `record not found: ${String(id)}`);
		for (const id of ids) found.sheet.records.delete(String(id));
		found.doc.ver += 1;
		return {};
	});

	sandbox.route('POST', '/cgi-bin/wedoc/image_upload', (context) => {
		const found = target(context, { needSheet: false });
		if ('refusal' in found) return found.refusal;
		const content = context.body.base64_content;
		if (typeof content !== 'string' || content === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(content)) {
			return weComError(40058, context.ip, 'invalid base64_content. invalid Request Parameter');
		}
		const size = Buffer.from(content, 'base64').length;
		if (size > 10 * 1024 * 1024) return weComError(40009, context.ip, 'invalid image size');
		return { url: `https://wdcdn.qpic.cn/sandbox/${newId('i')}.png`, width: 64, height: 64, size };
	});

	sandbox.route(
		'POST',
		'/cgi-bin/wedoc/smartsheet/webhook',
		({ body, query, ip }) => {
			const state = sheets();
			const key = query.get('key') ?? '';
			const found = state.webhookKeys.get(key);
			if (!found) return weComError(40014, ip, 'invalid webhook key');
			const doc = /** @type {SmartDoc} */ (state.docs.get(found.docid));
			const sheet = state.sheet(found.docid, found.sheet_id);
			const adds = Array.isArray(body.add_records) ? body.add_records : [];
			const updates = Array.isArray(body.update_records) ? body.update_records : [];
			if (adds.length + updates.length === 0) return weComError(40058, ip, 'add_records or update_records is required. invalid Request Parameter');
			if (adds.length + updates.length > MAX_WRITE_RECORDS) return weComError(40058, ip, `records exceed max count ${MAX_WRITE_RECORDS}. invalid Request Parameter`);
			const now = sandbox.now();
			sheet.webhookRowsAt = sheet.webhookRowsAt.filter((at) => at > now - state.webhookWindowMs);
			if (sheet.webhookRowsAt.length + adds.length + updates.length > state.webhookRowsPerWindow) return weComError(45033, ip, 'api freq out of limit: too many rows for this sheet');
			const ctx = { keyType: 'CELL_VALUE_KEY_TYPE_FIELD_ID', viaWebhook: true, ip };
			const addCheck = checkRecords(sheet, adds, { ...ctx, needRecordId: false });
			if ('refusal' in addCheck) return addCheck.refusal;
			const updateCheck = checkRecords(sheet, updates, { ...ctx, needRecordId: true, webhookOnly: true });
			if ('refusal' in updateCheck) return updateCheck.refusal;
			for (let row = 0; row < adds.length + updates.length; row++) sheet.webhookRowsAt.push(now);
			const added = insert(doc, sheet, addCheck.checked, { author: 'webhook', viaWebhook: true });
			update(doc, sheet, updateCheck.checked, 'webhook');
			return { add_records: added.map((record) => ({ record_id: record.record_id, values: valuesByTitle(sheet, record, 'id') })) };
		},
		{ auth: false },
	);

	sandbox.route(
		'GET',
		'/__sandbox/smartsheet/docs',
		() => ({
			docs: [...sheets().docs.values()].map((doc) => ({
				docid: doc.docid,
				doc_name: doc.doc_name,
				url: doc.url,
				createdByApp: doc.creatorAgentId !== null,
				sheets: [...doc.sheets.values()].map((sheet) => ({
					sheet_id: sheet.sheet_id,
					title: sheet.title,
					webhook: sheet.webhookKey !== undefined,
					fields: sheet.fields.map(({ field_id, field_title, field_type }) => ({ field_id, field_title, field_type })),
					rows: sheets().rowsOf(doc.docid, sheet.sheet_id),
				})),
			})),
		}),
		{ auth: false },
	);

	sandbox.route(
		'POST',
		'/__sandbox/smartsheet/fields',
		({ body }) => {
			const sheet = sheets().sheet(String(body.docid), String(body.sheet_id));
			sheets().addFields(sheet, Array.isArray(body.fields) ? body.fields : []);
			return { fields: sheet.fields };
		},
		{ auth: false },
	);

	sandbox.route('POST', '/__sandbox/smartsheet/config', ({ body }) => sheets().configure(body), { auth: false });

	sandbox.route(
		'GET',
		'/ui/sheets',
		() => ({
			docs: [...sheets().docs.values()].map((doc) => ({
				docid: doc.docid,
				doc_name: doc.doc_name,
				createdByApp: doc.creatorAgentId !== null,
				sheets: [...doc.sheets.values()].map((sheet) => ({
					sheet_id: sheet.sheet_id,
					title: sheet.title,
					webhookKey: sheet.webhookKey,
					webhookSample: sheet.webhookKey === undefined ? undefined : webhookSample(sheet),
					columns: sheet.fields.map((field) => ({ title: field.field_title, type: field.field_type.replace(FIELD_TYPE_PREFIX, '') })),
					rows: [...sheet.records.values()].slice(-50).map((record) => sheet.fields.map((field) => displayText(computedValue(field, record) ?? record.values[field.field_id]))),
					rowCount: sheet.records.size,
				})),
			})),
		}),
		{ auth: false },
	);
};

/** What WeCom's "receive external data" page shows a member for each field type. */
const SAMPLE_VALUES = {
	FIELD_TYPE_TEXT: 'Some text',
	FIELD_TYPE_NUMBER: 100,
	FIELD_TYPE_CURRENCY: 99.5,
	FIELD_TYPE_PERCENTAGE: 30,
	FIELD_TYPE_PROGRESS: 30,
	FIELD_TYPE_CHECKBOX: true,
	FIELD_TYPE_DATE_TIME: '1767225600000',
	FIELD_TYPE_USER: ['Zhang San'],
	FIELD_TYPE_SELECT: [{ text: 'Option 1' }],
	FIELD_TYPE_SINGLE_SELECT: [{ text: 'Option 1' }],
	FIELD_TYPE_URL: [{ type: 'url', text: 'WeCom', link: 'https://work.weixin.qq.com' }],
	FIELD_TYPE_PHONE_NUMBER: '13800000000',
	FIELD_TYPE_EMAIL: 'name@example.com',
	FIELD_TYPE_BARCODE: '6901234567892',
	FIELD_TYPE_IMAGE: [{ title: 'photo.png', image_base64: 'iVBORw0KGgo=' }],
	FIELD_TYPE_LOCATION: [{ source_type: 1, id: '', latitude: '39.9', longitude: '116.4', title: 'Beijing' }],
};

/**
 * The sample JSON of the webhook page: `schema` maps field ID → title, and one record shows a
 * value for every field the webhook can write.
 * @param {Sheet} sheet
 */
function webhookSample(sheet) {
	/** @type {Record<string, string>} */
	const schema = {};
	/** @type {Record<string, unknown>} */
	const values = {};
	for (const field of sheet.fields) {
		schema[field.field_id] = field.field_title;
		const sample = SAMPLE_VALUES[/** @type {keyof typeof SAMPLE_VALUES} */ (field.field_type)];
		if (sample !== undefined) values[field.field_id] = sample;
	}
	return { schema, add_records: [{ values }] };
}

/**
 * get_records' filter_spec: AND/OR of conditions on field IDs.
 * @param {Sheet} sheet
 * @param {SheetRecord[]} records
 * @param {Record<string, any>} spec
 * @returns {{ records: SheetRecord[] } | { errcode: number, detail: string }}
 */
function applyFilter(sheet, records, spec) {
	const conditions = Array.isArray(spec.conditions) ? spec.conditions : [];
	/** @type {Array<(record: SheetRecord) => boolean>} */
	const tests = [];
	for (const condition of conditions) {
		const field = sheet.fields.find((candidate) => candidate.field_id === condition?.field_id);
		if (!field) return { errcode: 2023001, detail: `field not found: ${String(condition?.field_id)}` };
		const wanted = condition.string_value?.value ?? (condition.number_value ? [condition.number_value.value] : condition.bool_value ? [condition.bool_value.value] : []);
		const texts = Array.isArray(wanted) ? wanted.map((value) => String(value).toLowerCase()) : [];
		const cellOf = (/** @type {SheetRecord} */ record) => {
			const cell = computedValue(field, record) ?? record.values[field.field_id];
			return cell === undefined || cell === null ? '' : displayText(cell).toLowerCase();
		};
		switch (condition.operator) {
			case 'OPERATOR_IS':
				tests.push((record) => texts.includes(cellOf(record)));
				break;
			case 'OPERATOR_IS_NOT':
				tests.push((record) => !texts.includes(cellOf(record)));
				break;
			case 'OPERATOR_CONTAINS':
				tests.push((record) => texts.some((text) => cellOf(record).includes(text)));
				break;
			case 'OPERATOR_DOES_NOT_CONTAIN':
				tests.push((record) => !texts.some((text) => cellOf(record).includes(text)));
				break;
			case 'OPERATOR_IS_EMPTY':
				tests.push((record) => cellOf(record) === '');
				break;
			case 'OPERATOR_IS_NOT_EMPTY':
				tests.push((record) => cellOf(record) !== '');
				break;
			case 'OPERATOR_IS_GREATER':
				tests.push((record) => Number(cellOf(record)) > Number(texts[0]));
				break;
			case 'OPERATOR_IS_LESS':
				tests.push((record) => Number(cellOf(record)) < Number(texts[0]));
				break;
			default:
				return { errcode: 40058, detail: `invalid operator ${String(condition.operator)}` };
		}
	}
	const any = spec.conjunction === 'CONJUNCTION_OR';
	return { records: records.filter((record) => (tests.length === 0 ? true : any ? tests.some((test) => test(record)) : tests.every((test) => test(record)))) };
}

/** @param {unknown} a @param {unknown} b */
function compareCells(a, b) {
	const left = displayText(a);
	const right = displayText(b);
	const numeric = Number(left) - Number(right);
	if (left !== '' && right !== '' && Number.isFinite(numeric)) return numeric;
	return left.localeCompare(right);
}

/** A cell as the table shows it. @param {unknown} cell @returns {string} */
function displayText(cell) {
	if (cell === undefined || cell === null) return '';
	if (Array.isArray(cell)) return cell.map((entry) => displayText(entry)).join(', ');
	if (isRecord(cell)) return String(cell.text ?? cell.title ?? cell.user_id ?? cell.name ?? cell.link ?? JSON.stringify(cell));
	return String(cell);
}

module.exports.smartSheetsOf = smartSheetsOf;
module.exports.webhookSample = webhookSample;
module.exports.SUPPORT_DOC_ID = SUPPORT_DOC_ID;
module.exports.TICKETS_SHEET_ID = TICKETS_SHEET_ID;
module.exports.TICKETS_WEBHOOK_KEY = TICKETS_WEBHOOK_KEY;
module.exports.MEMBER_DOC_ID = MEMBER_DOC_ID;
module.exports.ROSTER_SHEET_ID = ROSTER_SHEET_ID;
module.exports.ROSTER_WEBHOOK_KEY = ROSTER_WEBHOOK_KEY;
