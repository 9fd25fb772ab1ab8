import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteDepartment from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

const operations = [create, deleteDepartment, get, getMany, update];

export const departmentDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['department'] } },
		options: operations.map((operation) => operation.option),
		default: 'getMany',
	},
	...operations.flatMap((operation) => operation.description),
];
