/**
 * The WeCom Trigger published in a real n8n 2.41.1, called on n8n's production webhook URL the
 * way WeCom calls it: the URL check, encrypted messages and events, WeCom's retries, forged and
 * replayed requests, filters, and an encrypted passive reply that the sandbox (playing WeCom)
 * opens with its own, independent implementation of the scheme.
 */
import { buildCallback, buildUrlCheck, checkUrl, messageXml, openPassiveReply, sendCallback } from '../../sandbox/callbacks';
import { SANDBOX_CORP } from '../../sandbox/server';
import { SANDBOX_CALLBACK } from '../../scripts/sandbox-credentials';
import { deliverCallback, requestUrlCheck, settledExecutions, xmlField } from './support/callbackClient';
import { nodeOutput, startStack, triggerUrl } from './support/stack';
import type { Stack } from './support/stack';

const MESSAGES = 'e2eTriggerMsg001';
const PASSIVE_REPLY = 'e2eTriggerRply01';
const TRIGGER = 'WeCom Trigger';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({ workflows: ['trigger-messages.json', 'trigger-passive-reply.json'] });
});

afterAll(async () => await stack?.close());

function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}

let serial = 0;

/** A fresh 19-digit MsgId like WeCom's: larger than a JavaScript number holds exactly. */
function nextMsgId(): string {
	serial += 1;
	return `74${String(Date.now()).padStart(13, '0')}${String(serial).padStart(4, '0')}`;
}

/** The decrypted XML of a member's text message, MsgId bare as WeCom writes it. */
function textMessage(fromUser: string, content: string, msgId: string): string {
	const fields = messageXml({
		ToUserName: SANDBOX_CORP.corpId,
		FromUserName: fromUser,
		CreateTime: nowSeconds(),
		MsgType: 'text',
		Content: content,
	});
	return fields.replace('</xml>', `<MsgId>${msgId}</MsgId><AgentID>${SANDBOX_CORP.agentId}</AgentID></xml>`);
}

function eventMessage(fields: Record<string, string>): string {
	return messageXml({ ToUserName: SANDBOX_CORP.corpId, CreateTime: nowSeconds(), MsgType: 'event', ...fields });
}

async function executionCount(workflowId: string): Promise<number> {
	return (await stack.n8n.executions(workflowId)).length;
}

/** The trigger's output in the newest of some executions (newest first). */
async function triggerOutputOf(execution: { id: string }) {
	const saved = await stack.n8n.execution(execution.id);
	expect(saved.status).toBe('success');
	return nodeOutput(saved.data, TRIGGER);
}

/**
 * After requests that must start nothing: one genuine message (with `msgId`, so a refused request
 * must not have used up its MsgId either) starts exactly one execution, and it is that message's.
 */
async function expectOnlyGenuineExecution(before: number, msgId: string) {
	const genuine = await sendCallback(triggerUrl(stack, MESSAGES), SANDBOX_CALLBACK, textMessage('zhaoliu', 'genuine', msgId));
	expect(genuine.status).toBe(200);
	const executions = await settledExecutions(stack, MESSAGES, before + 1);
	expect(executions).toHaveLength(before + 1);
	expect(await triggerOutputOf(executions[0])).toEqual([expect.objectContaining({ MsgId: msgId, Content: 'genuine' })]);
}

describe('URL check (GET)', () => {
	test('answers the decrypted echostr alone, as plain text: no quotes, no newline', async () => {
		for (const workflowId of [MESSAGES, PASSIVE_REPLY]) {
			const check = await checkUrl(triggerUrl(stack, workflowId), SANDBOX_CALLBACK);
			expect({ workflowId, status: check.status, body: check.body }).toEqual({ workflowId, status: 200, body: check.expected });
			expect(check.body).toMatch(/^\d+$/);
			expect(check.contentType).toMatch(/^text\/plain/);
		}
	});

	test('a URL check signed with another token gets 401 and not the echostr', async () => {
		const forged = buildUrlCheck({ ...SANDBOX_CALLBACK, token: 'not-the-callback-token' });
		const answer = await requestUrlCheck(triggerUrl(stack, MESSAGES), { ...forged.query });
		expect(answer.status).toBe(401);
		expect(answer.body).not.toContain(forged.expected);
	});
});

