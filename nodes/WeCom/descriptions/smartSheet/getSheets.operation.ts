import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { docIdField } from './common';

export const option: INodePropertyOptions = {
	name: 'Get Sheets',
	value: 'getSheets',
	action: 'Get the sheets of a smart sheet',
	description: 'List the sheets (tabs) of a document with their IDs (wedoc/smartsheet/get_sheet)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/wedoc/smartsheet/get_sheet' },
		output: { postReceive: [{ type: 'rootProperty', properties: { property: 'sheet_list' } }] },
	},
};

const fields: INodeProperties[] = [
	{ ...docIdField, routing: { send: { type: 'body', property: 'docid' } } },
	{
		displayName: 'Include Dashboards and Other Views',
		name: 'needAllTypeSheet',
		type: 'boolean',
		default: false,
		description: 'Whether to list dashboards and external sheets too, not only smart sheets',
		routing: { send: { type: 'body', property: 'need_all_type_sheet', value: '={{ $value || undefined }}' } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['smartSheet'], operation: ['getSheets'] } }, fields);
