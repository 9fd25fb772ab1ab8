import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { prepareTagMembers, reportInvalidMembers } from '../../helpers/contacts';
import { tagLocator } from '../common';
import { memberFields } from './members';

export const option: INodePropertyOptions = {
	name: 'Remove Members',
	value: 'removeMembers',
	action: 'Remove members from a tag',
	description: 'Untag users and departments (tag/deltagusers)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/tag/deltagusers' },
		send: { preSend: [prepareTagMembers] },
		output: { postReceive: [reportInvalidMembers] },
	},
};

const fields: INodeProperties[] = [
	tagLocator({ routing: { send: { type: 'body', property: 'tagid', value: '={{Number($value)}}' } } }),
	...memberFields,
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['removeMembers'] } }, fields);
