import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { columnsField, docIdField, sheetLocator } from './common';

/** Runs as code (helpers/smartSheet/write.ts): matching, then batches of 500. */
export const option: INodePropertyOptions = {
	name: 'Update Records',
	value: 'updateRecords',
	action: 'Update records of a sheet',
	description: 'Change the records found by record ID or by a column’s value; only mapped columns change (update_records)',
};

const fields: INodeProperties[] = [docIdField, sheetLocator, columnsField('update')];

export const description = updateDisplayOptions({ show: { resource: ['smartSheet'], operation: ['updateRecords'] } }, fields);
