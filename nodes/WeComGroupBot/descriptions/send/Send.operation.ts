import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/fields';
import { splitLongMessagesOption } from '../../../shared/messageText';
import { MESSAGES_PER_WINDOW, RATE_WINDOW_SECONDS, SEND_PATH } from '../../helpers/limits';
import type { Planner } from '../../helpers/types';
import * as file from './file.message';
import * as image from './image.message';
import * as markdown from './markdown.message';
import * as markdownV2 from './markdownV2.message';
import * as news from './news.message';
import * as templateCard from './templateCard.message';
import * as text from './text.message';
import * as voice from './voice.message';

const messageTypes = [text, markdown, markdownV2, image, news, file, voice, templateCard];

export const option: INodePropertyOptions = {
	name: 'Send Message',
	value: 'send',
	action: 'Send a message to the group chat',
	description: 'Post text, markdown, an image, news, a file, a voice clip or a card through the bot',
	routing: { request: { method: 'POST', url: SEND_PATH } },
};

/** The planner of each message type, by WeCom msgtype. */
export const messagePlanners: Record<string, Planner> = Object.fromEntries(
	messageTypes.map((messageType) => [String(messageType.option.value), messageType.plan]),
);

const fields: INodeProperties[] = [
	{
		displayName:
			'WeCom lets a group bot post 20 messages per minute. Items sent to the same bot in one execution are paced to stay under that limit, so many items can take several minutes (see Options).',
		name: 'rateLimitNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		noDataExpression: true,
		options: messageTypes.map((messageType) => messageType.option),
		default: 'text',
		routing: { send: { type: 'body', property: 'msgtype', value: '={{$value}}' } },
	},
	...messageTypes.flatMap((messageType) => messageType.description),
	optionsCollection([
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			description: 'The name shown in the chat. Defaults to the binary data’s file name.',
			// only a file or voice message uploaded from binary data has a name to set
			displayOptions: { show: { '/messageType': ['file', 'voice'], '/mediaSource': ['binary'] } },
		},
		{
			displayName: 'Messages per Window',
			name: 'messagesPerWindow',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: MESSAGES_PER_WINDOW,
			description:
				'How many messages the bot may post per rate window. WeCom allows 20; change only for a private deployment with another limit.',
		},
		{
			displayName: 'Pace Messages',
			name: 'paceMessages',
			type: 'boolean',
			default: true,
			description:
				'Whether to wait between items so this bot stays within its rate limit, instead of failing with errcode 45009',
		},
		{
			displayName: 'Rate Window (Seconds)',
			name: 'rateWindowSeconds',
			type: 'number',
			typeOptions: { minValue: 0.1, numberPrecision: 1 },
			default: RATE_WINDOW_SECONDS,
			description:
				'The length of the rolling window the rate limit counts in. WeCom uses 60 seconds; change only for a private deployment with another limit or for testing.',
		},
		splitLongMessagesOption('text over 2,048 bytes or markdown over 4,096 bytes'),
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['send'] } }, fields);
