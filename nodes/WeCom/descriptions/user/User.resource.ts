import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as listIds from './listIds.operation';

export const userOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['user'] } },
	options: [get.option, getMany.option, listIds.option],
	default: 'get',
};

export const userDescription: INodeProperties[] = [
	userOperations,
	...get.description,
	...getMany.description,
	...listIds.description,
];
