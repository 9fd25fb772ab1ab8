import type { INodeProperties } from 'n8n-workflow';

import { departmentLocator } from '../common';

/*
 * Member fields shared by Create (Additional Fields) and Update (Update Fields). Each one routes
 * to its user/create or user/update body key, so only what the user set is ever sent.
 */

function bodyField(property: string, value = '={{$value}}') {
	return { send: { type: 'body' as const, property, value } };
}

export const profileFields: INodeProperties[] = [
	{ displayName: 'Alias', name: 'alias', type: 'string', default: '', routing: bodyField('alias') },
	{
		displayName: 'Avatar Media ID',
		name: 'avatarMediaId',
		type: 'string',
		default: '',
		description: 'The media ID of an uploaded image (Media → Upload) to use as the avatar',
		routing: bodyField('avatar_mediaid'),
	},
	{
		displayName: 'Business Email',
		name: 'bizMail',
		type: 'string',
		placeholder: 'name@example.com',
		default: '',
		description: 'The member’s company mailbox (企业邮箱), if the company uses WeCom mail',
		routing: bodyField('biz_mail'),
	},
	{
		displayName: 'Direct Leaders',
		name: 'directLeaders',
		type: 'string',
		default: '',
		placeholder: 'zhangsan, lisi',
		description: 'Up to 5 user IDs, separated by commas',
		routing: bodyField('direct_leader'),
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@example.com',
		default: '',
		routing: bodyField('email'),
	},
	{
		displayName: 'Enabled',
		name: 'enable',
		type: 'boolean',
		default: true,
		description: 'Whether the member can use WeCom (disabled members keep their data)',
		routing: bodyField('enable', '={{$value ? 1 : 0}}'),
	},
	{
		displayName: 'External Position',
		name: 'externalPosition',
		type: 'string',
		default: '',
		description: 'The title shown to external contacts (对外职务)',
		routing: bodyField('external_position'),
	},
	{
		displayName: 'Gender',
		name: 'gender',
		type: 'options',
		options: [
			{ name: 'Male', value: '1' },
			{ name: 'Female', value: '2' },
		],
		default: '1',
		routing: bodyField('gender'),
	},
	{
		displayName: 'Main Department',
		name: 'mainDepartment',
		type: 'number',
		default: 1,
		description: 'The department shown first for the member; must be one of their departments',
		routing: bodyField('main_department'),
	},
	{
		displayName: 'Mobile',
		name: 'mobile',
		type: 'string',
		default: '',
		placeholder: '13800000000',
		routing: bodyField('mobile'),
	},
	{ displayName: 'Position', name: 'position', type: 'string', default: '', routing: bodyField('position') },
	{ displayName: 'Telephone', name: 'telephone', type: 'string', default: '', routing: bodyField('telephone') },
	{ displayName: 'Address', name: 'address', type: 'string', default: '', routing: bodyField('address') },
];

/** Departments with their sort order and leader flag; a preSend turns them into WeCom's arrays. */
export const membershipsField: INodeProperties = {
	displayName: 'Departments',
	name: 'departments',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Department',
	default: {},
	options: [
		{
			displayName: 'Membership',
			name: 'membership',
			values: [
				departmentLocator({ name: 'department', description: 'A department the member belongs to' }),
				{
					displayName: 'Order',
					name: 'order',
					type: 'number',
					default: 0,
					description: 'Sort order within the department; higher comes first',
				},
				{
					displayName: 'Leader of This Department',
					name: 'isLeader',
					type: 'boolean',
					default: false,
					description: 'Whether the member leads this department (部门负责人)',
				},
			],
		},
	],
};

export const externalAttributesField: INodeProperties = {
	displayName: 'External Attributes',
	name: 'externalAttributes',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Attribute',
	default: {},
	description:
		'Custom fields (扩展属性) as defined under Contacts → Member Fields in the admin console',
	options: [
		{
			displayName: 'Attribute',
			name: 'attribute',
			values: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The field name as defined in the admin console' },
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: [
						{ name: 'Text', value: 'text' },
						{ name: 'Web Link', value: 'web' },
					],
					default: 'text',
				},
				{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'The text, or the link title' },
				{
					displayName: 'URL',
					name: 'url',
					type: 'string',
					default: '',
					displayOptions: { show: { type: ['web'] } },
				},
			],
		},
	],
};
