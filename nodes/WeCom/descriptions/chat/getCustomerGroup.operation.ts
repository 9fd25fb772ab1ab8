import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { customerGroupNotice } from './common';

export const option: INodePropertyOptions = {
	name: 'Get Customer Group',
	value: 'getCustomerGroup',
	action: 'Get a customer group',
	description: 'Get the name, owner, notice and members of a customer group (externalcontact/groupchat/get)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/externalcontact/groupchat/get' },
		output: { postReceive: [{ type: 'rootProperty', properties: { property: 'group_chat' } }] },
	},
};

const fields: INodeProperties[] = [
	customerGroupNotice,
	{
		displayName: 'Customer Group ID',
		name: 'customerGroupId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA',
		description: 'The chat_id from Get Many Customer Groups or from a customer group callback',
		routing: { send: { type: 'body', property: 'chat_id' } },
	},
	{
		displayName: 'Include Member Names',
		name: 'needName',
		type: 'boolean',
		default: false,
		description: 'Whether to return each member’s name (needs the app to have access to the names)',
		routing: { send: { type: 'body', property: 'need_name', value: '={{ $value ? 1 : 0 }}' } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['getCustomerGroup'] } },
	fields,
);
