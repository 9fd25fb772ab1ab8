import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { readBinaryFile } from '../../../shared/binaryFile';
import { isDataObject } from '../../../shared/dataObject';
import {
	CellValueError,
	decodeCell,
	encodeAppCell,
	isEmptyValue,
	readOnlyError,
	toList,
} from '../../../shared/smartSheet/cellValues';
import type { ImageReference, SheetField } from '../../../shared/smartSheet/cellValues';
import { isReadOnlyKind, kindOf } from '../../../shared/smartSheet/fieldKinds';
import { asNodeError } from '../../../shared/smartSheet/itemRun';
import { RECORD_ID_COLUMN, isAutoMapped } from '../../../shared/smartSheet/mapper';
import { weComApiRequest } from '../../../shared/transport';
import { locatorValue } from '../parameters';
import type { SheetTarget } from './api';

/*
 * From an item to WeCom's cells and back, for the app API (keys are field titles). The columns
 * come from n8n's resource mapper (../../../shared/smartSheet/mapper.ts).
 */

export { RECORD_ID_COLUMN };

/** The sheet's fields by title, with errors that list what exists. */
export class FieldIndex {
	private readonly byTitle = new Map<string, SheetField>();

	constructor(readonly fields: SheetField[]) {
		for (const field of fields) this.byTitle.set(field.field_title, field);
	}

	has(title: string): boolean {
		return this.byTitle.has(title);
	}

	get(node: INode, title: string, itemIndex?: number): SheetField {
		const field = this.byTitle.get(title);
		if (field) return field;
		throw new NodeOperationError(node, `The sheet has no column "${title}"`, {
			itemIndex,
			description: `Its columns are: ${this.fields.map((candidate) => `"${candidate.field_title}"`).join(', ')}. Column titles must match exactly; reload the columns if the sheet changed.`,
		});
	}
}

/** The sheet: the Document ID field and the Sheet picker, for one item. */
export function targetOf(context: IExecuteFunctions, itemIndex: number): SheetTarget {
	const docid = locatorValue(context.getNodeParameter('docId', itemIndex, ''));
	const sheetId = locatorValue(context.getNodeParameter('sheetId', itemIndex, ''));
	if (!docid) throw new NodeOperationError(context.getNode(), 'Document ID is empty', { itemIndex, description: 'Use the docid that Smart Sheet → Create returned.' });
	if (!sheetId) throw new NodeOperationError(context.getNode(), 'Sheet is empty', { itemIndex, description: 'Pick a sheet of the document, or give its sheet ID.' });
	return { docid, sheet_id: sheetId };
}

function cellError(context: IExecuteFunctions, error: CellValueError, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), error.message, { itemIndex });
}

/** Document images: POST {docid, base64_content} → {url, width, height, size} (WeCom doc 99933). */
const IMAGE_UPLOAD_PATH = '/cgi-bin/wedoc/image_upload';

/** Uploads an image from binary data into the document, for an Image cell. */
async function uploadImage(
	context: IExecuteFunctions,
	target: SheetTarget,
	binaryPropertyName: string,
	itemIndex: number,
): Promise<ImageReference> {
	const file = await readBinaryFile(context, itemIndex, binaryPropertyName);
	const answer = await weComApiRequest.call(
		context,
		{ method: 'POST', url: IMAGE_UPLOAD_PATH, body: { docid: target.docid, base64_content: file.buffer.toString('base64') } },
		{ itemIndex },
	);
	return {
		image_url: String(answer.url ?? ''),
		title: file.fileName,
		width: Number(answer.width ?? 0),
		height: Number(answer.height ?? 0),
	};
}

async function withUploadedImages(
	context: IExecuteFunctions,
	target: SheetTarget,
	value: unknown,
	itemIndex: number,
): Promise<unknown[]> {
	const images: unknown[] = [];
	for (const entry of toList(value)) {
		const isBinaryName = typeof entry === 'string' && !/^https?:\/\//i.test(entry);
		images.push(isBinaryName ? await uploadImage(context, target, entry, itemIndex) : entry);
	}
	return images;
}

/**
 * WeCom's cells for one item's values, keyed by field title. Empty values are left out (the cell
 * is not touched); `skip` names columns that are not cells (the matching column). Unknown keys of
 * an automatically mapped item are ignored; unknown columns mapped by hand, and read-only fields,
 * are errors that name the field.
 */
export async function encodeValues(
	context: IExecuteFunctions,
	target: SheetTarget,
	fields: FieldIndex,
	values: IDataObject,
	itemIndex: number,
	skip: Set<string>,
): Promise<IDataObject> {
	const autoMapped = isAutoMapped(context);
	const cells: IDataObject = {};
	for (const [title, value] of Object.entries(values)) {
		if (skip.has(title) || isEmptyValue(value)) continue;
		if (autoMapped && !fields.has(title)) continue;
		const field = fields.get(context.getNode(), title, itemIndex);
		const kind = kindOf(field.field_type);
		try {
			if (isReadOnlyKind(kind)) throw readOnlyError(title, kind);
			const ready = kind === 'IMAGE' ? await withUploadedImages(context, target, value, itemIndex) : value;
			cells[title] = encodeAppCell(field, ready) as IDataObject[string];
		} catch (error) {
			if (error instanceof CellValueError) throw cellError(context, error, itemIndex);
			throw asNodeError(context, error, itemIndex);
		}
	}
	return cells;
}

/**
 * One output item's JSON for a record from get_records or a write: `record_id` and a flat value
 * per field title, or WeCom's raw cells under `values` when `keepRawCells` is on.
 */
export function flatRecord(record: IDataObject, fields: FieldIndex, keepRawCells: boolean): IDataObject {
	const values = isDataObject(record.values) ? record.values : {};
	const output: IDataObject = { record_id: record.record_id };
	if (keepRawCells) {
		output.values = values;
		for (const key of ['create_time', 'update_time', 'creator_name', 'updater_name']) {
			if (record[key] !== undefined) output[key] = record[key];
		}
		return output;
	}
	for (const field of fields.fields) {
		output[field.field_title] = decodeCell(field, values[field.field_title]) as IDataObject[string];
	}
	return output;
}

/**
 * A value as it compares for matching: what the sheet would hold after writing it, read back flat.
 * Read-only fields (auto number, created time) compare as text.
 */
export function matchKey(field: SheetField, value: unknown): string {
	const kind = kindOf(field.field_type);
	if (isReadOnlyKind(kind)) return JSON.stringify(String(decodeCell(field, value) ?? ''));
	return JSON.stringify(decodeCell(field, encodeAppCell(field, value)));
}

/** The match key of a stored cell. */
export function storedMatchKey(field: SheetField, cell: unknown): string {
	const kind = kindOf(field.field_type);
	const flat = decodeCell(field, cell);
	return JSON.stringify(isReadOnlyKind(kind) ? String(flat ?? '') : flat);
}
