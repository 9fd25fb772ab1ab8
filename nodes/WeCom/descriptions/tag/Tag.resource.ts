import type { INodeProperties } from 'n8n-workflow';

import * as addMembers from './addMembers.operation';
import * as create from './create.operation';
import * as deleteTag from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as removeMembers from './removeMembers.operation';
import * as update from './update.operation';

const operations = [addMembers, create, deleteTag, get, getMany, removeMembers, update];

export const tagDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: operations.map((operation) => operation.option),
		default: 'getMany',
	},
	...operations.flatMap((operation) => operation.description),
];
