import type {
	DeclarativeRestApiSettings,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IGetNodeParameterOptions,
	INodeExecutionData,
	NodeConnectionType,
} from 'n8n-workflow';

/*
 * The per-item view that preSend, postReceive and pagination functions are written against
 * (IExecuteSingleFunctions / IExecutePaginationFunctions). n8n builds it inside n8n-core, which a
 * community package cannot import, so it is the execution context with its per-item methods
 * bound to one item. n8n's own RoutingNode derives its pagination view the same way
 * (Object.create over the item context).
 */

export type MakeRoutingRequest = (requestData: DeclarativeRestApiSettings.ResultOptions) => Promise<INodeExecutionData[]>;

export function itemContextOf(
	context: IExecuteFunctions,
	itemIndex: number,
	makeRoutingRequest: MakeRoutingRequest,
): IExecutePaginationFunctions {
	const helpers: IExecutePaginationFunctions['helpers'] = Object.create(context.helpers, {
		assertBinaryData: { value: (propertyName: string) => context.helpers.assertBinaryData(itemIndex, propertyName) },
		getBinaryDataBuffer: {
			value: async (propertyName: string) => await context.helpers.getBinaryDataBuffer(itemIndex, propertyName),
		},
	});
	const view: IExecutePaginationFunctions = Object.create(context, {
		getItemIndex: { value: () => itemIndex },
		getInputData: {
			value: (inputIndex = 0, connectionType?: NodeConnectionType) =>
				context.getInputData(inputIndex, connectionType)[itemIndex],
		},
		getNodeParameter: {
			value: (name: string, fallback?: unknown, options?: IGetNodeParameterOptions) =>
				context.getNodeParameter(name, itemIndex, fallback, options),
		},
		helpers: { value: helpers },
		makeRoutingRequest: { value: makeRoutingRequest },
	});
	return view;
}
