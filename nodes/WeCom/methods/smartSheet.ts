import { NodeOperationError } from 'n8n-workflow';
import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import type { SheetField } from '../../shared/smartSheet/cellValues';
import { isReadOnlyKind, kindLabel, kindOf, mapperTypeOf } from '../../shared/smartSheet/fieldKinds';
import { fetchFields, smartSheetCall } from '../helpers/smartSheet/api';
import type { SheetTarget } from '../helpers/smartSheet/api';
import { RECORD_ID_COLUMN } from '../helpers/smartSheet/columns';
import { locatorValue } from '../helpers/parameters';

/* The editor's look-ups for Smart Sheet: the sheet picker, column titles, and the columns mapper. */

function docIdOf(context: ILoadOptionsFunctions): string {
	return locatorValue(context.getCurrentNodeParameter('docId'));
}

function targetOf(context: ILoadOptionsFunctions): SheetTarget {
	const docid = docIdOf(context);
	const sheetId = locatorValue(context.getCurrentNodeParameter('sheetId', { extractValue: true }));
	if (!docid || !sheetId) {
		throw new NodeOperationError(context.getNode(), 'Set the Document ID and pick a Sheet first', {
			description: 'The columns are read from the sheet.',
		});
	}
	return { docid, sheet_id: sheetId };
}

export async function searchSheets(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const docid = docIdOf(this);
	if (!docid) return { results: [] };
	const answer = await smartSheetCall(this, 'get_sheet', { docid });
	const sheets = Array.isArray(answer.sheet_list) ? answer.sheet_list.filter(isDataObject) : [];
	const wanted = filter?.toLowerCase() ?? '';
	return {
		results: sheets
			.filter((sheet) => sheet.type === undefined || sheet.type === 'smartsheet')
			.map((sheet) => ({ name: `${String(sheet.title ?? sheet.sheet_id)} (${String(sheet.sheet_id)})`, value: String(sheet.sheet_id) }))
			.filter((sheet) => sheet.name.toLowerCase().includes(wanted)),
	};
}

export async function getSheetColumnTitles(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const fields = await fetchFields(this, targetOf(this));
	return fields.map((field) => ({
		name: field.field_title,
		value: field.field_title,
		description: kindLabel(kindOf(field.field_type)),
	}));
}

function optionLabels(field: SheetField): INodePropertyOptions[] {
	const options = field.property_single_select_field?.options ?? field.property_select_field?.options ?? [];
	return options.map((option) => ({ name: option.text, value: option.text }));
}

/** One mapper column per field; read-only fields show but cannot be filled (they can be matched on). */
function columnOf(field: SheetField): ResourceMapperField {
	const kind = kindOf(field.field_type);
	const readOnly = isReadOnlyKind(kind);
	const type = mapperTypeOf(kind);
	const column: ResourceMapperField = {
		id: field.field_title,
		displayName: `${field.field_title} (${kindLabel(kind)}${readOnly ? ', read-only' : ''})`,
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: kind !== 'IMAGE' && kind !== 'ATTACHMENT',
		display: true,
		type,
		readOnly,
		removed: readOnly,
	};
	if (type === 'options') column.options = optionLabels(field);
	return column;
}

export async function getSheetColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const fields = await fetchFields(this, targetOf(this));
	const columns = fields.map(columnOf);
	if (this.getCurrentNodeParameter('operation') === 'addRecords') return { fields: columns };
	const recordId: ResourceMapperField = {
		id: RECORD_ID_COLUMN,
		displayName: 'Record ID',
		required: false,
		defaultMatch: true,
		canBeUsedToMatch: true,
		display: true,
		type: 'string',
		readOnly: false,
		removed: true,
	};
	return { fields: [recordId, ...columns] };
}
