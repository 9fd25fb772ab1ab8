/**
 * The WeCom Trigger's webhook() run through n8n-core's WebhookContext, as n8n's webhook server
 * calls it, with requests built by the sandbox's own implementation of WeCom's crypto.
 */
import { resolveWebhookDescriptionField, sleep } from 'n8n-workflow';

import { WeComCallbackApi } from '../../credentials/WeComCallbackApi.credentials';
import { FORCED_READ_INTERVAL_MS } from '../../nodes/WeComTrigger/callbackSecrets';
import { RESEND_WAIT_MS } from '../../nodes/WeComTrigger/handleWebhook';
import { WeComTrigger } from '../../nodes/WeComTrigger/WeComTrigger.node';
import { MAX_CALLBACK_BYTES, encryptMessage, parseCallbackXml } from '../../nodes/shared/callbackCodec';
import { buildCallback, buildUrlCheck, messageXml, openPassiveReply, sign } from '../../sandbox/callbacks';
import {
	callbackCredentialData,
	layout,
	padTo32,
	randomAlphanumeric,
	randomApp,
	rawEncrypt,
} from '../support/callbackCrypto';
import type { TestApp } from '../support/callbackCrypto';
import { TestCredentialsHelper, registerCredentialType } from '../support/engine';
import { callTrigger } from '../support/webhook';
import type { TriggerSetup, WebhookCall } from '../support/webhook';
// WeCom's official WXBizMsgCrypt samples (wecom-api.md §9; source named in the fixture).
import vectors from '../fixtures/wecom-official-vectors.json';

registerCredentialType(new WeComCallbackApi());

const CORP_ID = 'wwtrigger00000001';
const app = randomApp(CORP_ID);
const credentialsHelper = new TestCredentialsHelper();

function addCredential(values: TestApp): NonNullable<TriggerSetup['credentials']> {
	const id = `callback-${randomAlphanumeric(8)}`;
	const reference = credentialsHelper.add({ id, name: 'WeCom callbacks', type: 'weComCallbackApi', data: callbackCredentialData(values) });
	return { weComCallbackApi: reference };
}

const appCredentials = addCredential(app);

let triggerCounter = 0;

