/**
 * The WeCom AI Bot Trigger and node in a real n8n 2.41.1, against the sandbox's AI bot: over the
 * long connection (the trigger holds a WebSocket to the sandbox) and over a callback URL (the
 * sandbox POSTs encrypted callbacks and polls stream refreshes). What a member would see is read
 * from the sandbox's conversation; what n8n did, from its saved executions.
 */
import { createHash } from 'node:crypto';

import { checkUrl } from '../../sandbox/callbacks';
import { SANDBOX_AI_BOT } from '../../sandbox/aiBot';
import type { AiBotSandbox } from '../../sandbox/aiBot';
import { settledExecutions } from './support/callbackClient';
import { startStack } from './support/stack';
import type { Stack } from './support/stack';

const LONG_CONNECTION = 'e2eAiBotWs000001';
const CALLBACK = 'e2eAiBotCb000001';
/** The 1×1 PNG the workflow's Picture node turns into binary data. */
const DOT_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let stack: Stack;
let aiBot: AiBotSandbox;

beforeAll(async () => {
	stack = await startStack({ workflows: ['aibot-long-connection.json', 'aibot-callback.json'] });
	if (!stack.sandbox.aiBot) throw new Error('the sandbox has no AI bot');
	aiBot = stack.sandbox.aiBot;
	const trigger = stack.workflows.get(CALLBACK)?.nodes.find((node) => node.type.endsWith('.weComAiBotTrigger'));
	aiBot.callbackUrl = `${stack.n8n.url}/webhook/${trigger?.webhookId ?? ''}/aibot`;
	await aiBot.until(() => aiBot.live !== undefined, 30_000);
});

afterAll(async () => await stack?.close());

async function executionCount(workflowId: string): Promise<number> {
	return (await stack.n8n.executions(workflowId)).length;
}

