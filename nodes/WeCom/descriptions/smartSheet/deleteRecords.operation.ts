import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { docIdField, sheetLocator } from './common';

/** Runs as code (helpers/smartSheet/write.ts): all items' record IDs go in batches of 500. */
export const option: INodePropertyOptions = {
	name: 'Delete Records',
	value: 'deleteRecords',
	action: 'Delete records of a sheet',
	description: 'Delete records by record ID (wedoc/smartsheet/delete_records, 500 per call)',
};

const fields: INodeProperties[] = [
	docIdField,
	sheetLocator,
	{
		displayName: 'Record IDs',
		name: 'recordIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.record_id }}',
		description: 'The record_id of each record to delete, separated by commas',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['smartSheet'], operation: ['deleteRecords'] } }, fields);
