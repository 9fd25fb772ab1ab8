import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { columnsField, docIdField, sheetLocator } from './common';

/** Runs as code (helpers/smartSheet/write.ts): all items' rows go in batches of 500. */
export const option: INodePropertyOptions = {
	name: 'Add Records',
	value: 'addRecords',
	action: 'Add records to a sheet',
	description: 'Add one record per item (wedoc/smartsheet/add_records, 500 per call)',
};

const fields: INodeProperties[] = [docIdField, sheetLocator, columnsField('add')];

export const description = updateDisplayOptions({ show: { resource: ['smartSheet'], operation: ['addRecords'] } }, fields);
