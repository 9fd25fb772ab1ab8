/**
 * The weComCallbackApi credential and its offline test. n8n finds a credential's test the way
 * CredentialsTester.getCredentialTestFunction does: a node type that lists the credential with
 * `testedBy`, and the function of that name in the node's `methods.credentialTest`.
 */
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, ICredentialTestFunction, INodeType } from 'n8n-workflow';

import { WeComCallbackApi } from '../../credentials/WeComCallbackApi.credentials';
import { WeComTrigger } from '../../nodes/WeComTrigger/WeComTrigger.node';
import { randomAlphanumeric } from '../support/callbackCrypto';

const credentialType = new WeComCallbackApi();
const nodeTypes: INodeType[] = [new WeComTrigger()];

function credentialTestFunction(credentialName: string): ICredentialTestFunction | undefined {
	for (const nodeType of nodeTypes) {
		const entry = nodeType.description.credentials?.find((credential) => credential.name === credentialName);
		if (entry?.testedBy && typeof entry.testedBy === 'string') {
			return nodeType.methods?.credentialTest?.[entry.testedBy];
		}
	}
	return undefined;
}

async function runTest(data: ICredentialDataDecryptedObject) {
	const testFunction = credentialTestFunction(credentialType.name);
	if (!testFunction) throw new Error('no credential test found for weComCallbackApi');
	return await testFunction.call(new CredentialTestContext(), { id: 'c1', name: 'callbacks', type: credentialType.name, data });
}

const goodValues = () => ({ receiveId: 'ww0123456789abcdef', token: randomAlphanumeric(32), encodingAesSecretKey: randomAlphanumeric(43) });

test('the credential declares receive ID, Token and EncodingAESKey, the secrets as passwords', () => {
	const fields = Object.fromEntries(credentialType.properties.map((property) => [property.name, property]));
	expect(credentialType.name).toBe('weComCallbackApi');
	expect(Object.keys(fields)).toEqual(['receiveId', 'token', 'encodingAesSecretKey']);
	expect(fields.token.typeOptions?.password).toBe(true);
	expect(fields.encodingAesSecretKey.typeOptions?.password).toBe(true);
	expect(fields.receiveId.required).toBeFalsy();
	expect('test' in credentialType).toBe(false);
});

test('valid values pass, offline', async () => {
	expect(await runTest(goodValues())).toEqual({ status: 'OK', message: expect.stringContaining('right format') });
});

test('an empty receive ID passes with a note that it suits only AI bots', async () => {
	const result = await runTest({ ...goodValues(), receiveId: '' });
	expect(result.status).toBe('OK');
	expect(result.message).toContain('AI bot');
});

test.each([
	['a 42-character EncodingAESKey', { encodingAesSecretKey: 'A'.repeat(42) }, 'exactly 43 letters and digits; this one has 42 characters'],
	['an EncodingAESKey with symbols', { encodingAesSecretKey: `${'A'.repeat(42)}+` }, 'contains other characters'],
	['an empty EncodingAESKey', { encodingAesSecretKey: '' }, 'EncodingAESKey is empty'],
	['an empty Token', { token: '' }, 'Token is empty'],
	['a Token with symbols', { token: 'abc-def' }, 'Token must be 1 to 32 letters and digits'],
	['a Token over 32 characters', { token: 'a'.repeat(33) }, 'Token must be 1 to 32 letters and digits'],
	['a receive ID with a space', { receiveId: 'ww01 23' }, 'Receive ID must not contain spaces'],
])('%s fails and says what is wrong', async (_name, override, message) => {
	const result = await runTest({ ...goodValues(), ...override });
	expect(result.status).toBe('Error');
	expect(result.message).toContain(message);
});

test('several problems are reported together', async () => {
	const result = await runTest({ receiveId: '', token: '', encodingAesSecretKey: 'short' });
	expect(result.status).toBe('Error');
	expect(result.message).toContain('Token is empty.');
	expect(result.message).toContain('this one has 5 characters');
});
