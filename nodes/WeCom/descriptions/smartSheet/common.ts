import type { INodeProperties } from 'n8n-workflow';

import { columnsMapperField } from '../../../shared/smartSheet/mapper';

/*
 * Fields shared by the Smart Sheet operations. A document is named by its docid: WeCom has no API
 * that lists documents, and an app reaches only documents it created, so the docid returned by
 * Create is the one to keep (a Data Table, a workflow static value, or the Set node of the
 * workflow that uses the sheet).
 */

export const smartSheetNotice: INodeProperties = {
	displayName:
		'An app reads and edits only smart sheets it created itself (Smart Sheet → Create; keep the Document ID it returns). Allow the app under Collaboration → Docs → API → Apps that can call the API (可调用接口的应用). For sheets made by members, use the WeCom Smart Sheet Webhook node.',
	name: 'smartSheetNotice',
	type: 'notice',
	default: '',
};

export const docIdField: INodeProperties = {
	displayName: 'Document ID',
	name: 'docId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'dcXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
	description:
		'The docid that Smart Sheet → Create returned. WeCom cannot list documents, so keep it (e.g. in a Data Table or this workflow).',
};

export const sheetLocator: INodeProperties = {
	displayName: 'Sheet',
	name: 'sheetId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'A sheet (tab) of the document',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchSheets', searchable: true },
		},
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'q979lj' },
	],
};

/** The columns of a write, loaded from the sheet's fields (methods/smartSheet.ts). */
export function columnsField(mode: 'add' | 'update' | 'upsert'): INodeProperties {
	return columnsMapperField({
		mode,
		method: 'getSheetColumns',
		dependsOn: ['docId', 'sheetId.value'],
		extra:
			mode === 'add'
				? {}
				: {
						matchingFieldsLabels: {
							title: 'Column to Match On',
							description: 'The record ID, or a column whose value finds the records to change',
							hint: 'Records whose value in this column equals the item’s value are changed',
						},
					},
	});
}
