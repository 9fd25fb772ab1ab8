import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { fetchAccessToken } from '../nodes/shared/accessToken';
import { noteTokenInUse } from '../nodes/shared/tokenInUse';
import { BASE_URL_EXPRESSION, baseUrlProperty } from '../nodes/shared/baseUrl';

export class WeComApi implements ICredentialType {
	name = 'weComApi';

	displayName = 'WeCom API';

	icon: Icon = { light: 'file:../icons/wecom.svg', dark: 'file:../icons/wecom.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite#set-up-a-real-wecom-app';

	properties: INodeProperties[] = [
		{
			displayName: 'Corp ID',
			name: 'corpId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'ww0123456789abcdef',
			description: 'Your company ID (企业ID), under My Company → Company Information in the admin console',
		},
		{
			displayName: 'App Secret',
			name: 'corpSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The Secret of a self-built app (App Management → your app), or the Contacts Sync secret for contact writes',
		},
		{
			displayName: 'Default Agent ID',
			name: 'agentId',
			type: 'string',
			default: '',
			placeholder: '1000002',
			description: 'The AgentId of the app, used by messages when a node does not set its own',
		},
		baseUrlProperty,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		return { accessToken: await fetchAccessToken(this, credentials) };
	}

	// A function rather than a generic `={{$credentials.accessToken}}`: n8n calls this for every
	// request, and a function costs no expression evaluation (an isolate round trip in n8n 2.x).
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const accessToken = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
		noteTokenInUse(credentials);
		return { ...requestOptions, qs: { ...requestOptions.qs, access_token: accessToken } };
	}

	// gettoken alone only proves the secret; this authenticated call also proves the token is
	// accepted from this server's IP.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/cgi-bin/get_api_domain_ip',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errcode',
					value: 60020,
					message:
						'WeCom refused this n8n server’s IP (60020). Add the IP under App Management → your app → Trusted IP (企业可信IP) and wait about a minute.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errcode',
					value: 48002,
					message:
						'The secret works, but this app may not call WeCom’s API (48002). Check the app’s API permissions in the admin console.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errcode',
					value: 42001,
					message: 'WeCom reports the new access token as expired (42001). Save the credential again.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errcode',
					value: 40014,
					message:
						'WeCom rejected the access token (40014). Check that the secret belongs to this Corp ID.',
				},
			},
		],
	};
}
