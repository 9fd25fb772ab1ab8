import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { departmentLocator, returnAllOrLimit } from '../common';

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getMany',
	action: 'Get many users in a department',
	description: 'List the members of a department, with or without their details',
	routing: {
		request: {
			method: 'GET',
			url: '={{$parameter.details ? "/cgi-bin/user/list" : "/cgi-bin/user/simplelist"}}',
		},
		output: {
			postReceive: [{ type: 'rootProperty', properties: { property: 'userlist' } }],
		},
	},
};

const displayOptions = { show: { resource: ['user'], operation: ['getMany'] } };

const fields: INodeProperties[] = [
	departmentLocator({
		description: 'The department whose members to list',
		routing: { send: { type: 'query', property: 'department_id' } },
	}),
	{
		displayName: 'Include Details',
		name: 'details',
		type: 'boolean',
		default: false,
		description:
			'Whether to return each member’s full profile (user/list) instead of user ID, name and departments (user/simplelist). Apps created after 2022-06-20 get no mobile, email or avatar either way.',
	},
	{
		displayName: 'Include Sub-Departments',
		name: 'recursive',
		type: 'boolean',
		default: false,
		description: 'Whether to also list the members of every department below this one',
		routing: { send: { type: 'query', property: 'fetch_child', value: '={{$value ? 1 : 0}}' } },
	},
	...returnAllOrLimit(undefined),
];

export const description = updateDisplayOptions(displayOptions, fields);
