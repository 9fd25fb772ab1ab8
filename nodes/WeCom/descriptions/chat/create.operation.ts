import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { prepareChatCreate } from '../../helpers/chat';
import { userLocator } from '../common';
import { appChatNotice, membersField } from './common';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create a group chat',
	description: 'Create an app group chat and get its chat ID (appchat/create)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/appchat/create' },
		send: { preSend: [prepareChatCreate] },
	},
};

const fields: INodeProperties[] = [
	appChatNotice,
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Up to 50 characters (longer names are cut). Empty: WeCom names the chat after its members.',
		routing: { send: { type: 'body', property: 'name', value: '={{ $value || undefined }}' } },
	},
	{ ...membersField('members', 'Members', 'At least 2 and at most 2000 members, the owner included'), required: true },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Chat ID',
				name: 'chatId',
				type: 'string',
				default: '',
				placeholder: 'projectalpha',
				description: 'Your own ID for the chat: 1 to 32 letters or digits. Empty: WeCom makes one up.',
				routing: { send: { type: 'body', property: 'chatid' } },
			},
			userLocator({
				name: 'owner',
				displayName: 'Owner',
				required: false,
				description: 'The group owner; a random member when not set',
				routing: { send: { type: 'body', property: 'owner' } },
			}),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['chat'], operation: ['create'] } }, fields);
