import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/fields';
import { splitLongMessagesOption } from '../../../shared/messageText';
import { prepareChatMessage, sendInParts } from '../../helpers/appMessage';
import { messageContentFields } from '../message/content';
import { appChatNotice, chatIdField } from './common';
import { confirmation } from '../../helpers/confirmation';

export const option: INodePropertyOptions = {
	name: 'Send',
	value: 'send',
	action: 'Send a message to a group chat',
	description: 'Post a message to a chat this app created (appchat/send)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/appchat/send' },
		send: { preSend: [prepareChatMessage] },
		operations: { pagination: sendInParts },
		output: {
			postReceive: [confirmation({ chatid: 'chatId', msgtype: 'msgtype' }, { sent: true })],
		},
	},
};

const fields: INodeProperties[] = [
	appChatNotice,
	{ ...chatIdField, routing: { send: { type: 'body', property: 'chatid' } } },
	// appchat/send takes every app msgtype except mini program notices and template cards.
	...messageContentFields(['text', 'markdown', 'textcard', 'image', 'voice', 'video', 'file', 'news', 'mpnews']),
	optionsCollection([
		{
			displayName: 'Confidential',
			name: 'safe',
			type: 'boolean',
			default: false,
			description: 'Whether the message is confidential: no forwarding, shown with a watermark (保密消息)',
			routing: { send: { type: 'body', property: 'safe', value: '={{ $value ? 1 : 0 }}' } },
		},
		splitLongMessagesOption('text or markdown over 2,048 bytes'),
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['chat'], operation: ['send'] } }, fields);
