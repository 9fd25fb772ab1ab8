import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { isDataObject } from '../../../shared/dataObject';
import { MAX_RECORDS_PER_PAGE } from '../../../shared/smartSheet/batches';
import type { SheetField } from '../../../shared/smartSheet/cellValues';
import { weComApiRequest } from '../../../shared/transport';

/*
 * The smart sheet calls of the app API (POST /cgi-bin/wedoc/smartsheet/…, wecom-new-features.md
 * §4.8), each through the one transport: the access token, its refresh, errcode → error with a
 * hint, and redaction. An app reaches only documents it created (851003 otherwise).
 */

type Context = IExecuteFunctions | ILoadOptionsFunctions;

export const SMART_SHEET_PATH = '/cgi-bin/wedoc/smartsheet';

/** One sheet of one smart sheet document. */
export interface SheetTarget {
	docid: string;
	sheet_id: string;
}

export function targetKey(target: SheetTarget): string {
	return `${target.docid}\u0000${target.sheet_id}`;
}

export async function smartSheetCall(
	context: Context,
	path: string,
	body: IDataObject,
	itemIndex?: number,
): Promise<IDataObject> {
	return await weComApiRequest.call(context, { method: 'POST', url: `${SMART_SHEET_PATH}/${path}`, body }, { itemIndex });
}

/** get_fields returns at most this many per call here; a sheet has at most 150 fields. */
const FIELDS_PER_PAGE = 100;

function isSheetField(value: unknown): value is SheetField & IDataObject {
	return isDataObject(value) && typeof value.field_id === 'string' && typeof value.field_title === 'string';
}

/** Every field of a sheet, in the sheet's order (get_fields, paged by offset). */
export async function fetchFields(context: Context, target: SheetTarget, itemIndex?: number): Promise<SheetField[]> {
	const fields: SheetField[] = [];
	for (let offset = 0; ; offset += FIELDS_PER_PAGE) {
		const page = await smartSheetCall(context, 'get_fields', { ...target, offset, limit: FIELDS_PER_PAGE }, itemIndex);
		const batch = Array.isArray(page.fields) ? page.fields.filter(isSheetField) : [];
		fields.push(...batch);
		const total = typeof page.total === 'number' ? page.total : fields.length;
		if (batch.length === 0 || fields.length >= total) return fields;
	}
}

export interface RecordQuery {
	view_id?: string;
	field_titles?: string[];
	sort?: IDataObject[];
	filter_spec?: IDataObject;
	record_ids?: string[];
}

/**
 * Records page by page (get_records, offset and limit ≤ 1000), until `max` records arrived or the
 * sheet has no more. The last page asks only for what is missing.
 */
export async function fetchRecords(
	context: Context,
	target: SheetTarget,
	query: RecordQuery,
	max: number,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	let offset = 0;
	while (records.length < max) {
		const limit = Math.min(MAX_RECORDS_PER_PAGE, max - records.length);
		const page = await smartSheetCall(context, 'get_records', { ...target, ...query, offset, limit }, itemIndex);
		const batch = Array.isArray(page.records) ? page.records.filter(isDataObject) : [];
		records.push(...batch);
		if (page.has_more !== true || batch.length === 0) break;
		offset = typeof page.next === 'number' && page.next > offset ? page.next : offset + batch.length;
	}
	return records.slice(0, max);
}
