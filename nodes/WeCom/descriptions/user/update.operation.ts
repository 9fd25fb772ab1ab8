import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { confirmChange, prepareUserUpdate } from '../../helpers/contacts';
import { userLocator } from '../common';
import { externalAttributesField, membershipsField, profileFields } from './profileFields';

export const option: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Update a user',
	description: 'Change a member’s profile; only the fields you set are sent (needs the Contacts Sync secret)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/user/update' },
		send: { preSend: [prepareUserUpdate] },
		output: {
			postReceive: [confirmChange('userid', 'userId', 'updated')],
		},
	},
};

const fields: INodeProperties[] = [
	userLocator({ routing: { send: { type: 'body', property: 'userid' } } }),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Name', name: 'name', type: 'string', default: '', routing: { send: { type: 'body', property: 'name' } } },
			...profileFields,
		],
	},
	{ ...membershipsField, description: 'Replaces all of the member’s departments when set' },
	externalAttributesField,
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['update'] } }, fields);
