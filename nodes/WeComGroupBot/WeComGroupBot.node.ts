import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { BASE_URL_EXPRESSION, normalizeBaseUrl } from '../shared/baseUrl';
import { runRoutedOperation } from '../shared/routing/runOperation';
import type { RoutedDescription } from '../shared/routing/runOperation';
import { groupBotProperties, plannerFor } from './descriptions';
import { createBotRequestHook } from './helpers/deliver';

/** What shapes the requests: read by n8n's editor and by the package's router alike. */
const routedDescription: RoutedDescription = {
	credentials: [{ name: 'weComWebhookApi', required: true }],
	requestDefaults: { baseURL: BASE_URL_EXPRESSION, json: true },
	requestOperations: { pagination: createBotRequestHook(plannerFor) },
	properties: groupBotProperties,
};

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
		// the node panel's Docs link; n8n appends ?utm… to the codex URL instead, which breaks the #anchor
		documentationUrl: 'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite#wecom-group-bot-node',
		defaults: { name: 'WeCom Group Bot' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		...routedDescription,
	};

	/** Every operation: its routing description, run by the package's router (shared/routing). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runRoutedOperation(this, {
			description: routedDescription,
			baseUrlOf: (credentials) => normalizeBaseUrl(credentials.baseUrl),
		});
	}
}
