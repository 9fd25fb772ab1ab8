import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { confirmChange } from '../../helpers/contacts';
import { tagLocator } from '../common';

export const option: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Rename a tag',
	description: 'Rename a tag the app created',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/tag/update' },
		output: { postReceive: [confirmChange('tagid', 'tagId', 'updated', true)] },
	},
};

const fields: INodeProperties[] = [
	tagLocator({ routing: { send: { type: 'body', property: 'tagid', value: '={{Number($value)}}' } } }),
	{
		displayName: 'New Name',
		name: 'tagName',
		type: 'string',
		required: true,
		default: '',
		description: 'Up to 32 characters, unique in the company',
		routing: { send: { type: 'body', property: 'tagname' } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['update'] } }, fields);
