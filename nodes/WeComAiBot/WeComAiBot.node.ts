import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { weComAiBotApiTest } from '../shared/aiBot/credentialTest';
import { reply } from './actions/reply';
import { send } from './actions/send';
import { updateCard } from './actions/updateCard';
import { welcome } from './actions/welcome';
import { aiBotProperties } from './description';
import { aiBotNodeError } from './helpers/errors';
import { Relay } from './helpers/relay';
import { answeredMessageOf } from './helpers/triggerItem';

export class WeComAiBot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom AI Bot',
		documentationUrl: 'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite#wecom-ai-bot',
		name: 'weComAiBot',
		icon: { light: 'file:../../icons/wecom.svg', dark: 'file:../../icons/wecom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Answer through a WeCom AI bot (智能机器人): reply, welcome, update a card, send',
		defaults: { name: 'WeCom AI Bot' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'weComAiBotApi',
				required: true,
				testedBy: 'weComAiBotApiTest',
				displayOptions: { show: { operation: ['send'] } },
			},
		],
		properties: aiBotProperties,
	};

	methods = { credentialTest: { weComAiBotApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const relay = new Relay(this);
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const operation = this.getNodeParameter('operation', itemIndex);
				let result: IDataObject;
				if (operation === 'send') {
					result = await send(this, itemIndex);
				} else {
					const answering = operation === 'welcome' || operation === 'updateCard' ? operation : 'reply';
					const message = answeredMessageOf(this, itemIndex, answering);
					if (answering === 'welcome') result = await welcome(this, itemIndex, message, relay);
					else if (answering === 'updateCard') result = await updateCard(this, itemIndex, message, relay);
					else result = await reply(this, itemIndex, message, relay);
				}
				output.push({ json: result, pairedItem: { item: itemIndex } });
			} catch (error) {
				const nodeError = aiBotNodeError(this.getNode(), error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				output.push({ json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}
}
