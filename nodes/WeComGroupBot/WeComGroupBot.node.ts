import { NodeConnectionTypes, SEND_AND_WAIT_OPERATION } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { BASE_URL_EXPRESSION, normalizeBaseUrl } from '../shared/baseUrl';
import { runRoutedOperation } from '../shared/routing/runOperation';
import { sendAndWaitWebhooks } from '../shared/sendAndWait/webhooks';
import type { RoutedDescription } from '../shared/routing/runOperation';
import { groupBotProperties, plannerFor } from './descriptions';
import { createBotRequestHook } from './helpers/deliver';
import { groupBotSendAndWait, groupBotSendAndWaitResume } from './helpers/sendAndWait';

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
			'={{$parameter["operation"] === "send" ? "send " + $parameter["messageType"] : $parameter["operation"] === "sendAndWait" ? "send and wait for response" : "upload media"}}',
		description:
			'Post messages, images and files to a WeCom (WeChat Work) group chat through its group bot webhook',
		// the node panel's Docs link; n8n appends ?utm… to the codex URL instead, which breaks the #anchor
		documentationUrl: 'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite#wecom-group-bot-node',
		defaults: { name: 'WeCom Group Bot' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Send and Wait for Response resumes through these, only while an execution waits here.
		webhooks: sendAndWaitWebhooks,
		...routedDescription,
	};

	/** Send and Wait is code; every other operation is its routing description, run by the router. */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('operation', 0) === SEND_AND_WAIT_OPERATION) {
			return await groupBotSendAndWait.call(this);
		}
		return await runRoutedOperation(this, {
			description: routedDescription,
			baseUrlOf: (credentials) => normalizeBaseUrl(credentials.baseUrl),
		});
	}

	/** The resume webhook of Send and Wait for Response (n8n has checked the signed URL). */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await groupBotSendAndWaitResume.call(this);
	}
}
