/**
 * Calls a node's webhook() the way n8n's waiting-webhook handler does once it has checked the
 * signed resume URL: express's request and response in additionalData, n8n-core's WebhookContext
 * over the workflow and node. Used for the resume webhook of Send and Wait for Response.
 */
import { WebhookContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData, INodeType, INodeTypes, IWebhookData, IWebhookResponseData } from 'n8n-workflow';

import { createAdditionalData } from './engine';
import type { TestCredentialsHelper } from './engine';
import { FakeRequest, FakeResponse } from './webhook';

export interface NodeWebhookCall {
	nodeType: INodeType;
	typeName: string;
	parameters: INode['parameters'];
	credentials?: INode['credentials'];
	credentialsHelper: TestCredentialsHelper;
	method: 'GET' | 'POST';
	query: Record<string, string>;
	headers?: Record<string, string>;
	/** What n8n's body parser made of the POST body. */
	body?: IDataObject;
}

export interface NodeWebhookResult {
	result: IWebhookResponseData;
	response: FakeResponse;
	/** Whether n8n would resume the run: webhook() returned workflowData. */
	resumed: boolean;
	items: INodeExecutionData[];
}

export async function callNodeWebhook(call: NodeWebhookCall): Promise<NodeWebhookResult> {
	const node: INode = {
		id: 'waiting-node',
		name: 'Waiting Node',
		type: call.typeName,
		typeVersion: 1,
		position: [0, 0],
		parameters: call.parameters,
		credentials: call.credentials,
	};
	const nodeTypes: INodeTypes = {
		getByName: () => call.nodeType,
		getByNameAndVersion: () => call.nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ id: 'waiting-workflow', nodes: [node], connections: {}, active: false, nodeTypes, staticData: {}, settings: {} });
	const workflowNode = workflow.getNode(node.name);
	if (!workflowNode) throw new Error('node missing');
	const request = new FakeRequest(call.method, `/webhook-waiting/1/${node.id}`, call.query, { host: '127.0.0.1', ...call.headers });
	request.body = call.body ?? {};
	const response = new FakeResponse();
	const additionalData = createAdditionalData(call.credentialsHelper, 'waiting-test');
	additionalData.httpRequest = request;
	additionalData.httpResponse = response;
	const description = call.nodeType.description.webhooks?.find((webhook) => webhook.httpMethod === call.method);
	if (!description) throw new Error(`the node has no ${call.method} webhook`);
	const webhookData: IWebhookData = {
		httpMethod: call.method,
		node: node.name,
		path: node.id,
		webhookDescription: description,
		workflowId: 'waiting-workflow',
		workflowExecuteAdditionalData: additionalData,
	};
	const context = new WebhookContext(workflow, workflowNode, additionalData, 'webhook', webhookData, [], null);
	if (!call.nodeType.webhook) throw new Error('the node has no webhook()');
	const result = await call.nodeType.webhook.call(context);
	const items = result.workflowData?.[0] ?? [];
	return { result, response, resumed: result.workflowData !== undefined, items };
}
