import { isDataObject } from '../../shared/dataObject';
import type { WebhookField } from '../../shared/smartSheet/cellValues';
import { NOT_IN_SAMPLE, kindOf } from '../../shared/smartSheet/fieldKinds';

/*
 * The sheet webhook cannot read the sheet, so its columns come from the sample JSON that WeCom's
 * "Receive External Data" page shows (doc 101240): `schema` maps each field ID to its title, and a
 * sample record holds a value per writable field. The value's shape tells the field's type, and a
 * field without a value is one the webhook cannot write; a schema entry may also be written as
 * {"title": "…", "type": "DATE_TIME"} to say the type outright.
 */

/** Unix milliseconds of 2000-01-01 and 2100-01-01: a sample date lies between them. */
const MS_2000 = 946_684_800_000;
const MS_2100 = 4_102_444_800_000;

/** The field type a sample value shows, by the webhook's value rules (§4.9). */
export function kindOfSampleValue(value: unknown): string {
	if (typeof value === 'boolean') return 'CHECKBOX';
	if (typeof value === 'number') return 'NUMBER';
	if (typeof value === 'string') {
		const ms = /^\d{12,13}$/.test(value) ? Number(value) : NaN;
		return ms >= MS_2000 && ms < MS_2100 ? 'DATE_TIME' : 'TEXT';
	}
	if (!Array.isArray(value) || value.length === 0) return 'TEXT';
	const first: unknown = value[0];
	if (typeof first === 'string') return 'USER';
	if (!isDataObject(first)) return 'TEXT';
	if ('user_id' in first) return 'USER';
	if ('image_base64' in first || 'image_url' in first) return 'IMAGE';
	if ('file_id' in first) return 'ATTACHMENT';
	if ('latitude' in first || 'source_type' in first) return 'LOCATION';
	if (first.type === 'url' || 'link' in first) return 'URL';
	if ('text' in first) return first.type === 'text' ? 'TEXT' : 'SELECT';
	return 'TEXT';
}

export type SampleResult = { fields: WebhookField[] } | { problem: string };

function parse(text: string): { json: unknown } | { problem: string } {
	const start = text.indexOf('{');
	const end = text.lastIndexOf('}');
	if (start < 0 || end < start) return { problem: 'The sheet sample is not JSON' };
	try {
		return { json: JSON.parse(text.slice(start, end + 1)) };
	} catch (error) {
		return { problem: `The sheet sample is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
	}
}

function sampleValues(sample: Record<string, unknown>): Record<string, unknown> {
	for (const list of [sample.add_records, sample.update_records, sample.records]) {
		if (!Array.isArray(list)) continue;
		const first: unknown = list[0];
		if (isDataObject(first) && isDataObject(first.values)) return first.values;
	}
	return {};
}

/** The fields of a pasted sample, in its order, or what is wrong with it. */
export function fieldsOfSample(raw: unknown): SampleResult {
	const text = typeof raw === 'string' ? raw.trim() : isDataObject(raw) ? JSON.stringify(raw) : '';
	if (text === '') return { problem: 'The sheet sample is empty' };
	const parsed = parse(text);
	if ('problem' in parsed) return parsed;
	const sample = parsed.json;
	if (!isDataObject(sample) || !isDataObject(sample.schema)) {
		return { problem: 'The sheet sample has no "schema" (field ID → title)' };
	}
	const values = sampleValues(sample);
	const fields: WebhookField[] = [];
	for (const [id, entry] of Object.entries(sample.schema)) {
		const title = typeof entry === 'string' ? entry : isDataObject(entry) ? String(entry.title ?? entry.name ?? id) : id;
		const declared = isDataObject(entry) ? kindOf(entry.type ?? entry.field_type) : '';
		const shown = values[id] === undefined ? NOT_IN_SAMPLE : kindOfSampleValue(values[id]);
		fields.push({ id, title, kind: declared || shown });
	}
	if (fields.length === 0) return { problem: 'The sheet sample’s "schema" lists no fields' };
	return { fields };
}

/** How to fix a sample, in the words of WeCom's page. */
export const SAMPLE_HELP =
	'Open the smart sheet in WeCom, choose … (top right) → Receive External Data (接收外部数据) → the sheet, and copy the whole sample JSON (it starts with {"schema": …}) into Sheet Sample.';
