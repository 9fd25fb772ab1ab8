import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/fields';
import { splitLongMessagesOption } from '../../../shared/messageText';
import { prepareAppMessage, reportDelivery, sendInParts } from '../../helpers/appMessage';
import { messageContentFields } from './content';
import { agentIdField, recipientFields } from './recipients';

export const option: INodePropertyOptions = {
	name: 'Send',
	value: 'send',
	action: 'Send a message',
	description: 'Send an app message to users, departments or tags (message/send)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/message/send' },
		send: { preSend: [prepareAppMessage] },
		output: { postReceive: [reportDelivery] },
		operations: { pagination: sendInParts },
	},
};

/*
 * Partial delivery is explained here, next to the recipients, before the first run; after a run
 * the send also shows it as an execution hint above the output (helpers/appMessage.ts).
 */
const partialDeliveryNotice: INodeProperties = {
	displayName:
		'If WeCom cannot reach some recipients (unknown IDs, outside the app’s Visible Range, no license), the others still get the message and the item succeeds, listing them in invaliduser, invalidparty and invalidtag. To make such an item fail, add Options → Fail on Partial Delivery.',
	name: 'partialDeliveryNotice',
	type: 'notice',
	default: '',
};

const fields: INodeProperties[] = [
	agentIdField,
	...recipientFields,
	partialDeliveryNotice,
	...messageContentFields([
		'text',
		'markdown',
		'textcard',
		'image',
		'voice',
		'video',
		'file',
		'news',
		'mpnews',
		'miniprogram_notice',
		'template_card',
	]),
	optionsCollection([
		{
			displayName: 'Check for Duplicates',
			name: 'enableDuplicateCheck',
			type: 'boolean',
			default: false,
			description:
				'Whether WeCom should drop this message if the identical request was sent within the interval (e.g. when a workflow is re-run)',
			routing: { send: { type: 'body', property: 'enable_duplicate_check', value: '={{ $value ? 1 : 0 }}' } },
		},
		{
			displayName: 'Duplicate Check Interval (Seconds)',
			name: 'duplicateCheckInterval',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 14400 },
			default: 1800,
			description: 'How far back the duplicate check looks, up to 4 hours (14400). Needs Check for Duplicates.',
			routing: { send: { type: 'body', property: 'duplicate_check_interval' } },
		},
		{
			displayName: 'Fail on Partial Delivery',
			name: 'failOnPartialDelivery',
			type: 'boolean',
			default: false,
			description:
				'Whether the item fails when WeCom reports invalid or unlicensed recipients (the others still get the message). Off: they are listed in the output.',
		},
		{
			displayName: 'Protection',
			name: 'safe',
			type: 'options',
			options: [
				{
					name: 'Confidential',
					value: 1,
					description: 'Cannot be shared; shown with a watermark (保密消息)',
				},
				{ name: 'Shareable', value: 0, description: 'Can be forwarded' },
				{
					name: 'Within Company Only',
					value: 2,
					description: 'Can be shared only inside the company (Articles (Mpnews) only)',
				},
			],
			default: 0,
			routing: { send: { type: 'body', property: 'safe' } },
		},
		splitLongMessagesOption('text or markdown over 2,048 bytes'),
		{
			displayName: 'Translate IDs',
			name: 'enableIdTrans',
			type: 'boolean',
			default: false,
			description:
				'Whether WeCom replaces $userName=ID$ and $departmentName=ID$ in the content with the names (mainly for third-party apps)',
			routing: { send: { type: 'body', property: 'enable_id_trans', value: '={{ $value ? 1 : 0 }}' } },
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['send'] } }, fields);
