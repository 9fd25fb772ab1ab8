/**
 * Calls a trigger's webhook() the way n8n's webhook server does (packages/cli/src/webhooks/
 * webhook-helpers.ts): the express request and response go into additionalData, n8n-core's
 * WebhookContext is built over the workflow and node, and the node's webhook() runs with it.
 * The request and response objects below stand in for express's; they implement the parts n8n
 * and the node use (query, headers, body, rawBody/readRawBody, status/setHeader/end).
 */
import { WebhookContext } from 'n8n-core';
import { Workflow, resolveWebhookDescriptionField } from 'n8n-workflow';
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

/**
 * The parts of an express response the trigger and n8n write, with Node's ServerResponse
 * events and flags: 'finish' once the answer is sent, 'close' when the connection ends.
 */
export class FakeResponse {
	private readonly listeners: Array<{ event: 'finish' | 'close'; listener: () => void }> = [];

	statusCode = 200;

	readonly headers = new Map<string, string>();

	body: string | undefined;

	ended = false;

	writableEnded = false;

	writableFinished = false;

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
		this.writableEnded = true;
		// After the caller left, Node writes into the closed connection: no 'finish' event.
		if (this.hungUp) return this;
		this.writableFinished = true;
		this.emit('finish');
		this.emit('close');
		return this;
	}

	private hungUp = false;

	once(event: 'finish' | 'close', listener: () => void): this {
		this.listeners.push({ event, listener });
		return this;
	}

	private emit(event: 'finish' | 'close'): void {
		const due = this.listeners.filter((entry) => entry.event === event);
		for (const entry of due) this.listeners.splice(this.listeners.indexOf(entry), 1);
		for (const entry of due) entry.listener();
	}

	/** The caller (WeCom) gives up before the answer: 'close' without 'finish'. */
	hangUp(): void {
		this.hungUp = true;
		this.emit('close');
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
	/** The node's version in the saved workflow (default 2, what the editor adds today). */
	typeVersion?: number;
	/**
	 * n8n creating the execution after webhook() returned workflowData; a rejection stands for
	 * a run n8n could not register (it then answers 500). Default: registered at once.
	 */
	registerRun?: () => Promise<void>;
	/** Hold n8n's answer back, as a Respond to Webhook node or a slow n8n does: call answer(). */
	holdAnswer?: boolean;
}

export interface WebhookCall {
	result: IWebhookResponseData;
	response: FakeResponse;
	/** The status WeCom got (from the node, or from n8n after it); undefined while none was sent. */
	status: number | undefined;
	/** How the response mode resolves for this node, as n8n resolves it. */
	responseMode: string;
	/** Sends n8n's answer for a held-back run (see holdAnswer), as n8n does once it holds it. */
	answer: () => Promise<void>;
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
		typeVersion: setup.typeVersion ?? 2,
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
	const responseMode = String(responseModeOf(workflowNode, description, workflow));
	const answer = async () => await answerAsN8nDoes(setup, result, response);
	if (!setup.holdAnswer) await answer();

	const items = result.workflowData?.[0] ?? [];
	return {
		result,
		response,
		get status() {
			return response.ended ? response.statusCode : undefined;
		},
		get text() {
			return response.body ?? '';
		},
		responseMode,
		answer,
		started: result.workflowData !== undefined,
		items: items.map((item) => item.json),
		binaries: items.map((item) => item.binary),
	};
}

/** n8n's resolution of the webhook's responseMode: natively when it can, else as an expression. */
function responseModeOf(node: INode, description: IWebhookDescription, workflow: Workflow): unknown {
	const native = resolveWebhookDescriptionField(node, description, 'responseMode');
	if (native.resolved) return native.value;
	return workflow.expression.getSimpleParameterValue(node, description.responseMode, 'webhook', {}, undefined, 'onReceived');
}

/**
 * What n8n's executeWebhook does with webhook()'s result (packages/cli/src/webhooks/
 * webhook-helpers.ts): nothing when the node answered; the webhookResponse when nothing starts;
 * else it creates the execution and, for 'onReceived', answers 200 with the webhookResponse
 * (responseData '' in the description), or 500 when the run could not be created. For
 * 'responseNode' the answer comes from the workflow: here, 200 with an empty body.
 */
async function answerAsN8nDoes(setup: TriggerSetup, result: IWebhookResponseData, response: FakeResponse): Promise<void> {
	if (result.noWebhookResponse === true || response.ended) return;
	if (result.workflowData === undefined) {
		response.status(200).end(typeof result.webhookResponse === 'string' ? result.webhookResponse : '');
		return;
	}
	try {
		await (setup.registerRun ?? (async () => undefined))();
	} catch {
		response.status(500).end('{"message":"There was a problem executing the workflow"}');
		return;
	}
	response.status(200).end(typeof result.webhookResponse === 'string' ? result.webhookResponse : '');
}
