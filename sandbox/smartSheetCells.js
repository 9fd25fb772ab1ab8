// @ts-check
/**
 * Cell values of smart sheets as WeCom checks them (wecom-new-features.md §4.8, §4.9): one rule per
 * field type for the app API (wedoc/smartsheet/add_records, update_records) and the sheet webhook.
 * A cell WeCom would refuse gets the errcode and wording the sandbox answers with; an accepted
 * cell is stored in the shape get_records returns.
 *
 * @typedef {object} SheetOption
 * @property {string} id
 * @property {string} text
 * @property {number} style
 *
 * @typedef {object} SheetField
 * @property {string} field_id
 * @property {string} field_title
 * @property {string} field_type e.g. FIELD_TYPE_TEXT
 * @property {Record<string, any>} [property_select_field]
 * @property {Record<string, any>} [property_single_select_field]
 *
 * @typedef {{ errcode: number, detail: string } | { value: unknown }} CellCheck
 */

/** Types the app API refuses to write: WeCom fills them in itself. */
const READ_ONLY_TYPES = new Set([
	'FIELD_TYPE_CREATED_TIME',
	'FIELD_TYPE_MODIFIED_TIME',
	'FIELD_TYPE_CREATED_USER',
	'FIELD_TYPE_MODIFIED_USER',
	'FIELD_TYPE_AUTONUMBER',
	'FIELD_TYPE_FORMULA',
	'FIELD_TYPE_LOOKUP',
]);

/** The webhook also refuses these (§4.9). */
const WEBHOOK_UNWRITABLE_TYPES = new Set([...READ_ONLY_TYPES, 'FIELD_TYPE_REFERENCE', 'FIELD_TYPE_WWGROUP', 'FIELD_TYPE_ATTACHMENT']);

const NUMBER_TYPES = new Set(['FIELD_TYPE_NUMBER', 'FIELD_TYPE_CURRENCY', 'FIELD_TYPE_PERCENTAGE', 'FIELD_TYPE_PROGRESS']);
const STRING_TYPES = new Set(['FIELD_TYPE_PHONE_NUMBER', 'FIELD_TYPE_EMAIL', 'FIELD_TYPE_BARCODE']);

/** @param {string} detail */
const invalid = (detail) => ({ errcode: 40058, detail: `invalid cell value: ${detail}` });

