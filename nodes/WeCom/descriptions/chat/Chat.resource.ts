import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getCustomerGroup from './getCustomerGroup.operation';
import * as getManyCustomerGroups from './getManyCustomerGroups.operation';
import * as send from './send.operation';
import * as update from './update.operation';

const operations = [create, get, getCustomerGroup, getManyCustomerGroups, send, update];

export const chatDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chat'] } },
		options: operations.map((operation) => operation.option),
		default: 'send',
	},
	...operations.flatMap((operation) => operation.description),
];
