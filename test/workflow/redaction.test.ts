/**
 * Issue 11 §2: no secret is ever shown, whatever the server echoes. A matrix of answer shapes
 * (an errmsg, a 502 JSON body, an HTML error page, a header, a successful answer, gettoken's errmsg)
 * that repeat the secrets of the request, by value, × the secrets a call knows (access token, app
 * secret, group-bot key, callback Token and EncodingAESKey). Each assertion reads everything the
 * run kept: the whole error (message, description, context, errorResponse, cause, stack, every
 * non-enumerable field) and the saved run data, serialized.
 */
import { NodeApiError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { scrubError } from '../../nodes/shared/errors';
import { secretsOf } from '../../nodes/shared/transport';
import { SANDBOX_CORP } from '../../sandbox/server';
import { randomAlphanumeric } from '../support/callbackCrypto';
import type { RunResult } from '../support/engine';
import { SANDBOX_BOT_KEY, allStrings, useBotHarness } from '../support/groupBot';
import { API_CREDENTIAL_ID, byId, sendTextToLisi, useApiHarness } from '../support/weCom';

const USER_GET = '/cgi-bin/user/get';
const SEND = '/cgi-bin/message/send';
const getUser = { resource: 'user', operation: 'get', userId: byId('lisi') };
const sendText = sendTextToLisi();

/** Everything the run kept, as text: the error with all its fields, the run data, the items. */
function everythingKept(result: RunResult): string {
	const error = result.error;
	return [
		JSON.stringify(result.run),
		JSON.stringify(result.items),
		JSON.stringify(error ?? null),
		String(Reflect.get(Object(error), 'stack') ?? ''),
		...allStrings(error),
		...allStrings(result.items),
	].join('\n');
}

function expectNoneOf(secrets: string[], result: RunResult): void {
	const kept = everythingKept(result);
	for (const secret of secrets) {
		expect(secret.length).toBeGreaterThan(5);
		expect(kept).not.toContain(secret);
	}
}

describe('the WeCom node: access token and app secret', () => {
	const harness = useApiHarness({ forget: ['messages'] });
	const secrets = () => [String(harness.credentials.dataOf(API_CREDENTIAL_ID).accessToken), SANDBOX_CORP.appSecret];

	beforeEach(async () => {
		// A stored token, so the answers below can echo it.
		const warmUp = await harness.run(getUser);
		expect(warmUp.error).toBeUndefined();
	});

	test.each([
		['an errmsg echoing the token ("your token … is fine")', { path: USER_GET, errcode: 40058 }, getUser],
		['a 502 JSON body echoing it, on every try', { path: USER_GET, httpStatus: 502, bodyType: 'json' as const, times: 3 }, getUser],
		['an HTML error page echoing it, on every try', { path: USER_GET, httpStatus: 500, times: 3 }, getUser],
		['a lost answer of a send (502 JSON echo): the unknown-outcome error', { path: SEND, httpStatus: 502, bodyType: 'json' as const, afterHandling: true }, sendText],
	])('%s', async (_label, fault, parameters) => {
		harness.sandbox.inject({ ...fault, echoSecrets: true });
		const result = await harness.run(parameters);
		expect(result.error).toBeDefined();
		// The answer did carry the token: the sandbox echoed what it received.
		expect(harness.sandbox.requests.at(-1)?.query.access_token).toBe(secrets()[0]);
		expectNoneOf(secrets(), result);
	});

	test('the same with continueOnFail: the error items carry no secret', async () => {
		harness.sandbox.inject({ path: USER_GET, errcode: 40058, echoSecrets: true });
		const result = await harness.run(getUser, { onError: 'continueRegularOutput' });
		expect(result.items[0].json.error).toBeDefined();
		expectNoneOf(secrets(), result);
	});

	test('a successful answer that echoes the token: the output item does not', async () => {
		harness.sandbox.inject({ path: '/cgi-bin/agent/get', errcode: 0, echoSecrets: true });
		const result = await harness.run({
			resource: 'apiCall',
			operation: 'request',
			method: 'GET',
			path: '/cgi-bin/agent/get',
		});
		expect(result.error).toBeUndefined();
		expect(JSON.stringify(result.items[0].json)).toContain('you sent ***');
		expectNoneOf(secrets(), result);
	});

	test('gettoken’s errmsg echoing the corpsecret', async () => {
		// The stored token expires: the refresh asks gettoken, which answers with the echo.
		harness.sandbox.expireAllTokens();
		harness.sandbox.inject({ path: '/cgi-bin/gettoken', errcode: 40001, echoSecrets: true });
		const result = await harness.run(getUser);
		expect(result.error?.message).toContain('40001');
		expect(harness.sandbox.requestsTo('/cgi-bin/gettoken').at(-1)?.query.corpsecret).toBe(SANDBOX_CORP.appSecret);
		expectNoneOf([SANDBOX_CORP.appSecret], result);
	});
});

describe('the Group Bot: the webhook key', () => {
	const harness = useBotHarness();
	const post = { operation: 'send', messageType: 'text', content: 'hello' };

	test.each([
		['an errmsg echoing the key ("invalid webhook url <key>")', { errcode: 93000 }],
		['a 502 JSON body echoing it, after the post was recorded', { httpStatus: 502, bodyType: 'json' as const, afterHandling: true }],
		['an HTML page echoing it', { httpStatus: 503 }],
	])('%s: not in the message, context, errorResponse or run data', async (_label, fault) => {
		harness.sandbox.inject({ path: '/cgi-bin/webhook/send', ...fault, echoSecrets: true });
		const result = await harness.run(post);
		expect(result.error).toBeDefined();
		expect(harness.sandbox.requestsTo('/cgi-bin/webhook/send').at(-1)?.query.key).toBe(SANDBOX_BOT_KEY);
		expectNoneOf([SANDBOX_BOT_KEY], result);
	});
});

describe('every field of an error, for every secret a node’s credentials hold', () => {
	// Random per run: a callback Token may be as short as 3 characters.
	const appSecret = randomAlphanumeric(43);
	const accessToken = randomAlphanumeric(64);
	const botKey = randomAlphanumeric(36);
	const callbackToken = randomAlphanumeric(3);
	const aesKey = randomAlphanumeric(43);
	const credentialsByType: Record<string, ICredentialDataDecryptedObject> = {
		weComApi: { corpId: 'ww-not-secret', corpSecret: appSecret, accessToken },
		weComWebhookApi: { webhookSecretKey: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${botKey}` },
		weComCallbackApi: { token: callbackToken, encodingAesSecretKey: aesKey },
	};
	const node: INode = {
		id: 'n',
		name: 'WeCom',
		type: 'weCom',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: Object.fromEntries(Object.keys(credentialsByType).map((type) => [type, { id: type, name: type }])),
	};
	const context = {
		getNode: () => node,
		getCredentials: async (type: string) => credentialsByType[type],
	};
	const secretValues = [appSecret, accessToken, botKey, callbackToken, aesKey];

	test('secretsOf finds each one, and not the Corp ID', async () => {
		const secrets = await secretsOf(context as never);
		expect(secrets).toEqual(expect.arrayContaining(secretValues));
		expect(secrets).not.toContain('ww-not-secret');
	});

	test.each(secretValues.map((secret, index) => [['app secret', 'access token', 'bot key', 'callback Token (3 characters)', 'EncodingAESKey'][index], secret]))('the %s is removed from message, description, context, errorResponse, messages, cause and stack', async (_name, secret) => {
		const cause = new Error(`request to https://host/x?access_token=${secret} failed`);
		const error = new NodeApiError(node, { message: `echo ${secret}`, nested: { deeper: [secret, { [secret]: 1 }] } }, {
			message: `failed for ${secret}`,
			description: `see ${encodeURIComponent(secret)}`,
		});
		error.context.data = { echoed: secret };
		error.messages.push(`also ${secret}`);
		Object.defineProperty(error, 'cause', { value: cause, enumerable: false, configurable: true, writable: true });
		error.stack = `NodeApiError: failed for ${secret}\n    at somewhere`;

		scrubError(error, await secretsOf(context as never));

		const everything = [...allStrings(error), JSON.stringify(error), String(error.stack)].join('\n');
		expect(everything).not.toContain(secret);
		expect(error.message).toContain('***');
	});
});
