import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { departmentLocator } from '../common';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get a department',
	description: 'Get one department’s name, parent, order and leaders (department/get)',
	routing: {
		request: { method: 'GET', url: '/cgi-bin/department/get' },
		output: { postReceive: [{ type: 'rootProperty', properties: { property: 'department' } }] },
	},
};

const fields: INodeProperties[] = [
	departmentLocator({ routing: { send: { type: 'query', property: 'id' } } }),
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['get'] } }, fields);
