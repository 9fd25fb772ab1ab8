import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { weComAiBotApiTest } from '../shared/aiBot/credentialTest';
import { weComCallbackApiTest } from '../WeComTrigger/credentialTest';
import { handleAiBotCallback } from './callback';
import { aiBotTriggerProperties } from './description';
import { triggerLongConnection } from './longConnection';
import { manualWebhookMethods } from '../shared/manualWebhookMethods';

/** Webhooks exist only in callback mode: an empty method makes n8n register none. */
const ONLY_IN_CALLBACK_MODE = '={{$parameter["connection"] === "callback" ? "GET" : ""}}';
const POST_IN_CALLBACK_MODE = '={{$parameter["connection"] === "callback" ? "POST" : ""}}';

export class WeComAiBotTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom AI Bot Trigger',
		documentationUrl: 'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite#wecom-ai-bot',
		name: 'weComAiBotTrigger',
		icon: { light: 'file:../../icons/wecom.svg', dark: 'file:../../icons/wecom.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["connection"] === "callback" ? "Callback URL" : "Long Connection"}}',
		description: 'Starts the workflow when someone messages a WeCom AI bot (智能机器人), and answers in one bubble',
		eventTriggerDescription: 'Waiting for a message to the AI bot',
		activationMessage: 'The AI bot now answers through this workflow.',
		defaults: { name: 'WeCom AI Bot Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'weComAiBotApi',
				required: true,
				testedBy: 'weComAiBotApiTest',
				displayOptions: { show: { connection: ['longConnection'] } },
			},
			{
				name: 'weComCallbackApi',
				required: true,
				testedBy: 'weComCallbackApiTest',
				displayOptions: { show: { connection: ['callback'] } },
			},
		],
		webhooks: [
			{ name: 'setup', httpMethod: ONLY_IN_CALLBACK_MODE, responseMode: 'onReceived', path: 'aibot' },
			{ name: 'default', httpMethod: POST_IN_CALLBACK_MODE, responseMode: 'onReceived', path: 'aibot' },
		],
		properties: aiBotTriggerProperties,
	};

	methods = { credentialTest: { weComAiBotApiTest, weComCallbackApiTest } };

	// The callback URL is entered by hand in WeCom's admin console; there is nothing to register.
	webhookMethods = manualWebhookMethods;

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		// In callback mode the webhook does the work; there is nothing to hold open.
		if (this.getNodeParameter('connection', 'longConnection') === 'callback') return {};
		return await triggerLongConnection.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleAiBotCallback.call(this);
	}
}
