import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create a tag',
	description: 'Add a tag; it belongs to the app whose secret created it',
	routing: { request: { method: 'POST', url: '/cgi-bin/tag/create' } },
};

const fields: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'tagName',
		type: 'string',
		required: true,
		default: '',
		description: 'Up to 32 characters, unique in the company',
		routing: { send: { type: 'body', property: 'tagname' } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Tag ID',
				name: 'tagId',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'Choose the new tag’s ID yourself; WeCom picks one when unset',
				routing: { send: { type: 'body', property: 'tagid' } },
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['create'] } }, fields);
