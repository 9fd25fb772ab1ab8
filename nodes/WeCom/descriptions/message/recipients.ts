import type { INodeProperties } from 'n8n-workflow';

import { departmentLocator, tagLocator, userLocator } from '../common';

/*
 * Who receives a message or a card update: everyone in the app's Visible Range, or any mix of
 * users, departments and tags picked from the directory. helpers/recipients.ts reads them.
 */
export const recipientFields: INodeProperties[] = [
	{
		displayName: 'Send to Everyone',
		name: 'toAll',
		type: 'boolean',
		default: false,
		description: 'Whether to address everyone in the app’s Visible Range (@all) instead of picked recipients',
	},
	{
		displayName: 'Recipients',
		name: 'recipients',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Recipient',
		default: {},
		description:
			'Up to 1000 users, 100 departments and 100 tags. A user’s "By User ID" value may hold several user IDs separated by | or commas, e.g. from an expression.',
		displayOptions: { show: { toAll: [false] } },
		options: [
			{
				displayName: 'Departments',
				name: 'departments',
				values: [departmentLocator({ name: 'department', description: 'Everyone in this department and below' })],
			},
			{
				displayName: 'Tags',
				name: 'tags',
				values: [tagLocator({ name: 'tag', description: 'Everyone with this tag' })],
			},
			{
				displayName: 'Users',
				name: 'users',
				values: [userLocator({ name: 'user' })],
			},
		],
	},
];

/** The app that sends; routed as a number, falling back to the credential's Default Agent ID. */
export const agentIdField: INodeProperties = {
	displayName: 'Agent ID',
	name: 'agentId',
	type: 'string',
	default: '',
	placeholder: 'Default Agent ID of the credential',
	description:
		'The AgentId of the app that sends (App Management → your app). Leave empty to use the credential’s Default Agent ID.',
	routing: {
		send: { type: 'body', property: 'agentid', value: '={{ Number($value || $credentials.agentId) || 0 }}' },
	},
};
