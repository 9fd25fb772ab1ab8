import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { confirmChange } from '../../helpers/contacts';
import { departmentLocator } from '../common';

export const option: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a department',
	description: 'Remove an empty department: no members and no sub-departments (needs the Contacts Sync secret)',
	routing: {
		request: { method: 'GET', url: '/cgi-bin/department/delete' },
		output: {
			postReceive: [confirmChange('id', 'departmentId', 'deleted', true)],
		},
	},
};

const fields: INodeProperties[] = [
	departmentLocator({ routing: { send: { type: 'query', property: 'id' } } }),
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['delete'] } }, fields);
