/**
 * Runs this package's nodes in-process through n8n-core's own execution engine (WorkflowExecute
 * and RoutingNode), with a credentials helper that follows the rules of n8n's CLI
 * (packages/cli/src/credentials-helper.ts): preAuthentication runs when the expirable field is
 * empty, when a request failed with 401, or for a credential test, and what it returns is
 * persisted and merged; getDecrypted rebuilds the data from the declared properties.
 */
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeConnectionTypes,
	Workflow,
	createRunExecutionData,
	sleep,
} from 'n8n-workflow';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	IDataObject,
	IExecuteFunctions,
	IExecuteResponsePromiseData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IWorkflowExecuteAdditionalData,
	NodeParameterValueType,
} from 'n8n-workflow';

import { WeComApi } from '../../credentials/WeComApi.credentials';
import { WeCom } from '../../nodes/WeCom/WeCom.node';
import { filesystemBinaryDataEnabled } from './binaryData';

/** The workflow's first node: hands the test's items to the node under test. */
const testStart: INodeType = {
	description: {
		displayName: 'Test Start',
		name: 'testStart',
		group: ['input'],
		version: 1,
		description: 'Emits the items a test gives it',
		defaults: { name: 'Start' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (!filesystemBinaryDataEnabled()) return [items];
		// Like a Read File node in n8n 2.x: files go to the binary data store, items keep an ID.
		return [await Promise.all(items.map(async (item) => await withStoredBinaries(this, item)))];
	},
};

async function withStoredBinaries(context: IExecuteFunctions, item: INodeExecutionData): Promise<INodeExecutionData> {
	if (!item.binary) return item;
	const binary: Record<string, IBinaryData> = {};
	for (const [name, data] of Object.entries(item.binary)) {
		binary[name] = data.id
			? data
			: await context.helpers.prepareBinaryData(Buffer.from(data.data, 'base64'), data.fileName, data.mimeType);
	}
	return { ...item, binary };
}

const nodeTypeRegistry: Record<string, INodeType> = {
	'test.start': testStart,
	'n8n-nodes-wecom-suite.weCom': new WeCom(),
};

const credentialTypeRegistry: Record<string, ICredentialType> = {
	weComApi: new WeComApi(),
};

export function registerNodeType(name: string, nodeType: INodeType): void {
	nodeTypeRegistry[name] = nodeType;
}

export function registerCredentialType(credentialType: ICredentialType): void {
	credentialTypeRegistry[credentialType.name] = credentialType;
}

const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeRegistry[type],
	getByNameAndVersion: (type) => nodeTypeRegistry[type],
	getKnownTypes: () => ({}),
};

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

function expirableProperty(type: ICredentialType): INodeProperties | undefined {
	return type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
}

/** An in-memory credential store with n8n's credentials-helper rules. */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly stored = new Map<string, StoredCredential>();

	preAuthenticationRuns = 0;

	/**
	 * Milliseconds each credential read takes, by read number, like n8n's database round trip;
	 * uneven reads are what let an item read an empty token after the first one was saved.
	 */
	readLatency: (readNumber: number) => number = () => 0;

	private reads = 0;

	/** How many times a credential was read from this store (n8n: a database read and a decrypt). */
	get readCount(): number {
		return this.reads;
	}

	persistedUpdates = 0;

	add(credential: StoredCredential): INodeCredentialsDetails {
		this.stored.set(credential.id, { ...credential, data: { ...credential.data } });
		return { id: credential.id, name: credential.name };
	}

	dataOf(id: string): ICredentialDataDecryptedObject {
		const credential = this.stored.get(id);
		if (!credential) throw new Error(`no credential ${id}`);
		return credential.data;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = credentialTypeRegistry[typeName];
		const options = requestOptions as IHttpRequestOptions;
		const authenticate = type?.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (!authenticate || authenticate.type !== 'generic') return options;
		const resolve = (value: string): NodeParameterValueType => {
			if (!workflow || !node) return value;
			return workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			) as NodeParameterValueType;
		};
		const target = options as unknown as Record<string, IDataObject | undefined>;
		for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
			const resolvedEntries: IDataObject = { ...(target[outerKey] ?? {}) };
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				resolvedEntries[String(resolve(key))] = resolve(value) as IDataObject[string];
			}
			target[outerKey] = resolvedEntries;
		}
		return options;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypeRegistry[typeName];
		const expirable = type ? expirableProperty(type) : undefined;
		if (!type?.preAuthentication || !expirable) return undefined;
		const isCredentialTest = node.type === 'n8n-nodes-base.noOp' && node.parameters?.temp === '';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isCredentialTest) return undefined;
		this.preAuthenticationRuns++;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const reference = node.credentials?.[typeName];
		if (reference) {
			await this.updateCredentials(reference, typeName, Object.assign(credentials, output));
		}
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypeRegistry[typeName];
		if (!type?.preAuthentication) return undefined;
		return Object.assign({ ...credentials }, await type.preAuthentication.call(helpers, credentials));
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = nodeCredentials.id ? this.stored.get(nodeCredentials.id) : undefined;
		if (!stored || stored.type !== type) {
			throw new Error(`Credential "${nodeCredentials.name}" of type ${type} not found`);
		}
		const snapshot = { ...stored.data };
		const latency = this.readLatency(this.reads++);
		if (latency > 0) await sleep(latency);
		// Like n8n: a fresh copy, rebuilt from the declared properties (undeclared keys are dropped).
		const data: ICredentialDataDecryptedObject = {};
		for (const property of this.getCredentialsProperties(type)) {
			const value = snapshot[property.name];
			const fallback = property.default;
			if (value !== undefined) data[property.name] = value;
			else if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') {
				data[property.name] = fallback;
			}
		}
		return data;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = nodeCredentials.id ? this.stored.get(nodeCredentials.id) : undefined;
		if (!stored) return;
		this.persistedUpdates++;
		stored.data = { ...stored.data, ...data };
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypeRegistry[type]?.properties ?? [];
	}
}

