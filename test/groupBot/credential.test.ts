/**
 * The weComWebhookApi credential: key or whole webhook URL, the key sent by n8n as `?key=`, and a
 * credential test that tells a good key from a bad one without posting to the group.
 */
import type { ICredentialsDecrypted } from 'n8n-workflow';

import { WeComWebhookApi } from '../../credentials/WeComWebhookApi.credentials';
import { webhookKeyOf } from '../../nodes/shared/webhookKey';
import { testCredential } from '../support/credentialTest';
import { UNKNOWN_BOT_ID, SANDBOX_BOT_KEY, SANDBOX_OTHER_BOT_KEY, useBotHarness } from '../support/groupBot';

const credentialType = new WeComWebhookApi();

const harness = useBotHarness();

function decrypted(webhookSecretKey: string): ICredentialsDecrypted {
	return {
		id: 'cred-under-test',
		name: 'Bot under test',
		type: credentialType.name,
		data: { webhookSecretKey, baseUrl: harness.sandbox.url },
	};
}

async function probe(webhookSecretKey: string) {
	return await testCredential(credentialType, harness.credentials, decrypted(webhookSecretKey));
}

function postedAnywhere(): number {
	return [SANDBOX_BOT_KEY, SANDBOX_OTHER_BOT_KEY].reduce((count, key) => count + harness.bots.inbox(key).length, 0);
}

test('the key field is a password field; n8n adds the key to the query string', () => {
	const field = credentialType.properties.find((property) => property.name === 'webhookSecretKey');
	expect(field?.typeOptions?.password).toBe(true);
	expect(credentialType.authenticate).toEqual({
		type: 'generic',
		properties: { qs: { key: expect.stringContaining('$credentials.webhookSecretKey') } },
	});
});

test.each([
	['the bare key', SANDBOX_BOT_KEY],
	['the key with spaces around it', `  ${SANDBOX_BOT_KEY}\n`],
	['the whole webhook URL', `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${SANDBOX_BOT_KEY}`],
	['a URL with more parameters', `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?debug=1&key=${SANDBOX_BOT_KEY}&x=y`],
])('a good key passes the test without posting: %s', async (_label, value) => {
	expect(await probe(value)).toEqual({ status: 'OK', message: 'Connection successful!' });
	expect(postedAnywhere()).toBe(0);
	const [request] = harness.sandbox.requestsTo('/cgi-bin/webhook/send');
	expect(request.query).toEqual({ key: SANDBOX_BOT_KEY });
	expect(request.body).toEqual({ msgtype: 'n8n_credential_check' });
});

test('the probe is answered 40008 for a known key: refused for its content, not its key', async () => {
	await probe(SANDBOX_BOT_KEY);
	const response = await fetch(`${harness.sandbox.url}/cgi-bin/webhook/send?key=${SANDBOX_BOT_KEY}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(credentialType.test?.request.body),
	});
	const answer: unknown = await response.json();
	expect(answer).toMatchObject({ errcode: 40008 });
	expect(postedAnywhere()).toBe(0);
});

test.each([
	['an unknown key', UNKNOWN_BOT_ID],
	['a URL with an unknown key', `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${UNKNOWN_BOT_ID}`],
	['a URL without a key', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send'],
])('a bad key fails the test with what to do: %s', async (_label, value) => {
	const result = await probe(value);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/^WeCom does not know this webhook key \(93000 invalid webhook url\)\. Copy the webhook URL again/);
	expect(result.message).not.toContain(UNKNOWN_BOT_ID);
	expect(postedAnywhere()).toBe(0);
});

test('a bot that is rate-limited right now still passes: 45009 means WeCom knows the key', async () => {
	harness.bots.configure({ rateLimit: 1 });
	const sent = await harness.run({ operation: 'send', messageType: 'text', content: 'the one message' });
	expect(sent.error).toBeUndefined();
	expect((await probe(SANDBOX_BOT_KEY)).status).toBe('OK');
	expect(harness.bots.inbox(SANDBOX_BOT_KEY)).toHaveLength(1);
});

test('webhookKeyOf reads the same key as the credential expression', () => {
	expect(webhookKeyOf(`https://example.com/cgi-bin/webhook/send?key=${SANDBOX_BOT_KEY}#top`)).toBe(SANDBOX_BOT_KEY);
	expect(webhookKeyOf(` ${SANDBOX_BOT_KEY} `)).toBe(SANDBOX_BOT_KEY);
	expect(webhookKeyOf(undefined)).toBe('');
});
