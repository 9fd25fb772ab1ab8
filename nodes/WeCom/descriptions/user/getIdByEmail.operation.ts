import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

export const option: INodePropertyOptions = {
	name: 'Get ID by Email',
	value: 'getIdByEmail',
	action: 'Find a user ID by email',
	description: 'Look up a member’s user ID from their company or personal email (user/get_userid_by_email)',
	routing: { request: { method: 'POST', url: '/cgi-bin/user/get_userid_by_email' } },
};

const fields: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'name@example.com',
		routing: { send: { type: 'body', property: 'email' } },
	},
	{
		displayName: 'Email Type',
		name: 'emailType',
		type: 'options',
		options: [
			{ name: 'Company Email (企业邮箱)', value: 1 },
			{ name: 'Personal Email', value: 2 },
		],
		default: 1,
		routing: { send: { type: 'body', property: 'email_type' } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getIdByEmail'] } }, fields);
