/**
 * Download Media: the trigger fetches the MediaId of media messages from the WeCom sandbox's
 * media/get, through the weComApi credential and the shared transport.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { WeComCallbackApi } from '../../credentials/WeComCallbackApi.credentials';
import { SANDBOX_CORP } from '../../sandbox/server';
import { buildCallback, messageXml } from '../../sandbox/callbacks';
import { storeMedia } from '../../sandbox/routes/media';
import { callbackCredentialData, randomAlphanumeric, randomApp } from '../support/callbackCrypto';
import { registerCredentialType } from '../support/engine';
import { API_CREDENTIAL_ID, startApiHarness } from '../support/weCom';
import type { ApiHarness } from '../support/weCom';
import { MEDIA_BUDGET_MS } from '../../nodes/WeComTrigger/media';
import { callTrigger } from '../support/webhook';
import type { TriggerSetup } from '../support/webhook';

registerCredentialType(new WeComCallbackApi());

const app = randomApp(SANDBOX_CORP.corpId);
let harness: ApiHarness;
let callbackCredentials: NonNullable<TriggerSetup['credentials']>;

beforeAll(async () => {
	harness = await startApiHarness();
	callbackCredentials = {
		weComCallbackApi: harness.credentials.add({ id: 'callback', name: 'WeCom callbacks', type: 'weComCallbackApi', data: callbackCredentialData(app) }),
	};
});
afterAll(async () => await harness.close());

let triggerCounter = 0;
function trigger(parameters: TriggerSetup['parameters'], withApiCredential = true): TriggerSetup {
	triggerCounter++;
	return {
		parameters,
		credentials: withApiCredential ? { ...callbackCredentials, weComApi: { id: API_CREDENTIAL_ID, name: 'WeCom sandbox' } } : callbackCredentials,
		credentialsHelper: harness.credentials,
		workflowId: `media-wf-${triggerCounter}`,
		nodeId: `media-node-${triggerCounter}`,
	};
}

function mediaMessage(msgType: string, mediaId: string, extra: Record<string, string> = {}): string {
	return messageXml({
		ToUserName: SANDBOX_CORP.corpId,
		FromUserName: 'zhangsan',
		CreateTime: Math.floor(Date.now() / 1000),
		MsgType: msgType,
		MediaId: mediaId,
		MsgId: `${Date.now()}${randomAlphanumeric(4).replace(/\D/g, '1')}`,
		AgentID: SANDBOX_CORP.agentId,
		...extra,
	});
}

async function post(setup: TriggerSetup, plaintext: string) {
	const request = buildCallback(app, plaintext);
	return await callTrigger(setup, { method: 'POST', query: { ...request.query }, body: request.body, contentType: request.contentType });
}

const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('sandbox jpeg bytes'), 0xff, 0xd9]);

test('an image message arrives with its file in the binary property', async () => {
	const mediaId = storeMedia(harness.sandbox, { type: 'image', fileName: 'photo.jpg', contentType: 'image/jpeg', content: photo });
	const before = harness.sandbox.countOf('/cgi-bin/media/get');
	const call = await post(trigger({ downloadMedia: true, options: { binaryPropertyName: 'picture' } }), mediaMessage('image', mediaId, { PicUrl: 'https://example.com/p.jpg' }));
	expect(call.started).toBe(true);
	expect(call.status).toBe(200);
	expect(call.items[0]).toMatchObject({ MsgType: 'image', MediaId: mediaId });
	const binary = call.binaries[0]?.picture;
	expect(binary).toMatchObject({ mimeType: 'image/jpeg', fileName: 'photo.jpg' });
	expect(Buffer.from(binary?.data ?? '', 'base64').equals(photo)).toBe(true);
	expect(harness.sandbox.countOf('/cgi-bin/media/get')).toBe(before + 1);
	expect(harness.sandbox.requestsTo('/cgi-bin/media/get').at(-1)?.query.media_id).toBe(mediaId);
});

test('a voice message: AMR file in the default binary property "data"', async () => {
	const voice = Buffer.from('#!AMR\n sandbox voice');
	const mediaId = storeMedia(harness.sandbox, { type: 'voice', fileName: 'voice.amr', contentType: 'voice/amr', content: voice });
	const call = await post(trigger({ downloadMedia: true }), mediaMessage('voice', mediaId, { Format: 'amr' }));
	expect(call.binaries[0]?.data).toMatchObject({ mimeType: 'voice/amr', fileName: 'voice.amr' });
	expect(Buffer.from(call.binaries[0]?.data?.data ?? '', 'base64').equals(voice)).toBe(true);
});

test('an expired access token is refreshed and the download replayed', async () => {
	const mediaId = storeMedia(harness.sandbox, { type: 'video', fileName: 'clip.mp4', contentType: 'video/mp4', content: Buffer.from('mp4 bytes') });
	await post(trigger({ downloadMedia: true }), mediaMessage('video', storeMedia(harness.sandbox, { type: 'video', fileName: 'warm.mp4', contentType: 'video/mp4', content: Buffer.from('warm') })));
	const tokensBefore = harness.sandbox.countOf('/cgi-bin/gettoken');
	harness.sandbox.expireAllTokens();
	const call = await post(trigger({ downloadMedia: true }), mediaMessage('video', mediaId, { ThumbMediaId: 'thumb' }));
	expect(call.binaries[0]?.data).toMatchObject({ mimeType: 'video/mp4', fileName: 'clip.mp4' });
	expect(harness.sandbox.countOf('/cgi-bin/gettoken')).toBe(tokensBefore + 1);
});

test('an unknown media_id (HTTP 200 with errcode 40007) fails the run; WeCom’s retry is let through again', async () => {
	const setup = trigger({ downloadMedia: true });
	const plaintext = mediaMessage('image', 'no-such-media');
	const error = await post(setup, plaintext).then(
		() => undefined,
		(rejection: unknown) => rejection,
	);
	expect(error).toBeInstanceOf(NodeApiError);
	if (!(error instanceof NodeApiError)) return;
	expect(error.message).toContain('40007');
	const accessToken = String(harness.credentials.dataOf(API_CREDENTIAL_ID).accessToken);
	expect(accessToken).not.toBe('');
	expect(JSON.stringify({ message: error.message, description: error.description, context: error.context })).not.toContain(accessToken);
	// Not acknowledged as a duplicate: the retry is handled afresh (and fails the same way).
	await expect(post(setup, plaintext)).rejects.toThrow(/40007/);
});

test(`a media/get slower than the trigger's ${MEDIA_BUDGET_MS / 1000} s budget is abandoned: no 200, and WeCom's re-send is let through`, async () => {
	const mediaId = storeMedia(harness.sandbox, { type: 'image', fileName: 'slow.png', contentType: 'image/png', content: Buffer.from('png') });
	const setup = trigger({ downloadMedia: true });
	const plaintext = mediaMessage('image', mediaId);
	// warm the token first, so only media/get is slow
	await post(trigger({ downloadMedia: true }), mediaMessage('image', mediaId));
	harness.sandbox.inject({ path: '/cgi-bin/media/get', delayMs: MEDIA_BUDGET_MS + 2000 });
	const started = Date.now();
	await expect(post(setup, plaintext)).rejects.toThrow(`WeCom's media/get did not answer within ${MEDIA_BUDGET_MS / 1000} s`);
	expect(Date.now() - started).toBeLessThan(MEDIA_BUDGET_MS + 1000);
	const resent = await post(setup, plaintext);
	expect(resent.started).toBe(true);
	expect(resent.binaries[0]?.data).toMatchObject({ mimeType: 'image/png', fileName: 'slow.png' });
});

test('Download Media without a WeCom API credential fails with a clear message', async () => {
	const mediaId = storeMedia(harness.sandbox, { type: 'image', fileName: 'a.png', contentType: 'image/png', content: Buffer.from('png') });
	const call = post(trigger({ downloadMedia: true }, false), mediaMessage('image', mediaId));
	await expect(call).rejects.toThrow(NodeOperationError);
	await expect(call).rejects.toThrow('Download Media is on, but no WeCom API credential is selected');
});

test('no download when the option is off, or for messages without media', async () => {
	const before = harness.sandbox.countOf('/cgi-bin/media/get');
	const mediaId = storeMedia(harness.sandbox, { type: 'image', fileName: 'b.png', contentType: 'image/png', content: Buffer.from('png') });
	const off = await post(trigger({ downloadMedia: false }), mediaMessage('image', mediaId));
	expect(off.started).toBe(true);
	expect(off.binaries[0]).toBeUndefined();
	const text = await post(trigger({ downloadMedia: true }, false), mediaMessage('text', '').replace('<MediaId><![CDATA[]]></MediaId>', '<Content>hi</Content>'));
	expect(text.started).toBe(true);
	expect(harness.sandbox.countOf('/cgi-bin/media/get')).toBe(before);
});
