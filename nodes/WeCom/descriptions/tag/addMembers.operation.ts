import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { prepareTagMembers, reportInvalidMembers } from '../../helpers/contacts';
import { tagLocator } from '../common';
import { memberFields } from './members';

export const option: INodePropertyOptions = {
	name: 'Add Members',
	value: 'addMembers',
	action: 'Add members to a tag',
	description: 'Tag users and departments (tag/addtagusers)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/tag/addtagusers' },
		send: { preSend: [prepareTagMembers] },
		output: { postReceive: [reportInvalidMembers] },
	},
};

const fields: INodeProperties[] = [
	tagLocator({ routing: { send: { type: 'body', property: 'tagid', value: '={{Number($value)}}' } } }),
	...memberFields,
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['addMembers'] } }, fields);
