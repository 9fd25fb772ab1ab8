// @ts-check
/**
 * Runs the BUILT package's weCom node in this process through n8n-core's own engine
 * (WorkflowExecute + RoutingNode), for measurements that need the node alone in a small process
 * (media memory). A JavaScript cousin of test/support/engine.ts: the bench must not need
 * TypeScript at run time. The credentials helper follows n8n's rules for expirable credentials:
 * preAuthentication runs when the token field is empty or a request failed with 401, and its
 * result is persisted in the in-memory store.
 *
 * Set N8N_USER_FOLDER to a temporary folder before requiring this module: n8n-core writes its
 * instance settings there on first use.
 */
const { createRequire } = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const { BinaryDataService, ExecutionLifecycleHooks, WorkflowExecute } = require('n8n-core');
const { ICredentialsHelper, NodeConnectionTypes, Workflow, createRunExecutionData } = require('n8n-workflow');

const DIST = path.resolve(__dirname, '..', '..', 'dist');
const { WeCom } = require(path.join(DIST, 'nodes', 'WeCom', 'WeCom.node.js'));
const { WeComApi } = require(path.join(DIST, 'credentials', 'WeComApi.credentials.js'));

// n8n-core resolves its own copy of @n8n/di: its Container holds the binary data service.
const { Container } = createRequire(require.resolve('n8n-core'))('@n8n/di');

/**
 * @typedef {import('n8n-workflow').INodeType} INodeType
 * @typedef {import('n8n-workflow').INode} INode
 * @typedef {import('n8n-workflow').ICredentialType} ICredentialType
 * @typedef {import('n8n-workflow').ICredentialDataDecryptedObject} ICredentialDataDecryptedObject
 * @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData
 * @typedef {import('n8n-workflow').IExecuteFunctions} IExecuteFunctions
 * @typedef {import('n8n-workflow').IHttpRequestOptions} IHttpRequestOptions
 * @typedef {import('n8n-workflow').IHttpRequestHelper} IHttpRequestHelper
 * @typedef {import('n8n-workflow').INodeCredentialsDetails} INodeCredentialsDetails
 * @typedef {import('n8n-workflow').INodeProperties} INodeProperties
 * @typedef {import('n8n-workflow').IWorkflowExecuteAdditionalData} IWorkflowExecuteAdditionalData
 * @typedef {import('n8n-workflow').IRun} IRun
 */

/**
 * The workflow's first node: turns an input item's `filePath` into a binary property "data",
 * streamed into n8n's binary data store (filesystem mode), like n8n's Read File node. The file
 * never sits whole in this process's memory before the node under test reads it. Items without
 * a filePath pass through unchanged.
 * @type {INodeType}
 */
