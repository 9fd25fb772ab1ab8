import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { prepareCardUpdate, reportDelivery } from '../../helpers/appMessage';
import { agentIdField, recipientFields } from './recipients';
import { templateCardFields } from './templateCard';

export const option: INodePropertyOptions = {
	name: 'Update Template Card',
	value: 'updateTemplateCard',
	action: 'Update a template card',
	description:
		'Turn the buttons of a sent card into a label, or replace the whole card (message/update_template_card)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/message/update_template_card' },
		send: { preSend: [prepareCardUpdate] },
		output: { postReceive: [reportDelivery] },
	},
};

const fields: INodeProperties[] = [
	agentIdField,
	{
		displayName: 'Response Code',
		name: 'responseCode',
		type: 'string',
		default: '',
		required: true,
		description:
			'The response_code from Message → Send or from the card’s callback (WeCom Trigger). It works once, within 72 hours.',
		routing: { send: { type: 'body', property: 'response_code' } },
	},
	...recipientFields,
	{
		displayName: 'Update',
		name: 'updateMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Replace Buttons With Label',
				value: 'button',
				description: 'Show a greyed-out label such as "Approved" instead of the buttons',
			},
			{ name: 'Replace Whole Card', value: 'card', description: 'Send a new card in place of the old one' },
		],
		default: 'button',
	},
	{
		displayName: 'Button Label',
		name: 'replaceName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Approved',
		displayOptions: { show: { updateMode: ['button'] } },
		routing: { send: { type: 'body', property: 'button.replace_name' } },
	},
	...templateCardFields({ show: { updateMode: ['card'] } }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['updateTemplateCard'] } },
	fields,
);
