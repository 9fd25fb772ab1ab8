import type { INodeProperties } from 'n8n-workflow';

import { assertWeComOk } from '../../shared/transport';
import { departmentDescription } from './department/Department.resource';
import { tagDescription } from './tag/Tag.resource';
import { userDescription } from './user/User.resource';

/**
 * Always shown and never seen: its routing puts every request of every operation through the
 * transport (paginate → the node's pagination hook) and checks WeCom's errcode on every answer.
 */
export const transportCarrier: INodeProperties = {
	displayName: 'WeCom Transport',
	name: 'weComTransport',
	type: 'hidden',
	default: '',
	routing: {
		send: { paginate: true },
		output: { postReceive: [assertWeComOk] },
	},
};

export const resourceSelector: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Department', value: 'department' },
		{ name: 'Tag', value: 'tag' },
		{ name: 'User', value: 'user' },
	],
	default: 'user',
};

export const weComProperties: INodeProperties[] = [
	transportCarrier,
	resourceSelector,
	...userDescription,
	...departmentDescription,
	...tagDescription,
];
