// @ts-check
/**
 * The workflows the benchmark runs in real n8n, built as n8n's workflow JSON. Each starts with a
 * Webhook (so the bench starts executions on the running server, not through a CLI process) or
 * with the WeCom Trigger. Node IDs are derived from the workflow ID so every file is stable.
 *
 * "Ours": Webhook → Split Out → WeCom (Message → Send).
 * "HTTP Request": what users build without the package — one HTTP Request fetching a token at the
 * start of each execution (gettoken), the messages split out, and one HTTP Request sending each
 * message with that token in the query.
 */
const { createHash } = require('node:crypto');

const { SANDBOX_CORP } = require('../../sandbox/server');
const { SANDBOX_CREDENTIALS } = require('../../scripts/sandbox-credentials');

const WECOM_NODE = 'n8n-nodes-wecom-suite.weCom';
const WECOM_TRIGGER = 'n8n-nodes-wecom-suite.weComTrigger';

/** Names of the nodes whose run time the bench reads from n8n's execution data. */
const NODE_NAMES = {
	oursSend: 'WeCom send',
	httpToken: 'Get token',
	httpSend: 'HTTP send',
	listIds: 'WeCom list IDs',
	reply: 'WeCom reply',
};

/**
 * @typedef {{ id: string, name: string, type: string, typeVersion: number, position: [number, number], parameters: Record<string, unknown>, webhookId?: string, credentials?: Record<string, { id: string, name: string }> }} WorkflowNode
 * @typedef {{ id: string, name: string, nodes: WorkflowNode[], connections: Record<string, unknown>, settings: Record<string, unknown>, active: boolean, pinData: Record<string, unknown>, tags: unknown[] }} Workflow
 */

/**
 * A UUID-shaped ID derived from a seed, so workflow files do not change between runs.
 * @param {string} seed
 */
