import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { BASE_URL_EXPRESSION } from '../shared/baseUrl';
import { groupBotProperties, plannerFor } from './descriptions';
import { createBotRequestHook } from './helpers/deliver';

export class WeComGroupBot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom Group Bot',
		name: 'weComGroupBot',
		icon: { light: 'file:../../icons/wecom.svg', dark: 'file:../../icons/wecom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{$parameter["operation"] === "send" ? "send " + $parameter["messageType"] : "upload media"}}',
		description:
			'Post messages, images and files to a WeCom (WeChat Work) group chat through its group bot webhook',
		defaults: { name: 'WeCom Group Bot' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weComWebhookApi', required: true }],
		requestDefaults: { baseURL: BASE_URL_EXPRESSION, json: true },
		requestOperations: { pagination: createBotRequestHook(plannerFor) },
		properties: groupBotProperties,
	};
}
