import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { prepareApiCall } from '../../helpers/apiCall';

export const option: INodePropertyOptions = {
	name: 'Make an API Call',
	value: 'request',
	action: 'Make an API call',
	description: 'Call any WeCom server API with this credential’s token, refresh and retries',
	routing: {
		send: { preSend: [prepareApiCall] },
	},
};

const fields: INodeProperties[] = [
	{
		displayName:
			'For WeCom APIs this node does not model yet. The access token is added for you, refreshed when it expires, and errcodes become errors with hints.',
		name: 'apiCallNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'GET', value: 'GET' },
			{ name: 'POST', value: 'POST' },
		],
		default: 'GET',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		required: true,
		placeholder: '/cgi-bin/agent/get',
		description: 'The API path, starting with /cgi-bin/ (the host comes from the credential’s API Base URL)',
	},
	{
		displayName: 'Query Parameters',
		name: 'queryParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parameter',
		default: {},
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'agentid' },
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						routing: { send: { type: 'query', property: '={{ $parent.name }}', value: '={{ $value }}' } },
					},
				],
			},
		],
	},
	{
		displayName: 'JSON Body',
		name: 'jsonBody',
		type: 'json',
		default: '{}',
		description: 'The request body as a JSON object',
		displayOptions: { show: { method: ['POST'] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['apiCall'], operation: ['request'] } }, fields);
