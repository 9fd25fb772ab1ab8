/**
 * Runs a credential's `test` the way n8n's CredentialsTester does (packages/cli/src/services/
 * credentials-tester.service.ts): a temporary node whose only property routes the test request,
 * run by n8n-core's RoutingNode with the decrypted credential, then the `rules` checked in order.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import { Workflow, createRunExecutionData } from 'n8n-workflow';
import type {
	ICredentialType,
	ICredentialsDecrypted,
	INode,
	INodeCredentialTestResult,
	INodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import type { TestCredentialsHelper } from './engine';

function valueAt(data: unknown, key: string): unknown {
	let current: unknown = data;
	for (const part of key.split('.')) {
		if (typeof current !== 'object' || current === null || !(part in current)) return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

export async function testCredential(
	credentialType: ICredentialType,
	credentialsHelper: TestCredentialsHelper,
	credentialsDecrypted: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const testRequest = credentialType.test;
	if (!testRequest) return { status: 'Error', message: 'No testing function found for this credential.' };
	const nodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'Credential test carrier',
			defaults: { name: 'Temp-Node' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' },
			],
		},
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: {
			[credentialType.name]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		},
	});
	const additionalData = {
		credentialsHelper,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
	} as unknown as IWorkflowExecuteAdditionalData;
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	let response;
	try {
		response = await new RoutingNode(executeFunctions, nodeType, credentialsDecrypted).runNode();
	} catch (error) {
		const cause: unknown = error instanceof Error ? error.cause : undefined;
		const code = valueAt(cause, 'code');
		if (typeof code === 'string') return { status: 'Error', message: code };
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			if (valueAt(body, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
