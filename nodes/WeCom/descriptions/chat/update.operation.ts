import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { prepareChatUpdate } from '../../helpers/chat';
import { userLocator } from '../common';
import { appChatNotice, chatIdField, membersField } from './common';
import { confirmation } from '../../helpers/confirmation';

export const option: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Update a group chat',
	description: 'Rename a chat, change its owner, or add and remove members (appchat/update)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/appchat/update' },
		send: { preSend: [prepareChatUpdate] },
		output: {
			postReceive: [confirmation({ chatid: 'chatId' }, { updated: true })],
		},
	},
};

const fields: INodeProperties[] = [
	appChatNotice,
	{ ...chatIdField, routing: { send: { type: 'body', property: 'chatid' } } },
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			membersField('addMembers', 'Add Members', 'Members to add to the chat'),
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'The new name, up to 50 characters',
				routing: { send: { type: 'body', property: 'name' } },
			},
			userLocator({
				name: 'owner',
				displayName: 'Owner',
				required: false,
				description: 'The new owner; required when the current owner is removed',
				routing: { send: { type: 'body', property: 'owner' } },
			}),
			membersField('removeMembers', 'Remove Members', 'Members to remove from the chat'),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['chat'], operation: ['update'] } }, fields);
