import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { weComCallbackApiTest } from './credentialTest';
import { triggerProperties } from './description';
import { handleWeComCallback } from './handleWebhook';

export class WeComTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom Trigger',
		name: 'weComTrigger',
		icon: { light: 'file:../../icons/wecom.svg', dark: 'file:../../icons/wecom.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Respond: " + $parameter["respond"]}}',
		// n8n's nodes panel merges this trigger into the WeCom node's entry and shows this text for
		// both, so it is the WeCom node's description word for word (test/unit/nodePanel.test.ts).
		description: 'Manage contacts, send messages and files, and start workflows on messages and events of WeCom (WeChat Work)',
		eventTriggerDescription: 'Waiting for WeCom to call the Test URL',
		activationMessage:
			'Paste the Production URL into the app’s Receive Messages page in the WeCom admin console.',
		// the node panel's Docs link; n8n appends ?utm… to the codex URL instead, which breaks the #anchor
		documentationUrl: 'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite#wecom-trigger',
		defaults: { name: 'WeCom Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'weComCallbackApi', required: true, testedBy: 'weComCallbackApiTest' },
			{ name: 'weComApi', required: false, displayOptions: { show: { downloadMedia: [true] } } },
		],
		// One path answers both: GET is WeCom's URL check, POST carries messages and events.
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'callback' },
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: '={{$parameter["respond"] === "responseNode" ? "responseNode" : "onReceived"}}',
				path: 'callback',
			},
		],
		properties: triggerProperties,
	};

	methods = { credentialTest: { weComCallbackApiTest } };

	// The callback URL is entered by hand in WeCom's admin console; there is nothing to register.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWeComCallback.call(this);
	}
}
