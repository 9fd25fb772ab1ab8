import type { INodeProperties } from 'n8n-workflow';

import * as request from './request.operation';

export const apiCallDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['apiCall'] } },
		options: [request.option],
		default: 'request',
	},
	...request.description,
];
