import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { confirmChange } from '../../helpers/contacts';
import { tagLocator } from '../common';

export const option: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a tag',
	description: 'Delete a tag the app created',
	routing: {
		request: { method: 'GET', url: '/cgi-bin/tag/delete' },
		output: { postReceive: [confirmChange('tagid', 'tagId', 'deleted', true)] },
	},
};

const fields: INodeProperties[] = [
	tagLocator({ routing: { send: { type: 'query', property: 'tagid' } } }),
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['delete'] } }, fields);
