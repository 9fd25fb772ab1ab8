import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * The item loop of the node's custom operations: each input item gives zero or more output items
 * (paired to it), n8n's Continue On Fail turns an item's error into an output item, and anything
 * thrown leaves as a NodeApiError or NodeOperationError naming the item.
 */
export async function runPerItem(
	context: IExecuteFunctions,
	operation: (itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[][]> {
	const output: INodeExecutionData[] = [];
	const items = context.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			for (const item of await operation(itemIndex))
				output.push({ ...item, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (context.continueOnFail()) {
				output.push({
					json: { error: error instanceof Error ? error.message : String(error) },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			const failure =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(
							context.getNode(),
							error instanceof Error ? error : String(error),
							{ itemIndex },
						);
			throw failure;
		}
	}
	return [output];
}
