/**
 * Calls a trigger's webhook() the way n8n's webhook server does (packages/cli/src/webhooks/
 * webhook-helpers.ts): the express request and response go into additionalData, n8n-core's
 * WebhookContext is built over the workflow and node, and the node's webhook() runs with it.
 * The request and response objects below stand in for express's; they implement the parts n8n
 * and the node use (query, headers, body, rawBody/readRawBody, status/setHeader/end).
 */
import { WebhookContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	IBinaryKeyData,
	IDataObject,
	INode,
	INodeType,
	INodeTypes,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
} from 'n8n-workflow';

import { WeComTrigger } from '../../nodes/WeComTrigger/WeComTrigger.node';
import { createAdditionalData } from './engine';
import type { TestCredentialsHelper } from './engine';

export const TRIGGER_TYPE = 'n8n-nodes-wecom-suite.weComTrigger';

const trigger = new WeComTrigger();

const nodeTypes: INodeTypes = {
	getByName: () => trigger,
	getByNameAndVersion: () => trigger,
	getKnownTypes: () => ({}),
};

/** The parts of an express request n8n and the trigger read. */
export class FakeRequest {
	readonly headers: Record<string, string>;

	readonly query: Record<string, string>;

	readonly params: Record<string, string> = {};

	/** What n8n's body parser would have made of the body; the trigger must not rely on it. */
	body: IDataObject = {};

	rawBody?: Buffer;

	constructor(
		readonly method: 'GET' | 'POST',
		readonly originalUrl: string,
		query: Record<string, string>,
		headers: Record<string, string>,
		private readonly pendingBody?: Buffer,
	) {
		this.query = query;
		this.headers = headers;
	}

	get url(): string {
		return this.originalUrl;
	}

	/** n8n-workflow's augmentation of IncomingMessage: reads the body into rawBody. */
	async readRawBody(): Promise<void> {
		this.rawBody = this.pendingBody ?? Buffer.alloc(0);
	}
}

/** The parts of an express response the trigger writes. */
export class FakeResponse {
	statusCode = 200;

	readonly headers = new Map<string, string>();

	body: string | undefined;

	ended = false;

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	setHeader(name: string, value: string): this {
		this.headers.set(name.toLowerCase(), value);
		return this;
	}

	getHeader(name: string): string | undefined {
		return this.headers.get(name.toLowerCase());
	}

	end(body?: string): this {
		if (this.ended) throw new Error('response ended twice');
		this.body = body ?? '';
		this.ended = true;
		return this;
	}
}

export interface WebhookRequestInit {
	method: 'GET' | 'POST';
	/** Query parameters; encoded into the URL the way WeCom does (percent-encoding). */
	query: Record<string, string>;
	body?: string | Buffer;
	contentType?: string;
	/**
	 * true: n8n already read the body (rawBody set, as for XML and JSON content types);
	 * false: the node must call readRawBody(), as for content types n8n does not parse.
	 */
	bodyAlreadyRead?: boolean;
	/** A URL as some proxy might forward it, instead of the one built from `query`. */
	rawUrl?: string;
}

export interface TriggerSetup {
	parameters: INode['parameters'];
	credentials: INode['credentials'];
	credentialsHelper: TestCredentialsHelper;
	/** Same workflow and node ID means the same trigger (deduplication is per trigger). */
	workflowId?: string;
	nodeId?: string;
}

export interface WebhookCall {
	result: IWebhookResponseData;
	response: FakeResponse;
	/** The status the node answered with; undefined when it left the answer to n8n. */
	status: number | undefined;
	text: string;
	/** Whether n8n would start an execution: webhook() returned workflowData. */
	started: boolean;
	items: IDataObject[];
	binaries: Array<IBinaryKeyData | undefined>;
}

function queryString(query: Record<string, string>): string {
	return Object.entries(query)
		.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
		.join('&');
}

const webhookPath = 'callback';

function descriptionFor(method: 'GET' | 'POST'): IWebhookDescription {
	const description = trigger.description.webhooks?.find((webhook) => webhook.httpMethod === method);
	if (!description) throw new Error(`the trigger has no ${method} webhook`);
	return description;
}

/** One request to the trigger, through WebhookContext, like n8n's live webhook handler. */
export async function callTrigger(setup: TriggerSetup, init: WebhookRequestInit): Promise<WebhookCall> {
	const node: INode = {
		id: setup.nodeId ?? 'trigger-node',
		name: 'WeCom Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: setup.parameters,
		credentials: setup.credentials,
		webhookId: 'wecom-webhook-id',
	};
	const workflow = new Workflow({
		id: setup.workflowId ?? 'trigger-workflow',
		name: 'trigger test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: {},
		settings: {},
	});
	const workflowNode = workflow.getNode(node.name);
	if (!workflowNode) throw new Error('node missing');

	const bodyBuffer =
		init.body === undefined ? undefined : Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body, 'utf8');
	const url = init.rawUrl ?? `/webhook/wecom-webhook-id/${webhookPath}?${queryString(init.query)}`;
	const request = new FakeRequest(
		init.method,
		url,
		init.query,
		{ 'content-type': init.contentType ?? 'text/xml', host: '127.0.0.1' },
		bodyBuffer,
	);
	if (bodyBuffer !== undefined && init.bodyAlreadyRead !== false) request.rawBody = bodyBuffer;
	const response = new FakeResponse();

	const additionalData = createAdditionalData(setup.credentialsHelper, 'webhook-test');
	additionalData.httpRequest = request;
	additionalData.httpResponse = response;
	const description = descriptionFor(init.method);
	const webhookData: IWebhookData = {
		httpMethod: init.method,
		node: node.name,
		path: `wecom-webhook-id/${webhookPath}`,
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	};
	const context = new WebhookContext(workflow, workflowNode, additionalData, 'webhook', webhookData, [], null);
	const nodeType: INodeType = trigger;
	if (!nodeType.webhook) throw new Error('the trigger has no webhook()');
	const result = await nodeType.webhook.call(context);

	const items = result.workflowData?.[0] ?? [];
	return {
		result,
		response,
		status: response.ended ? response.statusCode : undefined,
		text: response.body ?? '',
		started: result.workflowData !== undefined,
		items: items.map((item) => item.json),
		binaries: items.map((item) => item.binary),
	};
}