const fileSource = {
	description: {
		displayName: 'Bench File Source',
		name: 'benchFileSource',
		group: ['input'],
		version: 1,
		description: 'Streams the files named by the items into the binary data store',
		defaults: { name: 'Start' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute() {
		const context = /** @type {IExecuteFunctions} */ (/** @type {unknown} */ (this));
		/** @type {INodeExecutionData[]} */
		const output = [];
		for (const item of context.getInputData()) {
			const filePath = typeof item.json.filePath === 'string' ? item.json.filePath : '';
			if (!filePath) {
				output.push(item);
				continue;
			}
			const fileName = typeof item.json.fileName === 'string' ? item.json.fileName : path.basename(filePath);
			const data = await context.helpers.prepareBinaryData(fs.createReadStream(filePath), fileName, 'application/pdf');
			output.push({ json: { fileName }, binary: { data } });
		}
		return [output];
	},
};

/** @type {Record<string, INodeType>} */
const nodeTypeRegistry = {
	'bench.fileSource': fileSource,
	'n8n-nodes-wecom-suite.weCom': new WeCom(),
};

/** @type {Record<string, ICredentialType>} */
const credentialTypes = { weComApi: new WeComApi() };

/** @type {import('n8n-workflow').INodeTypes} */
const nodeTypes = {
	getByName: (type) => nodeTypeRegistry[type],
	getByNameAndVersion: (type) => nodeTypeRegistry[type],
	getKnownTypes: () => ({}),
};

/** @param {ICredentialType} type */
function expirableProperty(type) {
	return type.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable === true);
}

/**
 * @param {unknown} value
 * @returns {value is import('n8n-workflow').IDataObject}
 */
function isRecord(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An in-memory credential store with n8n's rules for expirable credentials. */
class BenchCredentialsHelper extends ICredentialsHelper {
	constructor() {
		super();
		/** @type {Map<string, { id: string, name: string, type: string, data: ICredentialDataDecryptedObject }>} */
		this.stored = new Map();
	}

	/**
	 * @param {{ id: string, name: string, type: string, data: ICredentialDataDecryptedObject }} credential
	 * @returns {INodeCredentialsDetails}
	 */
	add(credential) {
		this.stored.set(credential.id, { ...credential, data: { ...credential.data } });
		return { id: credential.id, name: credential.name };
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	/**
	 * @param {ICredentialDataDecryptedObject} credentials
	 * @param {string} typeName
	 * @param {IHttpRequestOptions} requestOptions
	 * @param {Workflow} [workflow]
	 * @param {INode} [node]
	 * @returns {Promise<IHttpRequestOptions>}
	 */
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const authenticate = credentialTypes[typeName]?.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!authenticate || authenticate.type !== 'generic') return requestOptions;
		/** @param {string} value */
		const resolve = (value) =>
			workflow && node ? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') : value;
		// The weComApi credential puts its token in the query; headers are handled for completeness.
		for (const outerKey of /** @type {const} */ (['qs', 'headers'])) {
			const entries = authenticate.properties[outerKey];
			if (!entries) continue;
			const current = requestOptions[outerKey];
			/** @type {import('n8n-workflow').IDataObject} */
			const resolved = isRecord(current) ? { ...current } : {};
			for (const [key, value] of Object.entries(entries)) resolved[String(resolve(key))] = String(resolve(String(value)));
			requestOptions[outerKey] = resolved;
		}
		return requestOptions;
	}

	/**
	 * @param {IHttpRequestHelper} helpers
	 * @param {ICredentialDataDecryptedObject} credentials
	 * @param {string} typeName
	 * @param {INode} node
	 * @param {boolean} credentialsExpired
	 */
	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const type = credentialTypes[typeName];
		const expirable = type ? expirableProperty(type) : undefined;
		if (!type?.preAuthentication || !expirable) return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const reference = node.credentials?.[typeName];
		if (reference) await this.updateCredentials(reference, typeName, Object.assign(credentials, output));
		return Object.assign(credentials, output);
	}

	/**
	 * @param {IHttpRequestHelper} helpers
	 * @param {ICredentialDataDecryptedObject} credentials
	 * @param {string} typeName
	 */
	async runPreAuthentication(helpers, credentials, typeName) {
		const type = credentialTypes[typeName];
		if (!type?.preAuthentication) return undefined;
		return Object.assign({ ...credentials }, await type.preAuthentication.call(helpers, credentials));
	}

	/** @returns {Promise<never>} */
	async getCredentials() {
		throw new Error('not used by the bench');
	}

	/**
	 * @param {IWorkflowExecuteAdditionalData} _additionalData
	 * @param {INodeCredentialsDetails} nodeCredentials
	 * @param {string} type
	 */
	async getDecrypted(_additionalData, nodeCredentials, type) {
		const stored = nodeCredentials.id ? this.stored.get(nodeCredentials.id) : undefined;
		if (!stored || stored.type !== type) throw new Error(`credential "${nodeCredentials.name}" of type ${type} not found`);
		// Like n8n: a fresh copy, rebuilt from the declared properties.
		/** @type {ICredentialDataDecryptedObject} */
		const data = {};
		for (const property of this.getCredentialsProperties(type)) {
			const value = stored.data[property.name];
			const fallback = property.default;
			if (value !== undefined) data[property.name] = value;
			else if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') data[property.name] = fallback;
		}
		return data;
	}

	/**
	 * @param {INodeCredentialsDetails} nodeCredentials
	 * @param {string} _type
	 * @param {ICredentialDataDecryptedObject} data
	 */
	async updateCredentials(nodeCredentials, _type, data) {
		const stored = nodeCredentials.id ? this.stored.get(nodeCredentials.id) : undefined;
		if (stored) stored.data = { ...stored.data, ...data };
	}

	async updateCredentialsOauthTokenData() {}

	/** @param {string} type */
	getCredentialsProperties(type) {
		return credentialTypes[type]?.properties ?? [];
	}
}