describe('messages and events (POST)', () => {
	test('an encrypted text message starts exactly one execution whose output holds the decrypted fields', async () => {
		const before = await executionCount(MESSAGES);
		const msgId = nextMsgId();
		const content = 'Where is the VPN guide? 请发给我 <b>&amp;</b>';
		const sent = await sendCallback(triggerUrl(stack, MESSAGES), SANDBOX_CALLBACK, textMessage('wangwu', content, msgId));
		expect(sent).toEqual({ status: 200, body: '', reply: undefined });

		const executions = await settledExecutions(stack, MESSAGES, before + 1);
		expect(executions).toHaveLength(before + 1);
		expect(executions[0].mode).toBe('webhook');
		expect(await triggerOutputOf(executions[0])).toEqual([
			{
				ToUserName: SANDBOX_CORP.corpId,
				FromUserName: 'wangwu',
				CreateTime: expect.stringMatching(/^\d{10}$/),
				MsgType: 'text',
				Content: content,
				// 19 digits survive as a string; as a number they would be rounded
				MsgId: msgId,
				AgentID: String(SANDBOX_CORP.agentId),
				// the same for every delivery of this callback (queue mode's cross-process guard)
				dedupKey: `msg:${msgId}`,
			},
		]);
	});

	test('the same callback delivered 3 times, as WeCom retries it, starts one execution (one after another, and overlapping)', async () => {
		const before = await executionCount(MESSAGES);
		const url = triggerUrl(stack, MESSAGES);
		const retried = buildCallback(SANDBOX_CALLBACK, textMessage('lisi', 'sent once, delivered three times', nextMsgId()));
		for (let attempt = 1; attempt <= 3; attempt++) {
			expect({ attempt, ...(await deliverCallback(url, retried)) }).toEqual(expect.objectContaining({ attempt, status: 200, body: '' }));
		}
		const overlapping = buildCallback(SANDBOX_CALLBACK, textMessage('lisi', 'three overlapping deliveries', nextMsgId()));
		const answers = await Promise.all([1, 2, 3].map(async () => await deliverCallback(url, overlapping)));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);

		const executions = await settledExecutions(stack, MESSAGES, before + 2);
		expect(executions).toHaveLength(before + 2);
		const contents = [];
		for (const execution of executions.slice(0, 2)) contents.push((await triggerOutputOf(execution))[0].Content);
		expect(contents.sort()).toEqual(['sent once, delivered three times', 'three overlapping deliveries']);
	});

	test('a forged signature gets 401 and starts nothing', async () => {
		const before = await executionCount(MESSAGES);
		const url = triggerUrl(stack, MESSAGES);
		const msgId = nextMsgId();
		const message = textMessage('zhaoliu', 'forged', msgId);

		// signed with a token the forger guessed
		const guessed = await sendCallback(url, { ...SANDBOX_CALLBACK, token: 'guessed-token' }, message);
		expect(guessed.status).toBe(401);
		// a genuine signature captured from another callback, on a new body
		const captured = buildCallback(SANDBOX_CALLBACK, textMessage('zhaoliu', 'captured', nextMsgId()));
		const replayed = await deliverCallback(url, { ...buildCallback(SANDBOX_CALLBACK, message), query: captured.query });
		expect(replayed.status).toBe(401);
		// no signature at all
		const signed = buildCallback(SANDBOX_CALLBACK, message);
		const unsigned = { timestamp: signed.query.timestamp, nonce: signed.query.nonce };
		const missing = await deliverCallback(url, { ...signed, query: unsigned });
		expect(missing.status).toBe(401);
		for (const answer of [guessed, replayed, missing]) expect(answer.body).not.toContain('forged');

		await expectOnlyGenuineExecution(before, msgId);
	});

	test('a stale or future timestamp and a wrong receive ID get 403 and start nothing', async () => {
		const before = await executionCount(MESSAGES);
		const url = triggerUrl(stack, MESSAGES);
		const msgId = nextMsgId();
		const message = textMessage('zhaoliu', 'replayed later', msgId);

		const stale = await sendCallback(url, SANDBOX_CALLBACK, message, { timestamp: String(nowSeconds() - 3600) });
		const future = await sendCallback(url, SANDBOX_CALLBACK, message, { timestamp: String(nowSeconds() + 3600) });
		// encrypted and signed with the right secrets, but for another company
		const otherCorp = await sendCallback(url, { ...SANDBOX_CALLBACK, receiveId: 'wwanothercorp000001' }, message);
		expect([stale.status, future.status, otherCorp.status]).toEqual([403, 403, 403]);

		await expectOnlyGenuineExecution(before, msgId);
	});

	test('callbacks the filters leave out are acknowledged with an empty 200 and start nothing; a listed one starts the workflow', async () => {
		const before = await executionCount(MESSAGES);
		const url = triggerUrl(stack, MESSAGES);
		const filteredOut = [
			eventMessage({
				FromUserName: 'zhangsan',
				Event: 'template_card_event',
				EventKey: 'approve',
				TaskId: 'task-filtered',
				CardType: 'button_interaction',
				ResponseCode: 'response-filtered',
				AgentID: String(SANDBOX_CORP.agentId),
			}),
			// change_contact is listed, but only for create_user
			eventMessage({ FromUserName: 'sys', Event: 'change_contact', ChangeType: 'update_user', UserID: 'lisi', Name: 'Li Si' }),
			// only text messages are listed
			messageXml({
				ToUserName: SANDBOX_CORP.corpId,
				FromUserName: 'lisi',
				CreateTime: nowSeconds(),
				MsgType: 'image',
				PicUrl: 'https://example.com/p.png',
				MediaId: 'media-filtered',
				MsgId: nextMsgId(),
			}),
		];
		for (const plaintext of filteredOut) {
			const answer = await sendCallback(url, SANDBOX_CALLBACK, plaintext);
			expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: '' });
		}

		const listed = await sendCallback(
			url,
			SANDBOX_CALLBACK,
			eventMessage({ FromUserName: 'sys', Event: 'change_contact', ChangeType: 'create_user', UserID: 'chenba', Name: 'Chen Ba' }),
		);
		expect(listed.status).toBe(200);
		const executions = await settledExecutions(stack, MESSAGES, before + 1);
		expect(executions).toHaveLength(before + 1);
		expect(await triggerOutputOf(executions[0])).toEqual([
			expect.objectContaining({ MsgType: 'event', Event: 'change_contact', ChangeType: 'create_user', UserID: 'chenba' }),
		]);
	});
});

