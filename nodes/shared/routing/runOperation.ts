import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeParameters,
	INodeTypeDescription,
} from 'n8n-workflow';

import { isDataObject } from '../dataObject';
import { openRequestSession } from '../requestSession';
import { credentialsOf, requestWithCredential } from '../transport';
import { itemContextOf } from './itemContext';
import { mergeInto, setAtPath, setKey } from './objectPath';
import { planRouting } from './plan';
import type { RoutingStep } from './plan';
import { itemsFromResponse } from './postReceive';
import { applyTransform, propertyNameOf } from './valueTransforms';

/*
 * Runs a node's declarative operations as code, over the same descriptions (`routing` on each
 * operation and field) and the same transport (the node's request hook).
 *
 * Why not n8n's RoutingNode: (1) in n8n 2.41 a declarative node that also has a `webhook` method
 * (needed to resume "Send and Wait for Response") gets no item data in its expressions, so every
 * `{{ $json… }}` fails; (2) RoutingNode walks every property of the node and evaluates the base
 * URL twice for every item, which made a 1,000-item send several times slower than n8n's HTTP
 * Request node. Here the shape of the request is planned once per execution (plan.ts), each item
 * reads only the parameters that route, and fixed transforms run as code (valueTransforms.ts).
 *
 * Semantics kept from RoutingNode: items start together (batching from Request Options paces
 * them), preSend runs in order before the request, the node's pagination hook sends it, the
 * answer becomes items through postReceive, Limit (maxResults) trims them, and with "Continue On
 * Fail" a failed item becomes an error item.
 */

/** The parts of a node's description that shape its requests. */
export type RoutedDescription = Pick<INodeTypeDescription, 'properties' | 'credentials' | 'requestDefaults' | 'requestOperations'>;

export interface RoutedNodeSettings {
	description: RoutedDescription;
	/** The API root for this credential (what requestDefaults.baseURL expresses). */
	baseUrlOf: (credentials: ICredentialDataDecryptedObject) => string;
}

interface RequestOptionsParameter {
	batchSize: number;
	batchInterval: number;
	timeout?: number;
}

/** n8n's default for declarative requests when Request Options → Timeout is not set. */
const ROUTING_DEFAULT_TIMEOUT_MS = 300_000;

function requestOptionsOf(context: IExecuteFunctions): RequestOptionsParameter {
	const raw: unknown = context.getNodeParameter('requestOptions', 0, {});
	const options = isDataObject(raw) ? raw : {};
	const batching = isDataObject(options.batching) ? options.batching : {};
	const batch = isDataObject(batching.batch) ? batching.batch : {};
	const size = Number(batch.batchSize);
	const timeout = Number(options.timeout);
	return {
		batchSize: size > 0 ? size : 1,
		batchInterval: Number(batch.batchInterval) || 0,
		timeout: timeout > 0 ? timeout : undefined,
	};
}

function emptyRequest(settings: RoutedNodeSettings, baseURL: string, timeout: number): DeclarativeRestApiSettings.ResultOptions {
	const defaults = settings.description.requestDefaults ?? {};
	return {
		options: { ...defaults, baseURL, qs: {}, body: {}, headers: {}, timeout, url: '' },
		preSend: [],
		postReceive: [],
		requestOperations: { ...settings.description.requestOperations },
	};
}

/** Applies one step's routing for one item (`view`: the item's context, whose reads are kept). */
function applyStep(
	context: IExecuteFunctions,
	view: IExecutePaginationFunctions,
	step: RoutingStep,
	request: DeclarativeRestApiSettings.ResultOptions,
	credentials: ICredentialDataDecryptedObject,
): void {
	const { routing } = step;
	const itemIndex = view.getItemIndex();
	const value: unknown =
		step.path === undefined || !step.readsValue
			? undefined
			: view.getNodeParameter(step.path, undefined, { extractValue: step.extractValue });
	if (routing.operations) request.requestOperations = { ...request.requestOperations, ...routing.operations };
	if (routing.request) {
		// Plain values, or an expression over other parameters (e.g. a URL chosen by a switch).
		for (const [key, raw] of Object.entries(routing.request)) {
			// evaluateExpression adds the leading "=" itself.
			const resolved: unknown =
				typeof raw === 'string' && raw.startsWith('=') ? context.evaluateExpression(raw.slice(1), itemIndex) : raw;
			Object.assign(request.options, { [key]: resolved });
		}
	}
	const send = routing.send;
	if (send) {
		if (send.property !== undefined) {
			const property = propertyNameOf(send.property, step.index, (key) =>
				view.getNodeParameter(`${step.entryPath ?? ''}.${key}`, ''),
			);
			const sent = send.value === undefined ? value : applyTransform(send.value, value, { credentials });
			const part: IDataObject = {};
			if (send.propertyInDotNotation === false) setKey(part, property, sent);
			else setAtPath(part, property, sent);
			const target = send.type === 'query' ? 'qs' : 'body';
			const existing = request.options[target];
			const destination = isDataObject(existing) ? existing : {};
			mergeInto(destination, part);
			request.options[target] = destination;
		}
		if (send.paginate !== undefined) request.paginate = request.paginate ?? Boolean(send.paginate);
		if (send.preSend) request.preSend.push(...send.preSend);
	}
	const output = routing.output;
	if (output) {
		if (output.maxResults !== undefined) {
			const limit = typeof output.maxResults === 'string' ? applyTransform(output.maxResults, value, { credentials }) : output.maxResults;
			if (limit !== undefined && limit !== '') request.maxResults = Number(limit);
		}
		// An action may be switched on or off by an expression over the parameters (`enabled`).
		const actions = (output.postReceive ?? []).filter((action) => {
			if (typeof action === 'function' || action.enabled === undefined) return true;
			if (typeof action.enabled === 'string' && action.enabled.startsWith('=')) {
				return Boolean(context.evaluateExpression(action.enabled.slice(1), itemIndex));
			}
			return action.enabled !== false;
		});
		if (actions.length) {
			const parameterValue = isDataObject(value) || typeof value === 'string' ? value : undefined;
			request.postReceive.push({ data: { parameterValue }, actions });
		}
	}
}

