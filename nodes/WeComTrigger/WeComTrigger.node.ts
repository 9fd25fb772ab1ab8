import { NodeConnectionTypes, fromFunction, webhookDescriptionFields } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { weComCallbackApiTest } from './credentialTest';
import { triggerProperties } from './description';
import { passFirstExecution } from './executionDedup';
import { handleWeComCallback } from './handleWebhook';
import { manualWebhookMethods } from '../shared/manualWebhookMethods';

export class WeComTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom Trigger',
		name: 'weComTrigger',
		icon: { light: 'file:../../icons/wecom.svg', dark: 'file:../../icons/wecom.dark.svg' },
		group: ['trigger'],
		// Both versions behave the same. n8n parses the body of a version-1 start node by first
		// evaluating an expression (webhook-helpers parseRequestBody), which takes an expression
		// isolate per callback even where n8n lazily skips them; version 2 needs none.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{"Respond: " + $parameter["respond"]}}',
		// n8n's nodes panel merges this trigger into the WeCom node's entry and shows this text for
		// both, so it is the WeCom node's description word for word (test/unit/nodePanel.test.ts).
		description: 'Manage contacts, send messages and files, work with smart sheets, and start workflows on messages and events of WeCom (WeChat Work)',
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
			// For Download Media and Fetch Approval Details.
			{ name: 'weComApi', required: false },
		],
		// One path answers both: GET is WeCom's URL check, POST carries messages and events.
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'callback' },
			{
				name: 'default',
				httpMethod: 'POST',
				path: 'callback',
				// '' makes n8n answer with the webhookResponse the trigger returns (empty, or the
				// encrypted passive reply), and only once it holds the execution.
				responseData: '',
				// Resolved by n8n without its expression engine whenever the node's parameters hold
				// no expression (n8n's own Webhook node declares its responseMode the same way).
				...webhookDescriptionFields({
					responseMode: fromFunction((parameters) =>
						parameters.respond === 'responseNode' ? 'responseNode' : 'onReceived',
					),
				}),
			},
		],
		properties: triggerProperties,
	};

	methods = { credentialTest: { weComCallbackApiTest } };

	// The callback URL is entered by hand in WeCom's admin console; there is nothing to register.
	webhookMethods = manualWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWeComCallback.call(this);
	}

	// Runs in the execution (on a worker in queue mode): stops retries that reached another process.
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await passFirstExecution.call(this);
	}
}