describe('passive reply', () => {
	test('the reply is encrypted and signed; the sandbox opens it, and it answers the sender with the expression over Content', async () => {
		const before = await executionCount(PASSIVE_REPLY);
		const msgId = nextMsgId();
		const callback = buildCallback(SANDBOX_CALLBACK, textMessage('lisi', 'Is the build green?', msgId));
		const answer = await deliverCallback(triggerUrl(stack, PASSIVE_REPLY), callback);
		expect(answer.status).toBe(200);
		expect(answer.contentType).toMatch(/xml/);
		for (const element of ['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce']) expect(xmlField(answer.body, element)).toBeTruthy();
		// nothing of the reply travels in clear
		expect(answer.body).not.toContain('Is the build green?');
		expect(answer.body).not.toContain('Echo from n8n');

		// the sandbox checks the signature and the receive ID, then decrypts
		const reply = openPassiveReply(SANDBOX_CALLBACK, answer.body);
		expect({
			ToUserName: xmlField(reply, 'ToUserName'),
			FromUserName: xmlField(reply, 'FromUserName'),
			MsgType: xmlField(reply, 'MsgType'),
			Content: xmlField(reply, 'Content'),
		}).toEqual({
			ToUserName: 'lisi',
			FromUserName: SANDBOX_CORP.corpId,
			MsgType: 'text',
			Content: 'Echo from n8n: Is the build green? (to lisi)',
		});
		expect(Math.abs(Number(xmlField(reply, 'CreateTime')) - nowSeconds())).toBeLessThanOrEqual(300);
		expect(() => openPassiveReply({ ...SANDBOX_CALLBACK, token: 'another-token' }, answer.body)).toThrow('signature');

		const executions = await settledExecutions(stack, PASSIVE_REPLY, before + 1);
		expect(executions).toHaveLength(before + 1);
		expect(await triggerOutputOf(executions[0])).toEqual([
			expect.objectContaining({ FromUserName: 'lisi', Content: 'Is the build green?', MsgId: msgId }),
		]);
	});
});
