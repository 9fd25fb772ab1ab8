import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { isValidEncodingAesKey } from '../shared/callbackCodec';

/*
 * The test of the weComCallbackApi credential, referenced from the trigger with `testedBy`.
 * n8n's declarative credential test (`test: ICredentialTestRequest`) can only send an HTTP
 * request, but nothing can be asked of WeCom about a Token or an EncodingAESKey: WeCom uses them
 * only to sign and encrypt what it sends. So this node-level test checks the values offline,
 * and says exactly which one is wrong.
 */

function text(data: ICredentialDataDecryptedObject | undefined, name: string): string {
	const value = data?.[name];
	return typeof value === 'string' ? value : '';
}

export function checkCallbackCredential(data: ICredentialDataDecryptedObject | undefined): string[] {
	const problems: string[] = [];
	const token = text(data, 'token').trim();
	const encodingAesKey = text(data, 'encodingAesSecretKey').trim();
	const receiveId = text(data, 'receiveId').trim();

	if (token === '') problems.push('Token is empty.');
	else if (!/^[A-Za-z0-9]{1,32}$/.test(token)) {
		problems.push('Token must be 1 to 32 letters and digits, as generated on the Receive Messages page.');
	}
	if (encodingAesKey === '') problems.push('EncodingAESKey is empty.');
	else if (!isValidEncodingAesKey(encodingAesKey)) {
		const otherCharacters = /[^A-Za-z0-9]/.test(encodingAesKey) ? ' and contains other characters' : '';
		problems.push(
			`EncodingAESKey must be exactly 43 letters and digits; this one has ${encodingAesKey.length} characters${otherCharacters}.`,
		);
	}
	if (/\s/.test(receiveId)) problems.push('Receive ID must not contain spaces.');
	return problems;
}

export async function weComCallbackApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problems = checkCallbackCredential(credential.data);
	if (problems.length > 0) return { status: 'Error', message: problems.join(' ') };
	const receiveIdNote =
		text(credential.data, 'receiveId').trim() === ''
			? ' Receive ID is empty, which is right only for an AI bot (智能机器人) callback.'
			: '';
	return {
		status: 'OK',
		message: `Token and EncodingAESKey have the right format.${receiveIdNote} WeCom checks them when you save the callback URL.`,
	};
}
