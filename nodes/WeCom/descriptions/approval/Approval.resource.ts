import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getTemplate from './getTemplate.operation';
import * as submit from './submit.operation';

const operations = [get, getMany, getTemplate, submit];

export const approvalDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['approval'] } },
		options: operations.map((operation) => operation.option),
		default: 'submit',
	},
	...operations.flatMap((operation) => operation.description),
];
