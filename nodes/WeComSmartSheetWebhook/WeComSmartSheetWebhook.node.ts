import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { smartSheetWebhookProperties } from './description';
import { CREDENTIAL_TYPE } from './helpers/limits';
import { writeThroughWebhook } from './helpers/write';
import { getSampleColumns } from './methods';

/**
 * Writes rows into a smart sheet through its key-only webhook. A node of its own, like the group
 * bot: it needs no app, no access token and no trusted IP, works on sheets members made, and has
 * a credential (the sheet's key) that the weCom node's app credential cannot stand in for.
 */
export class WeComSmartSheetWebhook implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom Smart Sheet Webhook',
		documentationUrl: 'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite#wecom-smart-sheet-webhook-node',
		name: 'weComSmartSheetWebhook',
		icon: { light: 'file:../../icons/wecom.svg', dark: 'file:../../icons/wecom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "updateRecords" ? "update records" : "add records"}}',
		description: 'Add and update rows of a WeCom (WeChat Work) smart sheet through its Receive External Data webhook',
		defaults: { name: 'WeCom Smart Sheet Webhook' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: smartSheetWebhookProperties,
	};

	methods = { resourceMapping: { getSampleColumns } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await writeThroughWebhook.call(this);
	}
}
