import { deepCopy } from 'n8n-workflow';
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
 *
 * Parameter reads are kept per item: the router reads a parameter to route it, and the operation's
 * preSend and postReceive code (recipients, limit checks, confirmations) read it again. Each read of
 * a parameter holding an expression evaluates it in n8n's expression sandbox, which was the largest
 * part of a send's CPU (bench 2d, profiled); now each is evaluated once per item. Objects are
 * handed out as copies, as n8n does, so code that changes what it read changes nothing for others.
 */

export type MakeRoutingRequest = (requestData: DeclarativeRestApiSettings.ResultOptions) => Promise<INodeExecutionData[]>;

/** The cache key of one read: the same name, fallback and options give the same value. */
function readKeyOf(name: string, fallback: unknown, options: IGetNodeParameterOptions | undefined): string {
	const fallbackKey = fallback === undefined ? '-' : JSON.stringify(fallback);
	return `${name}\u0000${fallbackKey}\u0000${options === undefined ? '-' : JSON.stringify(options)}`;
}

function copyOf(value: unknown): unknown {
	return typeof value === 'object' && value !== null ? deepCopy(value) : value;
}

export function itemContextOf(
	context: IExecuteFunctions,
	itemIndex: number,
	makeRoutingRequest: MakeRoutingRequest,
): IExecutePaginationFunctions {
	const reads = new Map<string, unknown>();
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
			value: (name: string, fallback?: unknown, options?: IGetNodeParameterOptions) => {
				const key = readKeyOf(name, fallback, options);
				if (!reads.has(key)) reads.set(key, context.getNodeParameter(name, itemIndex, fallback, options));
				return copyOf(reads.get(key));
			},
		},
		helpers: { value: helpers },
		makeRoutingRequest: { value: makeRoutingRequest },
	});
	return view;
}
