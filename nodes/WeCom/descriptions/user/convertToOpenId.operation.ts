import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../common';

export const option: INodePropertyOptions = {
	name: 'Convert to OpenID',
	value: 'convertToOpenId',
	action: 'Convert a user ID to an OpenID',
	description: 'Get the OpenID of a member for WeChat Pay and similar (user/convert_to_openid)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/user/convert_to_openid' },
	},
};

const fields: INodeProperties[] = [
	userLocator({ routing: { send: { type: 'body', property: 'userid' } } }),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['convertToOpenId'] } }, fields);
