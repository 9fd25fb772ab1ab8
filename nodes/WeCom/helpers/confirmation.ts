import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData, PostReceiveAction } from 'n8n-workflow';

import { stringParameter } from './parameters';

/**
 * postReceive for calls whose answer holds nothing but errcode 0 (recall, chat update, chat
 * send): one item that names what was acted on, from the node's own parameters, plus fixed flags
 * such as `{ sent: true }`. `fields` maps output keys to parameter names.
 */
export function confirmation(fields: Record<string, string>, flags: IDataObject): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions): Promise<INodeExecutionData[]> {
		const json: IDataObject = {};
		for (const [key, parameter] of Object.entries(fields)) json[key] = stringParameter(this, parameter);
		return [{ json: { ...json, ...flags } }];
	};
}
