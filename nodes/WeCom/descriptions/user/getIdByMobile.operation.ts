import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

export const option: INodePropertyOptions = {
	name: 'Get ID by Mobile',
	value: 'getIdByMobile',
	action: 'Find a user ID by mobile number',
	description: 'Look up a member’s user ID from their mobile number (user/getuserid)',
	routing: { request: { method: 'POST', url: '/cgi-bin/user/getuserid' } },
};

const fields: INodeProperties[] = [
	{
		displayName: 'Mobile',
		name: 'mobile',
		type: 'string',
		required: true,
		default: '',
		placeholder: '13800000000',
		description: 'WeCom blocks lookups for a day when too many numbers are wrong, so pass known numbers only',
		routing: { send: { type: 'body', property: 'mobile' } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getIdByMobile'] } }, fields);
