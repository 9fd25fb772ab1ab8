import type { INodeProperties } from 'n8n-workflow';

import { MAX_TAG_DEPARTMENTS, MAX_TAG_USERS } from '../../helpers/contacts';
import { departmentLocator, userLocator } from '../common';

/** The Members picker and the partial-failure switch shared by Add Members and Remove Members. */
export const memberFields: INodeProperties[] = [
	{
		displayName: 'Members',
		name: 'members',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Member',
		default: {},
		description: `Up to ${MAX_TAG_USERS} users and ${MAX_TAG_DEPARTMENTS} departments per call. A picker’s value may also be an expression that joins several IDs with commas.`,
		options: [
			{ displayName: 'Users', name: 'users', values: [userLocator({ name: 'user' })] },
			{ displayName: 'Departments', name: 'departments', values: [departmentLocator({ name: 'department' })] },
		],
	},
	{
		displayName: 'Fail on Invalid Members',
		name: 'failOnInvalidMembers',
		type: 'boolean',
		default: false,
		description:
			'Whether the item fails when WeCom rejects some of the members. Off: the valid ones are applied and the rejected ones come back in invalidUsers and invalidDepartments.',
	},
];
