import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { confirmChange, prepareNewUser } from '../../helpers/contacts';
import { externalAttributesField, membershipsField, profileFields } from './profileFields';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create a user',
	description: 'Add a member to the directory (needs the Contacts Sync secret)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/user/create' },
		send: { preSend: [prepareNewUser] },
		output: {
			postReceive: [confirmChange('userid', 'newUserId', 'created')],
		},
	},
};

const fields: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'newUserId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'zhangsan',
		description: 'The account (账号): 1–64 letters, digits, _ - @ or ., starting with a letter or digit. Cannot be changed later.',
		routing: { send: { type: 'body', property: 'userid' } },
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		routing: { send: { type: 'body', property: 'name' } },
	},
	{ ...membershipsField, required: true },
	{
		displayName: 'Send Invitation',
		name: 'toInvite',
		type: 'boolean',
		default: true,
		description: 'Whether WeCom invites the new member by SMS or email right away',
		routing: { send: { type: 'body', property: 'to_invite' } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'WeCom needs a Mobile or an Email',
		options: profileFields,
	},
	externalAttributesField,
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['create'] } }, fields);
