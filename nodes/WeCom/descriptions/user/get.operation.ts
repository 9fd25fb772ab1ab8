import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../common';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get a user',
	description: 'Get one member of the directory by user ID',
	routing: {
		request: { method: 'GET', url: '/cgi-bin/user/get' },
	},
};

const fields: INodeProperties[] = [
	userLocator({
		routing: { send: { type: 'query', property: 'userid' } },
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['get'] } },
	fields,
);
