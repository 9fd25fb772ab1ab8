import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkDepartmentNameField } from '../../helpers/contacts';
import { departmentLocator } from '../common';
import { englishNameField, orderField } from './fields';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create a department',
	description: 'Add a department under a parent (needs the Contacts Sync secret)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/department/create' },
		send: { preSend: [checkDepartmentNameField] },
	},
};

const fields: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		description: '1–32 characters, none of \\ : * ? " &lt; &gt; |, unique among its siblings',
		routing: { send: { type: 'body', property: 'name' } },
	},
	departmentLocator({
		displayName: 'Parent Department',
		name: 'parentId',
		description: 'The department the new one goes under',
		routing: { send: { type: 'body', property: 'parentid', value: '={{Number($value)}}' } },
	}),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			englishNameField,
			{
				displayName: 'Department ID',
				name: 'id',
				type: 'number',
				typeOptions: { minValue: 2 },
				default: 2,
				description: 'Choose the new department’s ID yourself (greater than 1); WeCom picks one when unset',
				routing: { send: { type: 'body', property: 'id' } },
			},
			orderField,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['create'] } }, fields);
