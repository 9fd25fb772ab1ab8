import { deepCopy } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IGetNodeParameterOptions,
	INodeExecutionData,
	INodeParameters,
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

/** Whether the node's raw parameters hold a value at `path` (e.g. "recipients.users[0].user"). */
function isPresent(parameters: INodeParameters, path: string): boolean {
	let current: unknown = parameters;
	for (const segment of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
		if (segment === '') continue;
		if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, segment)) {
			return false;
		}
		current = Reflect.get(current, segment);
	}
	return current !== undefined;
}

/**
 * The cache key of one read: the same name and options give the same value; the fallback counts
 * only when the parameter is absent (n8n returns it then, and only then). Options that are off
 * count as absent, so `{ extractValue: false }` and no options share one read.
 */
function readKeyOf(
	name: string,
	fallback: unknown,
	options: IGetNodeParameterOptions | undefined,
	parameters: INodeParameters | undefined,
): string {
	const present = parameters !== undefined && isPresent(parameters, name);
	const fallbackKey = present ? '*' : fallback === undefined ? '-' : JSON.stringify(fallback);
	const optionsOn = Object.entries(options ?? {}).filter(([, value]) => value !== undefined && value !== false);
	return `${name}\u0000${fallbackKey}\u0000${JSON.stringify(optionsOn)}`;
}

function copyOf(value: unknown): unknown {
	return typeof value === 'object' && value !== null ? deepCopy(value) : value;
}

/**
 * `parameters`: the node's raw parameters (the same for every item of the run), which let reads
 * with different fallbacks share one evaluation when the parameter is set.
 */
export function itemContextOf(
	context: IExecuteFunctions,
	itemIndex: number,
	makeRoutingRequest: MakeRoutingRequest,
	parameters?: INodeParameters,
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
				const key = readKeyOf(name, fallback, options, parameters);
				if (!reads.has(key)) reads.set(key, context.getNodeParameter(name, itemIndex, fallback, options));
				return copyOf(reads.get(key));
			},
		},
		helpers: { value: helpers },
		makeRoutingRequest: { value: makeRoutingRequest },
	});
	return view;
}