describe('long connection', () => {
	test('a message runs one execution and the bubble shows the placeholder, then the answer', async () => {
		const before = await executionCount(LONG_CONNECTION);
		const turn = await aiBot.deliver({ mode: 'ws', text: 'hello n8n', userid: 'lisi' });
		await aiBot.until(() => turn.bubble?.finished === true);
		expect(turn.bubble).toMatchObject({ content: '**Echo:** hello n8n', finished: true, frames: 2 });
		expect(await settledExecutions(stack, LONG_CONNECTION, before + 1)).toHaveLength(before + 1);
	});

	test('a group message arrives without the @mention in content', async () => {
		const turn = await aiBot.deliver({ mode: 'ws', text: 'what time is it', chattype: 'group', chatid: 'wrgroupE2E' });
		await aiBot.until(() => turn.bubble?.finished === true);
		expect(turn.bubble?.content).toBe('**Echo:** what time is it');
	});

	test('enter_chat gets the workflow’s welcome', async () => {
		const turn = await aiBot.deliver({ mode: 'ws', kind: 'enter_chat', userid: 'wangwu' });
		await aiBot.until(() => turn.welcome !== undefined);
		expect(turn.welcome).toEqual({ msgtype: 'text', text: { content: 'Hi wangwu! Ask me anything; type "card" to get a card with buttons.' } });
	});

	test('a card click updates the card within the 5 seconds', async () => {
		const asked = await aiBot.deliver({ mode: 'ws', text: 'card for order 7' });
		await aiBot.until(() => asked.cards.length === 1);
		const taskId = asked.cards[0].task_id;
		expect(taskId).toBe(`order_${asked.msgid}`);
		expect(asked.bubble).toMatchObject({ content: 'Here is a card for: card for order 7', finished: true });
		const click = await aiBot.deliver({ mode: 'ws', kind: 'template_card_event', taskId, eventKey: 'approve' });
		await aiBot.until(() => click.update !== undefined);
		expect(click.update).toEqual({
			response_type: 'update_template_card',
			template_card: { card_type: 'text_notice', task_id: taskId, main_title: { title: 'Approved ✅', desc: 'by zhangsan' } },
		});
	});

	test('after a dropped connection the trigger reconnects, and nothing is lost or doubled', async () => {
		const before = await executionCount(LONG_CONNECTION);
		const subscribes = aiBot.subscribes;
		aiBot.drop();
		const whileDown = await aiBot.deliver({ mode: 'ws', text: 'sent while the link was down' });
		await aiBot.until(() => aiBot.subscribes === subscribes + 1 && whileDown.bubble?.finished === true, 30_000);
		const after = await aiBot.deliver({ mode: 'ws', text: 'sent after the reconnect' });
		await aiBot.until(() => after.bubble?.finished === true);
		expect(whileDown.bubble?.content).toBe('**Echo:** sent while the link was down');
		expect(after.bubble?.content).toBe('**Echo:** sent after the reconnect');
		expect(await settledExecutions(stack, LONG_CONNECTION, before + 2)).toHaveLength(before + 2);
	});

	test('WeCom delivering a message again starts no second execution (dedup by msgid)', async () => {
		const before = await executionCount(LONG_CONNECTION);
		const turn = await aiBot.deliver({ mode: 'ws', text: 'only once' });
		await aiBot.until(() => turn.bubble?.finished === true);
		await aiBot.redeliver(turn);
		await aiBot.redeliver(turn);
		expect(await settledExecutions(stack, LONG_CONNECTION, before + 1)).toHaveLength(before + 1);
		expect(turn.bubble).toMatchObject({ content: '**Echo:** only once', frames: 2 });
	});

	test('a workflow slower than the stream window answers with a proactive markdown message', async () => {
		aiBot.options.streamWindowMs = 1500;
		try {
			const turn = await aiBot.deliver({ mode: 'ws', text: 'slow please', chattype: 'group', chatid: 'wrgroupSlow' });
			await aiBot.until(() => aiBot.proactive.some((sent) => sent.chatid === 'wrgroupSlow'), 30_000);
			expect(turn.bubble).toMatchObject({ content: 'Thinking…', finished: false });
			expect(aiBot.proactive.filter((sent) => sent.chatid === 'wrgroupSlow')).toEqual([
				expect.objectContaining({ body: { chatid: 'wrgroupSlow', msgtype: 'markdown', markdown: { content: '**Late echo:** slow please' } } }),
			]);
		} finally {
			aiBot.options.streamWindowMs = 6 * 60 * 1000;
		}
	});

	test('a Reply with an image from n8n binary data shows it under the answer (msg_item), and attaches it as a file (media_id)', async () => {
		const turn = await aiBot.deliver({ mode: 'ws', text: 'a picture please' });
		await aiBot.until(() => turn.bubble?.finished === true);
		expect(turn.bubble).toMatchObject({ content: 'Here is a picture for: a picture please', finished: true, frames: 2 });
		expect(turn.bubble?.images).toEqual([{ id: expect.any(String), md5: createHash('md5').update(DOT_PNG).digest('hex'), bytes: DOT_PNG.length, format: 'png' }]);
		await aiBot.until(() => turn.media.length === 1);
		expect(turn.media).toEqual([{ type: 'file', media_id: expect.any(String), filename: 'dot.png', bytes: DOT_PNG.length }]);
	});

	test('“Listen for test event” takes the bot over from the published workflow, runs once, and hands the bot back', async () => {
		const before = await stack.n8n.executions(LONG_CONNECTION);
		const subscribes = aiBot.subscribes;
		// what the editor's "Execute workflow" button on the trigger sends
		const started = await stack.n8n.rest('POST', `/rest/workflows/${LONG_CONNECTION}/run`, { triggerToStartFrom: { name: 'WeCom AI Bot Trigger' } });
		expect(started.status).toBe(200);
		const executionId: unknown = started.body?.data?.executionId;
		expect(executionId).toEqual(expect.any(String));
		await aiBot.until(() => aiBot.subscribes === subscribes + 1 && aiBot.live !== undefined);

		const tested = await aiBot.deliver({ mode: 'ws', text: 'test listener here' });
		await aiBot.until(() => tested.bubble?.finished === true);
		expect(tested.bubble).toMatchObject({ content: '**Echo:** test listener here', finished: true, frames: 2 });
		// the published workflow stayed paused while the test listener held the bot
		expect(aiBot.subscribes).toBe(subscribes + 1);

		// the test run ends after its one message; the published workflow subscribes again
		await aiBot.until(() => aiBot.subscribes === subscribes + 2 && aiBot.live !== undefined);
		const published = await aiBot.deliver({ mode: 'ws', text: 'back to the published workflow' });
		await aiBot.until(() => published.bubble?.finished === true);
		expect(published.bubble?.content).toBe('**Echo:** back to the published workflow');

		const executions = await settledExecutions(stack, LONG_CONNECTION, before.length + 2);
		const fresh = executions.filter((execution) => !before.some((old) => old.id === execution.id));
		expect(fresh.map((execution) => [execution.mode, execution.status]).sort()).toEqual([
			['manual', 'success'],
			['trigger', 'success'],
		]);
		expect(fresh.find((execution) => execution.mode === 'manual')?.id).toBe(executionId);
	});
});

