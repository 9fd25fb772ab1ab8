import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { appChatNotice, chatIdField } from './common';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get a group chat',
	description: 'Get the name, owner and members of a chat this app created (appchat/get)',
	routing: {
		request: { method: 'GET', url: '/cgi-bin/appchat/get' },
		output: { postReceive: [{ type: 'rootProperty', properties: { property: 'chat_info' } }] },
	},
};

const fields: INodeProperties[] = [
	appChatNotice,
	{ ...chatIdField, routing: { send: { type: 'query', property: 'chatid' } } },
];

export const description = updateDisplayOptions({ show: { resource: ['chat'], operation: ['get'] } }, fields);
