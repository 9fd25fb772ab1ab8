import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { docIdField, sheetLocator } from './common';

/** Runs as code (helpers/smartSheet/router.ts): fields are paged and labelled with their type. */
export const option: INodePropertyOptions = {
	name: 'Get Fields',
	value: 'getFields',
	action: 'Get the fields of a sheet',
	description: 'List the columns of a sheet with their IDs and types (wedoc/smartsheet/get_fields)',
};

const fields: INodeProperties[] = [docIdField, sheetLocator];

export const description = updateDisplayOptions({ show: { resource: ['smartSheet'], operation: ['getFields'] } }, fields);