/** A fresh trigger (its own workflow and node ID, so its own deduplication state). */
function trigger(parameters: TriggerSetup['parameters'] = {}, credentials = appCredentials): TriggerSetup {
	triggerCounter++;
	return { parameters, credentials, credentialsHelper, workflowId: `wf-${triggerCounter}`, nodeId: `node-${triggerCounter}` };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
let msgIdCounter = 7_000_000_000_000_000_000n;

function textMessage(content = 'hello', extra: Record<string, string | number> = {}): string {
	msgIdCounter += 1n;
	return messageXml({
		ToUserName: CORP_ID,
		FromUserName: 'zhangsan',
		CreateTime: nowSeconds(),
		MsgType: 'text',
		Content: content,
		MsgId: msgIdCounter.toString(),
		AgentID: 1000002,
		...extra,
	});
}

function eventMessage(event: string, fields: Record<string, string | number> = {}, from = 'zhangsan'): string {
	return messageXml({ ToUserName: CORP_ID, FromUserName: from, CreateTime: nowSeconds(), MsgType: 'event', Event: event, AgentID: 1000002, ...fields });
}

type CallbackOptions = NonNullable<Parameters<typeof buildCallback>[2]>;

async function post(setup: TriggerSetup, plaintext: string, options: CallbackOptions & { bodyAlreadyRead?: boolean } = {}, signer: TestApp = app): Promise<WebhookCall> {
	const request = buildCallback(signer, plaintext, options);
	return await callTrigger(setup, {
		method: 'POST',
		query: { ...request.query },
		body: request.body,
		contentType: request.contentType,
		bodyAlreadyRead: options.bodyAlreadyRead,
	});
}

async function postRaw(setup: TriggerSetup, query: Record<string, string>, body: string | Buffer): Promise<WebhookCall> {
	return await callTrigger(setup, { method: 'POST', query, body, contentType: 'text/xml' });
}

function envelope(encrypted: string): string {
	return `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`;
}

/** A POST whose Encrypt is exactly `encrypted`, correctly signed with the app's token. */
async function postEncrypted(setup: TriggerSetup, encrypted: string, timestamp = String(nowSeconds())): Promise<WebhookCall> {
	const nonce = '1234567';
	return await postRaw(setup, { msg_signature: sign(app.token, timestamp, nonce, encrypted), timestamp, nonce }, envelope(encrypted));
}

function expectRefused(call: WebhookCall, status: number): void {
	expect(call.started).toBe(false);
	expect(call.status).toBe(status);
	expect(call.result.noWebhookResponse).toBe(true);
	// A standard reason phrase and nothing else: no hint of what was wrong.
	expect(call.text).toBe({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 413: 'Payload Too Large' }[status]);
}

function expectAcknowledgedWithoutRun(call: WebhookCall): void {
	expect(call.started).toBe(false);
	expect(call.status).toBe(200);
	expect(call.text).toBe('');
}

describe('GET: WeCom’s URL check', () => {
	test('answers the decrypted echostr alone, as text/plain, and starts nothing', async () => {
		const { query, expected } = buildUrlCheck(app);
		const call = await callTrigger(trigger(), { method: 'GET', query: { ...query } });
		expect(call.status).toBe(200);
		expect(call.text).toBe(expected);
		expect(call.response.getHeader('content-type')).toBe('text/plain; charset=utf-8');
		expect(call.started).toBe(false);
		expect(call.result).toEqual({ noWebhookResponse: true });
	});

	test.each([
		['set A', vectors.setA],
		['set B', vectors.setB],
	])('official sample vector, %s', async (_name, set) => {
		const credentials = addCredential({ token: set.token, encodingAesKey: set.encodingAesKey, receiveId: set.corpId });
		const { msgSignature, timestamp, nonce, echostr, plaintext } = set.verifyUrl;
		const call = await callTrigger(trigger({}, credentials), {
			method: 'GET',
			query: { msg_signature: msgSignature, timestamp, nonce, echostr },
		});
		expect(call.status).toBe(200);
		expect(call.text).toBe(plaintext);
	});

	test('an echostr whose + and / reach n8n unencoded still verifies ("+" is not a space)', async () => {
		let check = buildUrlCheck(app);
		for (let tries = 0; !check.query.echostr.includes('+') && tries < 200; tries++) check = buildUrlCheck(app);
		const { query, expected } = check;
		expect(query.echostr).toContain('+');
		const rawUrl = `/webhook/wecom-webhook-id/callback?msg_signature=${query.msg_signature}&timestamp=${query.timestamp}&nonce=${query.nonce}&echostr=${query.echostr}`;
		const call = await callTrigger(trigger(), { method: 'GET', query: { ...query }, rawUrl });
		expect(call.text).toBe(expected);
	});

	test('a wrong signature gets 401', async () => {
		const { query } = buildUrlCheck(app);
		const call = await callTrigger(trigger(), { method: 'GET', query: { ...query, msg_signature: sign('forged', query.timestamp, query.nonce, query.echostr) } });
		expectRefused(call, 401);
	});

	test.each(['msg_signature', 'timestamp', 'nonce', 'echostr'])('a missing %s gets 401', async (name) => {
		const { query } = buildUrlCheck(app);
		const partial: Record<string, string> = { ...query };
		delete partial[name];
		expectRefused(await callTrigger(trigger(), { method: 'GET', query: partial }), 401);
	});

	test('an echostr encrypted for another receive ID gets 403', async () => {
		const { query } = buildUrlCheck({ ...app, receiveId: 'wwsomeoneelse' });
		expectRefused(await callTrigger(trigger(), { method: 'GET', query: { ...query } }), 403);
	});

	test('a signed echostr that is not base64 gets 400', async () => {
		const echostr = 'not*base64';
		const call = await callTrigger(trigger(), { method: 'GET', query: { msg_signature: sign(app.token, '1', '2', echostr), timestamp: '1', nonce: '2', echostr } });
		expectRefused(call, 400);
	});
});

describe('POST: messages and events', () => {
	test('a text message starts one execution with WeCom’s field names; 200 with an empty body', async () => {
		const plaintext = textMessage('你好 <n8n> & ]]> friends');
		const call = await post(trigger(), plaintext);
		expect(call.status).toBe(200);
		expect(call.text).toBe('');
		expect(call.started).toBe(true);
		// n8n sends the answer, after it has created the execution
		expect(call.result.noWebhookResponse).toBeUndefined();
		expect(call.result.webhookResponse).toBe('');
		expect(call.responseMode).toBe('onReceived');
		// WeCom's fields as sent, plus the key every delivery of this callback shares
		expect(call.items).toEqual([{ ...parseCallbackXml(plaintext), dedupKey: `msg:${msgIdCounter.toString()}` }]);
		expect(call.items[0]).toMatchObject({ MsgType: 'text', Content: '你好 <n8n> & ]]> friends', FromUserName: 'zhangsan', AgentID: '1000002' });
		expect(call.items[0].MsgId).toBe(msgIdCounter.toString());
	});

	test('the body is read with readRawBody() when n8n has not read it', async () => {
		const call = await post(trigger(), textMessage('late body'), { bodyAlreadyRead: false });
		expect(call.started).toBe(true);
		expect(call.items[0].Content).toBe('late body');
	});

	test('a workflow saved with version 1 of the trigger runs as version 2 does', async () => {
		const plaintext = textMessage('saved before version 2');
		const [version1, version2] = [await post({ ...trigger(), typeVersion: 1 }, plaintext), await post({ ...trigger(), typeVersion: 2 }, plaintext)];
		expect(new WeComTrigger().description.version).toEqual([1, 2]);
		for (const call of [version1, version2]) {
			expect(call.status).toBe(200);
			expect(call.started).toBe(true);
		}
		expect(version1.items).toEqual(version2.items);
		expect(version1.items[0].Content).toBe('saved before version 2');
	});

	test.each([
		['set A', vectors.setA, 'ChenJiaShun', '你好'],
		['set B', vectors.setB, 'mycreate', 'hello'],
	])('official sample vector %s (timestamp check off, the sample is from 2014-16)', async (_name, set, from, content) => {
		const credentials = addCredential({ token: set.token, encodingAesKey: set.encodingAesKey, receiveId: set.corpId });
		const { msgSignature, timestamp, nonce, body } = set.decryptXml;
		const query = { msg_signature: msgSignature, timestamp, nonce };
		const accepted = await postRaw(trigger({ options: { timestampTolerance: 0 } }, credentials), query, body);
		expect(accepted.started).toBe(true);
		expect(accepted.items[0]).toMatchObject({ FromUserName: from, Content: content, CreateTime: timestamp, MsgType: 'text' });
		const refused = await postRaw(trigger({}, credentials), query, body);
		expectRefused(refused, 403);
	});

	test('nested elements stay nested (template_card_event SelectedItems)', async () => {
		const plaintext = eventMessage('template_card_event', {
			EventKey: 'approve',
			TaskId: 'task-1',
			CardType: 'vote_interaction',
			ResponseCode: 'rc-1',
		}).replace(
			'</xml>',
			'<SelectedItems><SelectedItem><QuestionKey><![CDATA[q1]]></QuestionKey><OptionIds><OptionId><![CDATA[yes]]></OptionId></OptionIds></SelectedItem></SelectedItems></xml>',
		);
		const call = await post(trigger({ events: ['template_card_event'] }), plaintext);
		expect(call.items[0].SelectedItems).toEqual({ SelectedItem: [{ QuestionKey: 'q1', OptionIds: { OptionId: ['yes'] } }] });
	});

	test('Include Raw XML adds the decrypted message as received', async () => {
		const plaintext = textMessage('raw');
		const call = await post(trigger({ options: { includeRawXml: true } }), plaintext);
		expect(call.items[0].rawXml).toBe(plaintext);
	});

	test('an AI bot callback: JSON envelope, JSON message, empty receive ID', async () => {
		const bot = randomApp('');
		const credentials = addCredential(bot);
		const message = JSON.stringify({ msgid: 'bot-msg-1', aibotid: 'aib1', chattype: 'single', from: { userid: 'lisi' }, msgtype: 'text', text: { content: 'hi bot' } });
		const call = await post(trigger({}, credentials), message, { format: 'json' }, bot);
		expect(call.started).toBe(true);
		expect(call.items[0]).toEqual({ ...JSON.parse(message), dedupKey: expect.stringMatching(/^msg:/) });
	});

	test('an AI bot callback with a raw line feed and ESC inside a string starts the workflow with them kept', async () => {
		const bot = randomApp('');
		const credentials = addCredential(bot);
		const message = '{"msgid":"bot-msg-2","msgtype":"text","text":{"content":"first line\nsecond \u001b[1mbold"}}';
		const call = await post(trigger({}, credentials), message, { format: 'json' }, bot);
		expect(call.started).toBe(true);
		expect(call.items[0]).toEqual({ msgid: 'bot-msg-2', msgtype: 'text', text: { content: 'first line\nsecond \u001b[1mbold' }, dedupKey: 'msg:bot-msg-2' });
	});
});

describe('filters', () => {
	test('an event that is not selected is acknowledged and starts nothing', async () => {
		const setup = trigger({ events: ['subscribe'] });
		expectAcknowledgedWithoutRun(await post(setup, eventMessage('click', { EventKey: 'menu-1' })));
		expect((await post(setup, eventMessage('subscribe', { EventKey: '' }))).started).toBe(true);
	});

	test('a message type that is not selected is acknowledged and starts nothing', async () => {
		const setup = trigger({ events: ['message.image'] });
		expectAcknowledgedWithoutRun(await post(setup, textMessage('filtered')));
	});

	test('Contact Changed is filtered by ChangeType', async () => {
		const setup = trigger({ events: ['change_contact'], changeTypes: ['create_user'] });
		const created = await post(setup, eventMessage('change_contact', { ChangeType: 'create_user', UserID: 'newhire' }, 'sys'));
		expect(created.started).toBe(true);
		expect(created.items[0]).toMatchObject({ ChangeType: 'create_user', UserID: 'newhire' });
		expectAcknowledgedWithoutRun(await post(setup, eventMessage('change_contact', { ChangeType: 'delete_user', UserID: 'leaver' }, 'sys')));
	});

	test('callbacks not in the list follow "Any Callback Not Listed Here"', async () => {
		const unknown = eventMessage('some_future_event', { Detail: 'x' });
		expect((await post(trigger({ events: ['unlisted'] }), unknown)).started).toBe(true);
		expectAcknowledgedWithoutRun(await post(trigger({ events: ['message', 'change_contact'] }), unknown));
		expectAcknowledgedWithoutRun(await post(trigger({ events: ['message.text'] }), textMessage('x', { MsgType: 'file' })));
		expect((await post(trigger({ events: ['message'] }), textMessage('x', { MsgType: 'file' }))).started).toBe(true);
	});
});

describe('retries and replays', () => {
	test('WeCom’s three tries of one message start one execution', async () => {
		const setup = trigger();
		const plaintext = textMessage('retried');
		// Each try is encrypted and signed afresh, as WeCom does.
		const calls = [await post(setup, plaintext), await post(setup, plaintext), await post(setup, plaintext)];
		expect(calls.map((call) => call.started)).toEqual([true, false, false]);
		for (const call of calls.slice(1)) expectAcknowledgedWithoutRun(call);
	});

	test('event retries start once; two different events of one sender in the same second both start', async () => {
		const setup = trigger({ events: ['change_contact'] });
		const first = eventMessage('change_contact', { ChangeType: 'create_user', UserID: 'a' }, 'sys');
		const second = eventMessage('change_contact', { ChangeType: 'create_user', UserID: 'b' }, 'sys');
		expect((await post(setup, first)).started).toBe(true);
		expect((await post(setup, first)).started).toBe(false);
		expect((await post(setup, second)).started).toBe(true);
	});

	test('another trigger node sees the same message fresh', async () => {
		const plaintext = textMessage('two workflows');
		expect((await post(trigger(), plaintext)).started).toBe(true);
		expect((await post(trigger(), plaintext)).started).toBe(true);
	});
});

describe('the 200 is sent by n8n, once it holds the run', () => {
	test('responseMode resolves without n8n’s expression engine for static parameters, and to the same value with expressions', () => {
		const webhook = new WeComTrigger().description.webhooks?.find((description) => description.name === 'default');
		if (!webhook) throw new Error('no POST webhook');
		expect(webhook.responseData).toBe('');
		for (const respond of ['immediately', 'passiveReply', 'responseNode']) {
			const expected = respond === 'responseNode' ? 'responseNode' : 'onReceived';
			expect(resolveWebhookDescriptionField({ parameters: { respond } }, webhook, 'responseMode')).toEqual({ resolved: true, value: expected });
			// an expression anywhere in the node's parameters makes n8n evaluate the template instead
			expect(resolveWebhookDescriptionField({ parameters: { respond, replyText: '={{ $json.Content }}' } }, webhook, 'responseMode')).toEqual({ resolved: false });
		}
	});

	test('a run n8n could not register gets n8n’s error, is not remembered, and WeCom’s re-send starts it', async () => {
		const setup = trigger();
		const plaintext = textMessage('not registered');
		const failed = await post({ ...setup, registerRun: async () => await Promise.reject(new Error('Database is not ready!')) }, plaintext);
		expect(failed.started).toBe(true);
		expect(failed.status).toBe(500);
		const resent = await post(setup, plaintext);
		expect(resent.started).toBe(true);
		expect(resent.status).toBe(200);
		expectAcknowledgedWithoutRun(await post(setup, plaintext));
	});

	test('a re-send while the first delivery is in flight is not answered 200 before the first is held', async () => {
		const setup = { ...trigger(), holdAnswer: true };
		const plaintext = textMessage('in flight');
		const first = await post(setup, plaintext);
		expect(first.started).toBe(true);
		let resentStatus: number | undefined;
		const resent = post(setup, plaintext).then((call) => {
			resentStatus = call.status;
			return call;
		});
		await sleep(0);
		expect(resentStatus).toBeUndefined();
		await first.answer();
		expect(first.status).toBe(200);
		expectAcknowledgedWithoutRun(await resent);
	});

	test('a re-send takes over when the first delivery’s run could not be registered', async () => {
		const base = trigger();
		let failFirst: (error: Error) => void = () => undefined;
		const firstRegistration = new Promise<void>((_resolve, reject) => (failFirst = reject));
		const plaintext = textMessage('taken over');
		const first = await post({ ...base, holdAnswer: true, registerRun: async () => await firstRegistration }, plaintext);
		const resent = post(base, plaintext);
		failFirst(new Error('Database is not ready!'));
		await first.answer();
		expect(first.status).toBe(500);
		const taken = await resent;
		expect(taken.started).toBe(true);
		expect(taken.status).toBe(200);
	});

	test(`a re-send gets 503 (WeCom sends it again) when the first delivery is still not held after ${RESEND_WAIT_MS / 1000} s`, async () => {
		const setup = { ...trigger(), holdAnswer: true };
		const plaintext = textMessage('slow');
		const first = await post(setup, plaintext);
		const resent = await post({ ...setup, holdAnswer: false }, plaintext);
		expect(resent.started).toBe(false);
		expect(resent.status).toBe(503);
		await first.answer();
		expectAcknowledgedWithoutRun(await post(setup, plaintext));
	});

	test('WeCom hung up before n8n answered: the answer n8n writes afterwards still decides', async () => {
		const setup = { ...trigger(), holdAnswer: true };
		const plaintext = textMessage('late');
		const first = await post(setup, plaintext);
		first.response.hangUp();
		await first.answer();
		// the late 200 is seen within one look (250 ms)
		await sleep(400);
		expectAcknowledgedWithoutRun(await post({ ...setup, holdAnswer: false }, plaintext));
	});
});

describe('the callback credential is read once per few seconds, not per callback', () => {
	/** A trigger with a credential of its own, and the number of times it was read so far. */
	function countingReads() {
		const secrets = randomApp(CORP_ID);
		const credentials = addCredential(secrets);
		const counter = { reads: 0 };
		credentialsHelper.readLatency = () => {
			counter.reads++;
			return 0;
		};
		return { secrets, credentials, setup: trigger({}, credentials), counter };
	}

	afterEach(() => (credentialsHelper.readLatency = () => 0));

	test('a burst of callbacks reads it once; a changed Token is used at once', async () => {
		const { secrets, credentials, setup, counter } = countingReads();
		const calls = await Promise.all(Array.from({ length: 20 }, async () => await post(setup, textMessage('burst'), {}, secrets)));
		expect(calls.every((call) => call.started && call.status === 200)).toBe(true);
		expect(counter.reads).toBe(1);

		// The user saves a new Token in WeCom and in n8n: WeCom signs with it from then on.
		const rotated = { ...secrets, token: randomAlphanumeric(32) };
		credentialsHelper.dataOf(String(credentials.weComCallbackApi.id)).token = rotated.token;
		await sleep(FORCED_READ_INTERVAL_MS);
		const afterRotation = await post(setup, textMessage('rotated'), {}, rotated);
		expect(afterRotation.started).toBe(true);
		expect(counter.reads).toBe(2);
		// and the old Token is refused at once
		expectRefused(await post(setup, textMessage('old token'), {}, secrets), 401);
	});

	test('forged requests cause at most one credential read per second', async () => {
		const { secrets, setup, counter } = countingReads();
		expect((await post(setup, textMessage('genuine'), {}, secrets)).status).toBe(200);
		for (let index = 0; index < 30; index++) {
			expectRefused(await post(setup, textMessage('forged'), {}, { ...secrets, token: randomAlphanumeric(32) }), 401);
		}
		expect(counter.reads).toBeLessThanOrEqual(2);
	});
});

describe('passive reply', () => {
	async function replyFor(parameters: TriggerSetup['parameters'], plaintext: string) {
		const call = await post(trigger({ respond: 'passiveReply', ...parameters }), plaintext);
		expect(call.started).toBe(true);
		expect(call.status).toBe(200);
		return call;
	}

	test('text, with an expression over the incoming message, encrypted in WeCom’s format', async () => {
		const call = await replyFor({ replyType: 'text', replyText: '={{ "Echo: " + $json.Content + " from " + $json.FromUserName }}' }, textMessage('ping'));
		expect(call.response.getHeader('content-type')).toBe('application/xml; charset=utf-8');
		expect(parseCallbackXml(call.text)).toEqual(expect.objectContaining({ Encrypt: expect.any(String), MsgSignature: expect.any(String), TimeStamp: expect.any(String), Nonce: expect.any(String) }));
		const reply = parseCallbackXml(openPassiveReply(app, call.text));
		expect(reply).toMatchObject({ ToUserName: 'zhangsan', FromUserName: CORP_ID, MsgType: 'text', Content: 'Echo: ping from zhangsan' });
	});

	test('image', async () => {
		const call = await replyFor({ replyType: 'image', replyMediaId: 'media-123' }, textMessage());
		expect(parseCallbackXml(openPassiveReply(app, call.text))).toMatchObject({ MsgType: 'image', Image: { MediaId: 'media-123' } });
	});

	test('news with two articles', async () => {
		const call = await replyFor(
			{
				replyType: 'news',
				replyArticles: {
					article: [
						{ title: '={{ "About " + $json.Content }}', description: 'd1', url: 'https://example.com/1', picUrl: 'https://example.com/1.png' },
						{ title: 'Second', description: '', url: 'https://example.com/2', picUrl: '' },
					],
				},
			},
			textMessage('news'),
		);
		expect(parseCallbackXml(openPassiveReply(app, call.text))).toMatchObject({
			MsgType: 'news',
			ArticleCount: '2',
			Articles: { item: [{ Title: 'About news', Description: 'd1', Url: 'https://example.com/1' }, { Title: 'Second' }] },
		});
	});

	test('update_button answers a card click, and only a card click', async () => {
		const click = eventMessage('template_card_event', { EventKey: 'approve', TaskId: 't1', ResponseCode: 'r1' });
		const call = await replyFor({ events: ['message', 'template_card_event'], replyType: 'update_button', replyButtonText: '={{ $json.EventKey === "approve" ? "Approved" : "Rejected" }}' }, click);
		expect(parseCallbackXml(openPassiveReply(app, call.text))).toMatchObject({ MsgType: 'update_button', Button: { ReplaceName: 'Approved' } });
		const text = await replyFor({ events: ['message', 'template_card_event'], replyType: 'update_button', replyButtonText: 'Approved' }, textMessage());
		expect(text.text).toBe('');
	});

	test('an empty reply sends an empty 200', async () => {
		const call = await replyFor({ replyType: 'text', replyText: '={{ $json.Content === "quiet" ? "" : "loud" }}' }, textMessage('quiet'));
		expect(call.text).toBe('');
	});

	test('Respond using a Respond to Webhook node: the workflow starts and n8n waits for that node', async () => {
		const setup = { ...trigger({ respond: 'responseNode' }), holdAnswer: true };
		const plaintext = textMessage('wait');
		const call = await post(setup, plaintext);
		expect(call.started).toBe(true);
		expect(call.responseMode).toBe('responseNode');
		expect(call.result.noWebhookResponse).toBeUndefined();
		expect(call.status).toBeUndefined();
		// the Respond to Webhook node answers 200: a re-send then starts nothing
		await call.answer();
		expect(call.status).toBe(200);
		expectAcknowledgedWithoutRun(await post(setup, plaintext));
	});
});

describe('bad input: refused, nothing started, nothing crashed', () => {
	test('a wrong signature gets 401', async () => {
		const request = buildCallback(app, textMessage());
		const call = await postRaw(trigger(), { ...request.query, msg_signature: sign('forged', request.query.timestamp, request.query.nonce, request.encrypted) }, request.body);
		expectRefused(call, 401);
	});

	test('a message signed with another token gets 401', async () => {
		expectRefused(await post(trigger(), textMessage(), {}, { ...app, token: randomAlphanumeric(32) }), 401);
	});

	test.each(['msg_signature', 'timestamp', 'nonce'])('a missing %s gets 401', async (name) => {
		const request = buildCallback(app, textMessage());
		const query: Record<string, string> = { ...request.query };
		delete query[name];
		expectRefused(await postRaw(trigger(), query, request.body), 401);
	});

	test.each([
		['10 minutes old', -600],
		['10 minutes ahead', 600],
	])('a timestamp %s gets 403 (default window 300 s)', async (_name, offset) => {
		expectRefused(await post(trigger(), textMessage(), { timestamp: String(nowSeconds() + offset) }), 403);
	});

	test('a timestamp inside a wider window, and any timestamp with the check off, are accepted', async () => {
		expect((await post(trigger({ options: { timestampTolerance: 900 } }), textMessage(), { timestamp: String(nowSeconds() - 600) })).started).toBe(true);
		expect((await post(trigger({ options: { timestampTolerance: 0 } }), textMessage(), { timestamp: '1000' })).started).toBe(true);
	});

	test('a timestamp that is not a number gets 403', async () => {
		expectRefused(await post(trigger(), textMessage(), { timestamp: 'soon' }), 403);
	});

	test('broken base64 gets 400', async () => {
		expectRefused(await postEncrypted(trigger(), 'this is not base64!'), 400);
	});

	test('a ciphertext that is not whole AES blocks gets 400', async () => {
		expectRefused(await postEncrypted(trigger(), Buffer.alloc(40, 1).toString('base64')), 400);
	});

	test('a bad EncodingAESKey in the credential gets 403', async () => {
		const credentials = addCredential({ ...app, encodingAesKey: app.encodingAesKey.slice(0, 42) });
		expectRefused(await post(trigger({}, credentials), textMessage()), 403);
	});

	test('a message encrypted with another key gets 400 or 403', async () => {
		const encrypted = encryptMessage(randomApp().encodingAesKey, textMessage(), CORP_ID);
		const call = await postEncrypted(trigger(), encrypted);
		expect(call.started).toBe(false);
		expect([400, 403]).toContain(call.status);
	});

	test('a bad padding byte gets 400', async () => {
		const plaintext = padTo32(layout(Buffer.from(textMessage()), CORP_ID), 0);
		expectRefused(await postEncrypted(trigger(), rawEncrypt(app.encodingAesKey, plaintext)), 400);
	});

	test('a length field beyond the buffer gets 400', async () => {
		const message = Buffer.from(textMessage());
		const plaintext = padTo32(layout(message, CORP_ID, message.length + 1_000));
		expectRefused(await postEncrypted(trigger(), rawEncrypt(app.encodingAesKey, plaintext)), 400);
	});

	test('the wrong receive ID gets 403', async () => {
		expectRefused(await post(trigger(), textMessage(), {}, { ...app, receiveId: 'wwotherc0rp' }), 403);
	});

	test.each([
		['malformed XML', '<xml><MsgType>text</MsgType><Content>unclosed</xml>'],
		['an XML DOCTYPE', '<!DOCTYPE xml><xml><MsgType>text</MsgType></xml>'],
		['an entity declaration', '<!DOCTYPE xml [<!ENTITY boom "boom">]><xml><Content>&boom;</Content></xml>'],
		['an external entity', '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>'],
		['deeply nested elements', `<xml>${'<a>'.repeat(100)}x${'</a>'.repeat(100)}</xml>`],
		['malformed JSON', '{"msgtype": "text",'],
	])('a decrypted message with %s gets 400', async (_name, plaintext) => {
		expectRefused(await post(trigger(), plaintext), 400);
	});

	test.each([
		['an empty body', ''],
		['a body without Encrypt', '<xml><ToUserName>x</ToUserName></xml>'],
		['an entity declaration in the envelope', '<!DOCTYPE xml [<!ENTITY e "x">]><xml><Encrypt>&e;</Encrypt></xml>'],
		['a body that is not UTF-8', Buffer.from([0x3c, 0x78, 0x6d, 0x6c, 0xff, 0xfe])],
		['a body that is neither XML nor JSON', 'hello'],
	])('%s gets 400', async (_name, body) => {
		const request = buildCallback(app, textMessage());
		expectRefused(await postRaw(trigger(), { ...request.query }, body), 400);
	});

	test('a body over 1 MB gets 413', async () => {
		const request = buildCallback(app, textMessage());
		const body = Buffer.concat([Buffer.from(request.body), Buffer.alloc(MAX_CALLBACK_BYTES, 0x20)]);
		expectRefused(await postRaw(trigger(), { ...request.query }, body), 413);
	});

	test('a refused callback is not remembered: the genuine one still starts the workflow', async () => {
		const setup = trigger();
		const plaintext = textMessage('genuine');
		const forged = buildCallback({ ...app, token: randomAlphanumeric(32) }, plaintext);
		expectRefused(await postRaw(setup, { ...forged.query }, forged.body), 401);
		expect((await post(setup, plaintext)).started).toBe(true);
	});
});