export interface RunOptions {
	/** Parameters of the node under test. */
	parameters: INode['parameters'];
	items?: INodeExecutionData[];
	credentialsHelper: TestCredentialsHelper;
	credentials?: INode['credentials'];
	nodeType?: string;
	/** n8n's "On Error" setting of the node under test. */
	onError?: INode['onError'];
	/** Receives what the node hands to this.sendResponse() (a trigger's response promise in n8n). */
	onSendResponse?: (response: IExecuteResponsePromiseData) => void;
}

/** An error as n8n keeps it in the run data (serialised: not an Error instance any more). */
export interface RunError {
	name: string;
	message: string;
	description?: string | null;
	httpCode?: string | null;
	context?: IDataObject;
}

export interface RunResult {
	run: IRun;
	/** The output items of the node under test (main output 0). */
	items: INodeExecutionData[];
	/** The error the node under test stopped with, if it did. */
	error: RunError | undefined;
}

function toRunError(value: unknown): RunError | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const field = (key: string): unknown => (key in value ? (value as Record<string, unknown>)[key] : undefined);
	const text = (key: string) => {
		const found = field(key);
		return typeof found === 'string' ? found : undefined;
	};
	const context = field('context');
	return {
		name: text('name') ?? 'Error',
		message: text('message') ?? '',
		description: text('description') ?? null,
		httpCode: text('httpCode') ?? null,
		context: typeof context === 'object' && context !== null ? (context as IDataObject) : undefined,
	};
}

/** The execution services n8n-core needs, wired to the test's credential store. */
export function createAdditionalData(
	credentialsHelper: TestCredentialsHelper,
	executionId = 'test',
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		executionId,
		hooks,
		credentialsHelper,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		variables: {},
		userId: 'test-user',
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used here');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface ListSearchOptions {
	nodeType?: string;
	parameters?: INode['parameters'];
	credentials: INode['credentials'];
	credentialsHelper: TestCredentialsHelper;
}

/** A LoadOptionsContext like the one n8n builds when the editor opens a "From List" picker. */
export function loadOptionsContext(options: ListSearchOptions): LoadOptionsContext {
	const node: INode = {
		id: 'picker',
		name: 'Picker',
		type: options.nodeType ?? 'n8n-nodes-wecom-suite.weCom',
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters ?? {},
		credentials: options.credentials,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return new LoadOptionsContext(workflow, node, createAdditionalData(options.credentialsHelper), '');
}

let executionCounter = 0;

/** Runs Start → node under test through WorkflowExecute, as n8n does for a manual execution. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	executionCounter++;
	const testedName = 'Node Under Test';
	const nodes: INode[] = [
		{
			id: 'start',
			name: 'Start',
			type: 'test.start',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'tested',
			name: testedName,
			type: options.nodeType ?? 'n8n-nodes-wecom-suite.weCom',
			typeVersion: 1,
			position: [200, 0],
			parameters: options.parameters,
			credentials: options.credentials,
			onError: options.onError,
		},
	];
	const workflow = new Workflow({
		id: `wf${executionCounter}`,
		name: 'in-process test',
		nodes,
		connections: {
			Start: { main: [[{ node: testedName, type: NodeConnectionTypes.Main, index: 0 }]] },
		},
		active: false,
		nodeTypes,
		staticData: {},
		settings: {},
	});
	const executionId = String(executionCounter);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: workflow.id,
		name: 'in-process test',
		nodes,
		connections: workflow.connectionsBySourceNode,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	});
	if (options.onSendResponse) hooks.addHandler('sendResponse', options.onSendResponse);
	const additionalData = createAdditionalData(options.credentialsHelper, executionId, hooks);

	const startNode = workflow.getNode('Start');
	if (!startNode) throw new Error('start node missing');
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.items ?? [{ json: {} }]] }, source: null },
			],
		},
	});
	const run = await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(
		workflow,
	);
	const taskData = run.data.resultData.runData[testedName]?.[0];
	return {
		run,
		items: taskData?.data?.main?.[0] ?? [],
		error: toRunError(taskData?.error ?? run.data.resultData.error),
	};
}
