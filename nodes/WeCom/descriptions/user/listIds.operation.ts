import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { paginateByCursor } from '../../helpers/pagination';
import { returnAllOrLimit } from '../common';

export const option: INodePropertyOptions = {
	name: 'List IDs',
	value: 'listIds',
	action: 'List user IDs of the whole company',
	description:
		'Page through every member’s user ID and department (user/list_id). Works with the Contacts Sync secret from any IP.',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/user/list_id' },
		operations: { pagination: paginateByCursor('dept_user') },
	},
};

const fields: INodeProperties[] = [
	...returnAllOrLimit(undefined),
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10000 },
		default: 1000,
		description: 'How many rows to ask WeCom for per request (1 to 10,000)',
		routing: { send: { type: 'body', property: 'limit' } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['listIds'] } },
	fields,
);
