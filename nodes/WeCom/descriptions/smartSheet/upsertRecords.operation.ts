import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { columnsField, docIdField, sheetLocator } from './common';

/** Runs as code (helpers/smartSheet/write.ts): matching, updates, then adds. */
export const option: INodePropertyOptions = {
	name: 'Upsert Records',
	value: 'upsertRecords',
	action: 'Create or update records of a sheet',
	description: 'Update the records whose matching column has the item’s value, or add a record when none has it',
};

const fields: INodeProperties[] = [docIdField, sheetLocator, columnsField('upsert')];

export const description = updateDisplayOptions({ show: { resource: ['smartSheet'], operation: ['upsertRecords'] } }, fields);
