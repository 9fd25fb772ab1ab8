import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { confirmChange, checkDepartmentNameField } from '../../helpers/contacts';
import { departmentLocator } from '../common';
import { englishNameField, orderField } from './fields';

export const option: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Update a department',
	description: 'Rename or move a department; only the fields you set are sent (needs the Contacts Sync secret)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/department/update' },
		send: { preSend: [checkDepartmentNameField] },
		output: {
			postReceive: [confirmChange('id', 'departmentId', 'updated', true)],
		},
	},
};

const fields: INodeProperties[] = [
	departmentLocator({ routing: { send: { type: 'body', property: 'id', value: '={{Number($value)}}' } } }),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			englishNameField,
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: '1–32 characters, none of \\ : * ? " &lt; &gt; |',
				routing: { send: { type: 'body', property: 'name' } },
			},
			orderField,
			{
				displayName: 'Parent Department ID',
				name: 'parentId',
				type: 'number',
				default: 1,
				description: 'Move the department under this one',
				routing: { send: { type: 'body', property: 'parentid' } },
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['update'] } }, fields);
