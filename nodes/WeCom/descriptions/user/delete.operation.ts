import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { confirmChange } from '../../helpers/contacts';
import { userLocator } from '../common';

export const option: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a user',
	description: 'Remove a member from the directory (needs the Contacts Sync secret)',
	routing: {
		request: { method: 'GET', url: '/cgi-bin/user/delete' },
		output: {
			postReceive: [confirmChange('userid', 'userId', 'deleted')],
		},
	},
};

const fields: INodeProperties[] = [
	userLocator({ routing: { send: { type: 'query', property: 'userid' } } }),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['delete'] } }, fields);
