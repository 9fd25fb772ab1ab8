import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { departmentLocator, returnAllOrLimit } from '../common';

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getMany',
	action: 'Get many departments',
	description: 'List a department and everything below it (department/list, or the light department/simplelist)',
	routing: {
		request: {
			method: 'GET',
			url: '={{$parameter.idsOnly ? "/cgi-bin/department/simplelist" : "/cgi-bin/department/list"}}',
		},
		output: {
			postReceive: [
				{
					type: 'rootProperty',
					enabled: '={{ !$parameter.idsOnly }}',
					properties: { property: 'department' },
				},
				{
					type: 'rootProperty',
					enabled: '={{ $parameter.idsOnly }}',
					properties: { property: 'department_id' },
				},
			],
		},
	},
};

const fields: INodeProperties[] = [
	departmentLocator({
		displayName: 'Top Department',
		description: 'List this department and every department below it; the root department is 1',
		default: { mode: 'id', value: '1' },
		routing: { send: { type: 'query', property: 'id' } },
	}),
	{
		displayName: 'IDs Only',
		name: 'idsOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether to return only ID, parent and order (department/simplelist). Use it with the Contacts Sync secret from a new IP, which may not read names since 2022-08-15 (48009).',
	},
	...returnAllOrLimit(undefined),
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['getMany'] } }, fields);
