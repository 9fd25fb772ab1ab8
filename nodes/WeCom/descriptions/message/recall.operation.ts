import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { confirmation } from '../../helpers/confirmation';

export const option: INodePropertyOptions = {
	name: 'Recall',
	value: 'recall',
	action: 'Recall a message',
	description: 'Take back a message sent in the last 24 hours (message/recall)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/message/recall' },
		output: {
			postReceive: [confirmation({ msgid: 'msgId' }, { recalled: true })],
		},
	},
};

const fields: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'msgId',
		type: 'string',
		default: '',
		required: true,
		description:
			'The msgid that Message → Send returned. Only the copies in the WeCom app are recalled, not those in WeChat.',
		routing: { send: { type: 'body', property: 'msgid' } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['recall'] } }, fields);
