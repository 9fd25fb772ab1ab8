import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { prepareCustomerGroupFilter } from '../../helpers/chat';
import { paginateByCursor } from '../../helpers/pagination';
import { returnAllOrLimit } from '../common';
import { customerGroupNotice, membersField } from './common';

export const option: INodePropertyOptions = {
	name: 'Get Many Customer Groups',
	value: 'getManyCustomerGroups',
	action: 'Get many customer groups',
	description: 'List customer group chats (客户群), WeCom’s real list of group chats (externalcontact/groupchat/list)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/externalcontact/groupchat/list' },
		send: { preSend: [prepareCustomerGroupFilter] },
		operations: { pagination: paginateByCursor('group_chat_list') },
	},
};

const fields: INodeProperties[] = [
	customerGroupNotice,
	...returnAllOrLimit(undefined),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			membersField('owners', 'Owners', 'Only groups owned by these members (up to 100)'),
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'All Groups', value: 0 },
					{ name: 'Awaiting Inheritance After Owner Left', value: 1 },
					{ name: 'Inheritance in Progress', value: 2 },
					{ name: 'Inheritance Done', value: 3 },
				],
				default: 0,
				routing: { send: { type: 'body', property: 'status_filter' } },
			},
		],
	},
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: 1000,
		description: 'How many groups to ask WeCom for per request (1 to 1000)',
		routing: { send: { type: 'body', property: 'limit' } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['getManyCustomerGroups'] } },
	fields,
);
