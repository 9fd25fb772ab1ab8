import { NodeOperationError } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	PostReceiveAction,
} from 'n8n-workflow';

import { isDataObject } from '../dataObject';

/*
 * What a routed answer becomes: the body as items, then each postReceive action in order (the
 * operation's code, or n8n's built-in rootProperty and limit).
 */

function valueAtPath(json: unknown, path: string): unknown {
	let current = json;
	for (const key of path.split('.')) current = isDataObject(current) ? current[key] : undefined;
	return current;
}

async function runAction(
	context: IExecuteSingleFunctions,
	action: PostReceiveAction,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	if (typeof action === 'function') return await action.call(context, items, response);
	if (action.type === 'rootProperty') {
		return items.flatMap((item) => {
			const content = valueAtPath(item.json, action.properties.property);
			const list = Array.isArray(content) ? content : [content];
			return list.map((json) => ({ json: isDataObject(json) ? json : { value: json } }));
		});
	}
	if (action.type === 'limit' && typeof action.properties.maxResults === 'number') {
		return items.slice(0, action.properties.maxResults);
	}
	throw new NodeOperationError(context.getNode(), `Unsupported postReceive action "${action.type}"`);
}

/** The items of one answer, as n8n's declarative routing makes them. */
export async function itemsFromResponse(
	context: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
	postReceive: DeclarativeRestApiSettings.ResultOptions['postReceive'],
): Promise<INodeExecutionData[]> {
	const body: unknown = response.body;
	if (postReceive.length === 0) {
		if (Array.isArray(body)) return body.map((json) => ({ json: isDataObject(json) ? json : { value: json } }));
		return [{ json: isDataObject(body) ? body : {} }];
	}
	let items: INodeExecutionData[] = [{ json: isDataObject(body) ? body : {} }];
	for (const group of postReceive) {
		for (const action of group.actions) items = await runAction(context, action, items, response);
	}
	return items;
}