/** @param {unknown} value @returns {value is Record<string, any>} */
function isRecord(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @param {SheetField} field */
function optionsOf(field) {
	const property = field.property_select_field ?? field.property_single_select_field;
	/** @type {SheetOption[]} */
	const options = property?.options ?? [];
	return options;
}

/**
 * @param {SheetField} field
 * @param {unknown} cell
 * @param {{ viaWebhook: boolean, userIds: Set<string>, userNames: Map<string, string> }} ctx
 * @returns {CellCheck}
 */
function checkCell(field, cell, ctx) {
	const type = field.field_type;
	const title = field.field_title;
	if (cell === null) return { value: null };
	if (ctx.viaWebhook ? WEBHOOK_UNWRITABLE_TYPES.has(type) : READ_ONLY_TYPES.has(type)) {
		return invalid(`field "${title}" of type ${type} cannot be written`);
	}
	if (NUMBER_TYPES.has(type)) {
		if (typeof cell !== 'number' || !Number.isFinite(cell)) return invalid(`field "${title}" expects a number`);
		return { value: cell };
	}
	if (STRING_TYPES.has(type)) {
		if (typeof cell !== 'string') return invalid(`field "${title}" expects a string`);
		if (type === 'FIELD_TYPE_EMAIL' && cell !== '' && !/^[^@\s]+@[^@\s]+$/.test(cell)) return invalid(`field "${title}" expects an email address`);
		return { value: cell };
	}
	switch (type) {
		case 'FIELD_TYPE_TEXT':
			if (ctx.viaWebhook && typeof cell === 'string') return { value: [{ type: 'text', text: cell }] };
			return checkTextRuns(title, cell);
		case 'FIELD_TYPE_CHECKBOX':
			return typeof cell === 'boolean' ? { value: cell } : invalid(`field "${title}" expects true or false`);
		case 'FIELD_TYPE_DATE_TIME':
			// WeCom takes Unix milliseconds as a string; readable dates are refused.
			if (typeof cell === 'string' && /^\d{1,15}$/.test(cell)) return { value: cell };
			if (typeof cell === 'number' && Number.isInteger(cell)) return ctx.viaWebhook ? { value: String(cell) } : invalid(`field "${title}" expects a string of Unix milliseconds`);
			return invalid(`field "${title}" expects a string of Unix milliseconds`);
		case 'FIELD_TYPE_URL': {
			if (!Array.isArray(cell) || cell.length !== 1 || !isRecord(cell[0]) || typeof cell[0].link !== 'string') {
				return invalid(`field "${title}" expects [{type:"url", text, link}] with one link`);
			}
			return { value: [{ type: 'url', text: typeof cell[0].text === 'string' ? cell[0].text : cell[0].link, link: cell[0].link }] };
		}
		case 'FIELD_TYPE_USER':
			return checkUsers(title, cell, ctx);
		case 'FIELD_TYPE_SELECT':
		case 'FIELD_TYPE_SINGLE_SELECT':
			return checkOptions(field, cell);
		case 'FIELD_TYPE_LOCATION': {
			if (!Array.isArray(cell) || cell.length > 1) return invalid(`field "${title}" takes at most one location`);
			for (const place of cell) {
				if (!isRecord(place) || place.source_type !== 1 || typeof place.title !== 'string' || typeof place.latitude !== 'string' || typeof place.longitude !== 'string') {
					return invalid(`field "${title}" expects [{source_type:1, id, latitude, longitude, title}]`);
				}
			}
			return { value: cell };
		}
		case 'FIELD_TYPE_IMAGE':
			return checkImages(title, cell, ctx);
		case 'FIELD_TYPE_ATTACHMENT': {
			if (!Array.isArray(cell) || !cell.every((file) => isRecord(file) && typeof file.file_id === 'string' && file.file_id !== '')) {
				return invalid(`field "${title}" expects attachments with a file_id`);
			}
			return { value: cell };
		}
		case 'FIELD_TYPE_REFERENCE':
			return Array.isArray(cell) && cell.every((id) => typeof id === 'string') ? { value: cell } : invalid(`field "${title}" expects record IDs`);
		default:
			return { value: cell };
	}
}

/** @param {string} title @param {unknown} cell @returns {CellCheck} */
function checkTextRuns(title, cell) {
	if (!Array.isArray(cell)) return invalid(`field "${title}" expects [{type:"text", text}]`);
	for (const run of cell) {
		if (!isRecord(run) || (run.type !== 'text' && run.type !== 'url') || typeof run.text !== 'string') {
			return invalid(`field "${title}" expects [{type:"text", text}]`);
		}
		if (run.type === 'url' && typeof run.link !== 'string') return invalid(`field "${title}" has a url run without link`);
	}
	return { value: cell };
}

/**
 * @param {string} title
 * @param {unknown} cell
 * @param {{ viaWebhook: boolean, userIds: Set<string>, userNames: Map<string, string> }} ctx
 * @returns {CellCheck}
 */
function checkUsers(title, cell, ctx) {
	if (!Array.isArray(cell)) return invalid(`field "${title}" expects [{user_id}]`);
	/** @type {Array<{ user_id: string }>} */
	const users = [];
	for (const entry of cell) {
		if (ctx.viaWebhook && typeof entry === 'string') {
			const userId = ctx.userNames.get(entry) ?? (ctx.userIds.has(entry.toLowerCase()) ? entry : undefined);
			if (!userId) return { errcode: 40003, detail: `invalid userid: no member named "${entry}"` };
			users.push({ user_id: userId });
			continue;
		}
		if (!isRecord(entry) || typeof entry.user_id !== 'string') return invalid(`field "${title}" expects [{user_id}]`);
		if (!ctx.userIds.has(entry.user_id.toLowerCase())) return { errcode: 40003, detail: `invalid userid ${entry.user_id}` };
		users.push({ user_id: entry.user_id });
	}
	return { value: users };
}

/** @param {SheetField} field @param {unknown} cell @returns {CellCheck} */
function checkOptions(field, cell) {
	const title = field.field_title;
	if (!Array.isArray(cell)) return invalid(`field "${title}" expects [{id}] or [{text}]`);
	if (field.field_type === 'FIELD_TYPE_SINGLE_SELECT' && cell.length > 1) return invalid(`field "${title}" takes one option`);
	const options = optionsOf(field);
	/** @type {SheetOption[]} */
	const chosen = [];
	for (const entry of cell) {
		if (!isRecord(entry)) return invalid(`field "${title}" expects [{id}] or [{text}]`);
		if (typeof entry.id === 'string' && entry.id !== '') {
			const option = options.find((candidate) => candidate.id === entry.id);
			if (!option) return { errcode: 2023010, detail: `option not in list: ${entry.id}` };
			chosen.push(option);
		} else if (typeof entry.text === 'string' && entry.text !== '') {
			// A new text creates the option, as in WeCom.
			let option = options.find((candidate) => candidate.text === entry.text);
			if (!option) {
				option = { id: `opt${options.length + 1}${Math.random().toString(36).slice(2, 6)}`, text: entry.text, style: (options.length % 27) + 1 };
				options.push(option);
			}
			chosen.push(option);
		} else {
			return invalid(`field "${title}" expects [{id}] or [{text}]`);
		}
	}
	return { value: chosen.map(({ id, text, style }) => ({ id, text, style })) };
}

/**
 * @param {string} title
 * @param {unknown} cell
 * @param {{ viaWebhook: boolean }} ctx
 * @returns {CellCheck}
 */
function checkImages(title, cell, ctx) {
	if (!Array.isArray(cell)) return invalid(`field "${title}" expects a list of images`);
	/** @type {Record<string, unknown>[]} */
	const images = [];
	for (const image of cell) {
		if (!isRecord(image)) return invalid(`field "${title}" expects a list of images`);
		if (ctx.viaWebhook) {
			if (typeof image.image_base64 !== 'string') return invalid(`field "${title}" expects [{title, image_base64}]`);
			if (image.image_base64.startsWith('data:')) return { errcode: 2023033, detail: 'invalid image_base64: remove the data: prefix' };
			if (!/^[A-Za-z0-9+/]+={0,2}$/.test(image.image_base64)) return { errcode: 2023033, detail: 'invalid image_base64' };
			const bytes = Buffer.from(image.image_base64, 'base64');
			images.push({ id: `img${bytes.length}`, title: String(image.title ?? ''), image_url: `https://wdcdn.qpic.cn/sandbox/${bytes.length}.png`, width: 1, height: 1 });
			continue;
		}
		if (typeof image.image_url !== 'string' || image.image_url === '') return invalid(`field "${title}" expects [{title, image_url, width, height}]`);
		images.push({ id: image.id ?? '', title: String(image.title ?? ''), image_url: image.image_url, width: Number(image.width ?? 0), height: Number(image.height ?? 0) });
	}
	return { value: images };
}

module.exports = { checkCell, READ_ONLY_TYPES, WEBHOOK_UNWRITABLE_TYPES };
