import type { INodeProperties } from 'n8n-workflow';

import * as recall from './recall.operation';
import * as send from './send.operation';
import * as sendAndWait from './sendAndWait.operation';
import * as updateTemplateCard from './updateTemplateCard.operation';

const operations = [recall, send, sendAndWait, updateTemplateCard];

export const messageDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: operations.map((operation) => operation.option),
		default: 'send',
	},
	...operations.flatMap((operation) => operation.description),
];
