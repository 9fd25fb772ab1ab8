/**
 * The weComAiBotApi credential and its test, found the way n8n's CredentialsTester finds it: the
 * node that lists the credential with `testedBy`, and that function in `methods.credentialTest`.
 */
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { WeComAiBotApi } from '../../credentials/WeComAiBotApi.credentials';
import { claimBot, releaseBot } from '../../nodes/shared/aiBot/registry';
import { WeComAiBotTrigger } from '../../nodes/WeComAiBotTrigger/WeComAiBotTrigger.node';
import { WeComAiBot } from '../../nodes/WeComAiBot/WeComAiBot.node';
import type { AiBotSandboxHandle } from '../support/aiBot';
import { SANDBOX_AI_BOT, startAiBotSandbox, testConnection } from '../support/aiBot';

let sandbox: AiBotSandboxHandle;

beforeEach(async () => {
	sandbox = await startAiBotSandbox();
});

afterEach(async () => await sandbox.close());

async function runTest(data: ICredentialDataDecryptedObject) {
	for (const node of [new WeComAiBotTrigger(), new WeComAiBot()]) {
		const entry = node.description.credentials?.find((credential) => credential.name === 'weComAiBotApi');
		expect(entry?.testedBy).toBe('weComAiBotApiTest');
	}
	const testFunction = new WeComAiBotTrigger().methods.credentialTest.weComAiBotApiTest;
	return await testFunction.call(new CredentialTestContext(), { id: 'c1', name: 'AI bot', type: 'weComAiBotApi', data });
}

test('the credential holds Bot ID, Secret (a password) and the WebSocket URL', () => {
	const credential = new WeComAiBotApi();
	const fields = Object.fromEntries(credential.properties.map((property) => [property.name, property]));
	expect(credential.name).toBe('weComAiBotApi');
	expect(fields.secret.typeOptions?.password).toBe(true);
	expect(fields.url.default).toBe('wss://openws.work.weixin.qq.com');
});

test('the test subscribes and disconnects with good values, and names the problem with a wrong secret', async () => {
	const good = await runTest({ botId: SANDBOX_AI_BOT.botId, secret: SANDBOX_AI_BOT.secret, url: sandbox.wsUrl });
	expect(good).toEqual({ status: 'OK', message: expect.stringContaining('subscribed') });
	expect(sandbox.aiBot.subscribes).toBe(1);
	await sandbox.aiBot.until(() => sandbox.aiBot.live === undefined);

	const bad = await runTest({ botId: SANDBOX_AI_BOT.botId, secret: 'not-the-secret', url: sandbox.wsUrl });
	expect(bad.status).toBe('Error');
	expect(bad.message).toContain('refused the Bot ID or Secret');
	expect(bad.message).not.toContain('not-the-secret');

	const unreachable = await runTest({ botId: SANDBOX_AI_BOT.botId, secret: SANDBOX_AI_BOT.secret, url: 'ws://127.0.0.1:9/aibot/ws' });
	expect(unreachable).toMatchObject({ status: 'Error', message: expect.stringContaining('Could not reach') });
	expect(await runTest({ botId: '', secret: '' })).toMatchObject({ status: 'Error' });
});

test('the test does not kick a listener of this n8n that holds the bot', async () => {
	const listener = testConnection(sandbox);
	const holder = claimBot(SANDBOX_AI_BOT.botId, 'the published workflow "echo"', listener);
	await listener.open();
	const result = await runTest({ botId: SANDBOX_AI_BOT.botId, secret: SANDBOX_AI_BOT.secret, url: sandbox.wsUrl });
	expect(result).toEqual({ status: 'OK', message: expect.stringContaining('did not connect again') });
	expect(sandbox.aiBot.subscribes).toBe(1);
	expect(listener.isOpen).toBe(true);
	listener.stop();
	releaseBot(holder);
});