describe('callback URL', () => {
	const app = { token: SANDBOX_AI_BOT.token, encodingAesKey: SANDBOX_AI_BOT.encodingAesKey, receiveId: '' };

	test('answers WeCom’s URL check with the decrypted echostr', async () => {
		const check = await checkUrl(aiBot.callbackUrl ?? '', app);
		expect(check).toMatchObject({ status: 200, body: check.expected });
	});

	test('a message gets the placeholder stream, and refresh polling brings the answer into the bubble', async () => {
		const before = await executionCount(CALLBACK);
		const turn = await aiBot.deliver({ mode: 'callback', text: 'over http' });
		await aiBot.until(() => turn.bubble?.finished === true, 30_000);
		expect(turn.bubble).toMatchObject({ content: '**Echo:** over http', finished: true });
		expect(turn.bubble?.frames).toBeGreaterThanOrEqual(2);
		expect(await settledExecutions(stack, CALLBACK, before + 1)).toHaveLength(before + 1);
	});

	test('a retried message gets the same stream again and starts no second execution', async () => {
		const before = await executionCount(CALLBACK);
		const turn = await aiBot.deliver({ mode: 'callback', text: 'retry me' });
		await aiBot.until(() => turn.bubble?.finished === true, 30_000);
		const again = await aiBot.redeliver(turn);
		expect(again).toEqual({ msgtype: 'stream', stream: { id: turn.bubble?.streamId, finish: true, content: '**Echo:** retry me' } });
		expect(await settledExecutions(stack, CALLBACK, before + 1)).toHaveLength(before + 1);
	});

	test('enter_chat gets the trigger’s welcome in the 5-second answer', async () => {
		const turn = await aiBot.deliver({ mode: 'callback', kind: 'enter_chat', userid: 'zhaoliu' });
		await aiBot.until(() => turn.welcome !== undefined);
		expect(turn.welcome).toEqual({ msgtype: 'text', text: { content: 'Welcome (callback mode)' } });
	});

	test('a card click is answered through response_url, once', async () => {
		const click = await aiBot.deliver({ mode: 'callback', kind: 'template_card_event', taskId: 'order_cb1', eventKey: 'decline', userid: 'zhaoliu' });
		await aiBot.until(() => click.responseUrlUsed);
		expect(aiBot.proactive.at(-1)?.body).toEqual({
			msgtype: 'template_card',
			template_card: { card_type: 'text_notice', task_id: 'order_cb1', main_title: { title: 'Declined ❌', desc: 'by zhaoliu' } },
		});
	});
});