/**
 * The execution services n8n-core needs. A plain object: n8n-core probes some optional fields.
 * @param {BenchCredentialsHelper} credentialsHelper
 * @param {string} executionId
 * @param {ExecutionLifecycleHooks} hooks
 * @returns {IWorkflowExecuteAdditionalData}
 */
function additionalData(credentialsHelper, executionId, hooks) {
	const base = 'http://127.0.0.1';
	/** @type {unknown} */
	const data = {
		executionId,
		hooks,
		credentialsHelper,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		variables: {},
		userId: 'bench-user',
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
	};
	return /** @type {IWorkflowExecuteAdditionalData} */ (data);
}

/** Switches n8n-core to its filesystem binary data mode (n8n 2.x's default), under N8N_USER_FOLDER. */
async function enableFilesystemBinaryData() {
	/** @type {import('n8n-core').BinaryDataService} */
	const service = Container.get(BinaryDataService);
	await service.init();
}

let executionCounter = 0;

/**
 * @typedef {object} InProcessRun
 * @property {IRun} run
 * @property {INodeExecutionData[]} items the output of the node under test
 * @property {unknown} error
 */

/**
 * Runs Start (bench.fileSource) → the weCom node through WorkflowExecute, as a manual execution.
 * @param {{ parameters: INode['parameters'], items: INodeExecutionData[], credentialsHelper: BenchCredentialsHelper, credentials: INode['credentials'], onNodeStart?: (nodeName: string) => void, onNodeEnd?: (nodeName: string) => void }} options
 * @returns {Promise<InProcessRun>}
 */
async function runWeComNode(options) {
	executionCounter++;
	const testedName = 'WeCom';
	/** @type {INode[]} */
	const nodes = [
		{ id: 'start', name: 'Start', type: 'bench.fileSource', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'tested',
			name: testedName,
			type: 'n8n-nodes-wecom-suite.weCom',
			typeVersion: 1,
			position: [200, 0],
			parameters: options.parameters,
			credentials: options.credentials,
		},
	];
	const workflow = new Workflow({
		id: `bench${executionCounter}`,
		name: 'bench',
		nodes,
		connections: { Start: { main: [[{ node: testedName, type: NodeConnectionTypes.Main, index: 0 }]] } },
		active: false,
		nodeTypes,
		staticData: {},
		settings: {},
	});
	const executionId = String(executionCounter);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: workflow.id,
		name: 'bench',
		nodes,
		connections: workflow.connectionsBySourceNode,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	});
	const { onNodeStart, onNodeEnd } = options;
	if (onNodeStart) hooks.addHandler('nodeExecuteBefore', (nodeName) => onNodeStart(nodeName));
	if (onNodeEnd) hooks.addHandler('nodeExecuteAfter', (nodeName) => onNodeEnd(nodeName));
	const startNode = workflow.getNode('Start');
	if (!startNode) throw new Error('start node missing');
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: startNode, data: { main: [options.items] }, source: null }] },
	});
	const run = await new WorkflowExecute(additionalData(options.credentialsHelper, executionId, hooks), 'manual', runExecutionData).processRunExecutionData(workflow);
	const taskData = run.data.resultData.runData[testedName]?.[0];
	return { run, items: taskData?.data?.main?.[0] ?? [], error: taskData?.error ?? run.data.resultData.error };
}

module.exports = { BenchCredentialsHelper, enableFilesystemBinaryData, runWeComNode };
