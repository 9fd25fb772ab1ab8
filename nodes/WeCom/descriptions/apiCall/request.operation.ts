import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { prepareApiCall, sendApiCall } from '../../helpers/apiCall';

export const option: INodePropertyOptions = {
	name: 'Make an API Call',
	value: 'request',
	action: 'Make an API call',
	description: 'Call any WeCom server API with this credential’s token, refresh and retries',
	routing: {
		send: { preSend: [prepareApiCall] },
		operations: { pagination: sendApiCall },
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
		displayName: 'Safe to Repeat on Timeout',
		name: 'safeToRepeat',
		type: 'boolean',
		default: false,
		description:
			'Whether this call may be sent again when WeCom’s answer is lost (timeout, HTTP 5xx, broken connection). Turn on only for reads and updates that set a value. Off: a lost answer fails the item with an "outcome unknown" error, so a send or create never happens twice.',
		displayOptions: { show: { method: ['POST'] } },
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