function stableId(seed) {
	const hex = createHash('sha1').update(seed).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * @param {string} workflowId
 * @param {string} name
 * @param {string} type
 * @param {number} typeVersion
 * @param {Record<string, unknown>} parameters
 * @param {number} column
 * @returns {WorkflowNode}
 */
function node(workflowId, name, type, typeVersion, parameters, column) {
	return { id: stableId(`${workflowId}/${name}`), name, type, typeVersion, position: [column * 260, 0], parameters };
}

/**
 * Connects the nodes in a chain, first to last.
 * @param {WorkflowNode[]} nodes
 */
function chain(nodes) {
	/** @type {Record<string, unknown>} */
	const connections = {};
	for (let index = 0; index < nodes.length - 1; index++) {
		connections[nodes[index].name] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	}
	return connections;
}

/**
 * @param {string} id 16 characters, like n8n's own IDs
 * @param {string} name
 * @param {WorkflowNode[]} nodes
 * @returns {Workflow}
 */
function workflow(id, name, nodes) {
	return { id, name, nodes, connections: chain(nodes), settings: { executionOrder: 'v1' }, active: false, pinData: {}, tags: [] };
}

/**
 * A Webhook that answers once the workflow is done, with the first output item only (the bench
 * reads the rest from n8n's saved execution).
 * @param {string} workflowId
 * @param {string} path
 */
function webhookNode(workflowId, path) {
	const trigger = node(
		workflowId,
		'Webhook',
		'n8n-nodes-base.webhook',
		2.1,
		{ httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
		0,
	);
	trigger.webhookId = stableId(`${workflowId}/webhook`);
	return trigger;
}

/**
 * @param {string} workflowId
 * @param {string} field
 * @param {number} column
 */
function splitOutNode(workflowId, field, column) {
	return node(workflowId, 'Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: field, include: 'noOtherFields', options: {} }, column);
}

/** @param {keyof typeof SANDBOX_CREDENTIALS} role */
function apiCredential(role) {
	const { id, name } = SANDBOX_CREDENTIALS[role];
	return { weComApi: { id, name } };
}

/**
 * Ours: every message the webhook receives, sent by the WeCom node (text to {{$json.user}}).
 * @param {string} id
 * @param {string} path
 */
function oursSendWorkflow(id, path) {
	const send = textSendNode(id, NODE_NAMES.oursSend, '={{ $json.user }}', '={{ $json.text }}', 2);
	return workflow(id, `Bench: ${path}`, [webhookNode(id, path), splitOutNode(id, 'body.messages', 1), send]);
}

/**
 * Ours for any operation: the webhook's items (body.messages) split out, then the WeCom node with
 * `parameters` and the app credential.
 * @param {string} id
 * @param {string} path
 * @param {Record<string, unknown>} parameters
 */
function oursOperationWorkflow(id, path, parameters) {
	const operation = node(id, NODE_NAMES.oursSend, WECOM_NODE, 1, parameters, 2);
	operation.credentials = apiCredential('app');
	return workflow(id, `Bench: ${path}`, [webhookNode(id, path), splitOutNode(id, 'body.messages', 1), operation]);
}

/**
 * HTTP Request fetching a token with the app secret (gettoken), as users start such workflows.
 * @param {string} id
 * @param {string} sandboxUrl
 */
function httpTokenNode(id, sandboxUrl) {
	return node(
		id,
		NODE_NAMES.httpToken,
		'n8n-nodes-base.httpRequest',
		4.2,
		{
			url: `${sandboxUrl}/cgi-bin/gettoken`,
			sendQuery: true,
			queryParameters: {
				parameters: [
					{ name: 'corpid', value: SANDBOX_CORP.corpId },
					{ name: 'corpsecret', value: SANDBOX_CORP.appSecret },
				],
			},
			options: {},
		},
		1,
	);
}

/**
 * The pattern without the package: a token per execution, then one HTTP Request per message.
 * HTTP Request sends every item at once and treats any HTTP 200 as success (it does not read
 * WeCom's errcode), which is how users meet it.
 * @param {string} id
 * @param {string} path
 * @param {string} sandboxUrl
 * @param {{ batchSize: number, batchInterval: number }} [batching] HTTP Request's Batching option
 */
function httpSendWorkflow(id, path, sandboxUrl, batching) {
	return httpOperationWorkflow(id, path, sandboxUrl, {
		method: 'POST',
		apiPath: '/cgi-bin/message/send',
		jsonBody: `={{ { touser: $json.user, msgtype: 'text', agentid: ${SANDBOX_CORP.agentId}, text: { content: $json.text } } }}`,
	}, batching);
}

/**
 * The same pattern for any API call: gettoken, the webhook's items (body.messages) split out, and
 * HTTP Request calling `apiPath` for each item with the token in the query, plus `query`
 * (name → value or expression) and, for a POST, `jsonBody` (an expression).
 * @param {string} id
 * @param {string} path
 * @param {string} sandboxUrl
 * @param {{ method: 'GET' | 'POST', apiPath: string, query?: Array<{ name: string, value: string }>, jsonBody?: string }} call
 * @param {{ batchSize: number, batchInterval: number }} [batching] HTTP Request's Batching option
 */
function httpOperationWorkflow(id, path, sandboxUrl, call, batching) {
	const token = httpTokenNode(id, sandboxUrl);
	const messages = node(
		id,
		'Messages',
		'n8n-nodes-base.set',
		3.4,
		{
			mode: 'manual',
			assignments: {
				assignments: [{ id: stableId(`${id}/messages`), name: 'messages', value: "={{ $('Webhook').first().json.body.messages }}", type: 'array' }],
			},
			options: {},
		},
		2,
	);
	const accessToken = { name: 'access_token', value: `={{ $('${NODE_NAMES.httpToken}').first().json.access_token }}` };
	const send = node(
		id,
		NODE_NAMES.httpSend,
		'n8n-nodes-base.httpRequest',
		4.2,
		{
			method: call.method,
			url: `${sandboxUrl}${call.apiPath}`,
			sendQuery: true,
			queryParameters: { parameters: [accessToken, ...(call.query ?? [])] },
			...(call.jsonBody ? { sendBody: true, specifyBody: 'json', jsonBody: call.jsonBody } : {}),
			options: batching ? { batching: { batch: batching } } : {},
		},
		4,
	);
	return workflow(id, `Bench: ${path}`, [webhookNode(id, path), token, messages, splitOutNode(id, 'messages', 3), send]);
}

/**
 * Return All over user/list_id with the Contacts Sync secret.
 * @param {string} id
 * @param {string} path
 * @param {number} pageSize
 */
function listIdsWorkflow(id, path, pageSize) {
	const list = node(id, NODE_NAMES.listIds, WECOM_NODE, 1, { resource: 'user', operation: 'listIds', returnAll: true, pageSize }, 1);
	list.credentials = apiCredential('contacts');
	return workflow(id, `Bench: ${path}`, [webhookNode(id, path), list]);
}

/**
 * The WeCom node sending a text message (Message → Send) with the app credential.
 * @param {string} workflowId
 * @param {string} name
 * @param {string} user value or expression
 * @param {string} text value or expression
 * @param {number} column
 */
function textSendNode(workflowId, name, user, text, column) {
	const send = node(
		workflowId,
		name,
		WECOM_NODE,
		1,
		{
			resource: 'message',
			operation: 'send',
			recipients: { users: [{ user: { __rl: true, mode: 'id', value: user } }] },
			msgtype: 'text',
			text,
			options: {},
		},
		column,
	);
	send.credentials = apiCredential('app');
	return send;
}

/**
 * The step after both triggers of bench 4: a reply to lisi with the MsgId, so the sandbox sees
 * which callbacks started a run.
 * @param {string} workflowId
 * @param {string} msgIdExpression
 */
function msgIdReplyNode(workflowId, msgIdExpression) {
	return textSendNode(workflowId, NODE_NAMES.reply, 'lisi', msgIdExpression, 1);
}

/**
 * A published WeCom Trigger that answers at once and replies to each text message with its MsgId,
 * so the sandbox sees which callbacks started a workflow.
 * @param {string} id
 */
function triggerWorkflow(id) {
	const { id: callbackId, name: callbackName } = SANDBOX_CREDENTIALS.callback;
	const trigger = node(
		id,
		'WeCom Trigger',
		WECOM_TRIGGER,
		2,
		{ events: ['message.text'], respond: 'immediately', options: {} },
		0,
	);
	trigger.webhookId = stableId(`${id}/trigger`);
	trigger.credentials = { weComCallbackApi: { id: callbackId, name: callbackName } };
	return workflow(id, 'Bench: WeCom Trigger burst', [trigger, msgIdReplyNode(id, '={{ $json.MsgId }}')]);
}

/**
 * n8n's own Webhook node answering at once (onReceived), with the same reply step as the
 * trigger's workflow: it cannot decrypt, so the delivery client adds the MsgId to the query.
 * The floor under any trigger's answer time in the same n8n.
 * @param {string} id
 * @param {string} path
 */
function plainWebhookWorkflow(id, path) {
	const trigger = node(id, 'Webhook', 'n8n-nodes-base.webhook', 2.1, { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, 0);
	trigger.webhookId = stableId(`${id}/webhook`);
	return workflow(id, `Bench: ${path}`, [trigger, msgIdReplyNode(id, '={{ $json.query.msgid }}')]);
}

module.exports = { NODE_NAMES, plainWebhookWorkflow, oursSendWorkflow, oursOperationWorkflow, httpSendWorkflow, httpOperationWorkflow, listIdsWorkflow, triggerWorkflow, stableId, node, workflow, webhookNode, splitOutNode, apiCredential, httpTokenNode };