/** Routing's request options as the HTTP helpers type them (a URL is always set by the operation). */
function httpOptionsOf(options: DeclarativeRestApiSettings.HttpRequestOptions): IHttpRequestOptions {
	const { skipSslCertificateValidation, url, ...rest } = options;
	const skip = skipSslCertificateValidation === true || skipSslCertificateValidation === 'true';
	return { ...rest, url: url ?? '', ...(skip ? { skipSslCertificateValidation: true } : {}) };
}

/**
 * The context of one item: what its preSend, pagination and postReceive code run on. Its
 * makeRoutingRequest sends through n8n's HTTP helper, authenticated with the node's credential.
 */
function itemViewOf(
	context: IExecuteFunctions,
	itemIndex: number,
	credentialType: string | undefined,
	parameters: INodeParameters,
): IExecutePaginationFunctions {
	const makeRoutingRequest = async (requestData: DeclarativeRestApiSettings.ResultOptions): Promise<INodeExecutionData[]> => {
		const options = { ...httpOptionsOf(requestData.options), returnFullResponse: true };
		const response: IN8nHttpFullResponse = credentialType
			? await requestWithCredential(context, credentialType, options)
			: await context.helpers.httpRequest(options);
		return await itemsFromResponse(view, response, requestData.postReceive);
	};
	const view = itemContextOf(context, itemIndex, makeRoutingRequest, parameters);
	return view;
}

async function sendRequest(
	view: IExecutePaginationFunctions,
	request: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	for (const preSend of request.preSend) request.options = await preSend.call(view, httpOptionsOf(request.options));
	const pagination = request.requestOperations?.pagination;
	const items =
		request.paginate && typeof pagination === 'function'
			? await pagination.call(view, request)
			: await view.makeRoutingRequest(request);
	const maxResults = Number(request.maxResults);
	return request.maxResults !== undefined && Number.isFinite(maxResults) ? items.slice(0, maxResults) : items;
}

function asItemError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error instanceof Error ? error : new Error(String(error)), { itemIndex });
}

/** The node's execute() for every operation that is not a custom one. */
export async function runRoutedOperation(
	context: IExecuteFunctions,
	settings: RoutedNodeSettings,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const credentialType = settings.description.credentials?.[0]?.name;
	const { batchSize, batchInterval, timeout } = requestOptionsOf(context);
	// Credentials, secrets and options are read once for the run, not once per item and request.
	openRequestSession(context, timeout);
	const credentials = credentialType ? await credentialsOf(context, credentialType) : {};
	const baseURL = settings.baseUrlOf(credentials);
	const node = context.getNode();
	const steps = planRouting(node, settings.description.properties);

	const pending: Array<Promise<INodeExecutionData[]>> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		if (itemIndex > 0 && batchInterval > 0 && itemIndex % batchSize === 0) await sleep(batchInterval);
		try {
			const request = emptyRequest(settings, baseURL, timeout ?? ROUTING_DEFAULT_TIMEOUT_MS);
			const view = itemViewOf(context, itemIndex, credentialType, node.parameters);
			for (const step of steps) applyStep(context, view, step, request, credentials);
			pending.push(sendRequest(view, request));
		} catch (error) {
			const itemError = asItemError(context, error, itemIndex);
			if (!context.continueOnFail()) throw itemError;
			pending.push(Promise.resolve([{ json: {}, error: itemError }]));
		}
	}
	const settled = await Promise.allSettled(pending);
	const output: INodeExecutionData[] = [];
	settled.forEach((result, itemIndex) => {
		if (result.status === 'fulfilled') {
			output.push(...result.value.map((item) => ({ ...item, pairedItem: item.pairedItem ?? { item: itemIndex } })));
			return;
		}
		const itemError = asItemError(context, result.reason, itemIndex);
		if (!context.continueOnFail()) throw itemError;
		output.push({ json: {}, error: itemError, pairedItem: { item: itemIndex } });
	});
	return [output];
}
