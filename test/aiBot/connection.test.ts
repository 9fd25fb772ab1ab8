import { AiBotConnectionError, AiBotCommandError, isAiBotCommandError } from '../../nodes/shared/aiBot/errors';
import type { CallbackFrame } from '../../nodes/shared/aiBot/frames';
import { claimBot, liveConnection, newerHolders, releaseBot } from '../../nodes/shared/aiBot/registry';
import { markdownBody, streamBody } from '../../nodes/shared/aiBot/replies';
import type { AiBotSandboxHandle } from '../support/aiBot';
import { SANDBOX_AI_BOT, startAiBotSandbox, testConnection } from '../support/aiBot';

let sandbox: AiBotSandboxHandle;

beforeEach(async () => {
	sandbox = await startAiBotSandbox();
});

afterEach(async () => {
	await sandbox.close();
});

async function reasonOf(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
		return undefined;
	} catch (error) {
		return error;
	}
}

describe('AI bot long connection against the sandbox', () => {
	it('subscribes, heartbeats without timers of its own, and stops cleanly', async () => {
		const connection = testConnection(sandbox);
		await connection.open();
		expect(connection.isOpen).toBe(true);
		expect(sandbox.aiBot.subscribes).toBe(1);
		const serving = connection.keepAlive();
		await sandbox.aiBot.until(() => sandbox.aiBot.pings >= 3, 5000);
		connection.stop();
		await expect(serving).resolves.toBeUndefined();
		const pingsAtStop = sandbox.aiBot.pings;
		await sandbox.aiBot.until(() => sandbox.aiBot.live === undefined, 2000);
		expect(sandbox.aiBot.pings).toBe(pingsAtStop);
	});

	it('delivers callbacks and serialises frames that share a req_id', async () => {
		const received: CallbackFrame[] = [];
		const connection = testConnection(sandbox, { onCallback: (frame) => received.push(frame) });
		await connection.open();
		const serving = connection.keepAlive();
		const turn = await sandbox.aiBot.deliver({ text: 'hello' });
		await sandbox.aiBot.until(() => received.length === 1);
		expect(received[0]).toMatchObject({ cmd: 'aibot_msg_callback', reqId: turn.reqId, body: { msgtype: 'text', text: { content: 'hello' } } });
		// Three frames for one bubble, sent without waiting: they must arrive in order.
		await Promise.all([
			connection.send('aibot_respond_msg', streamBody('s1', 'Thinking…', false), turn.reqId),
			connection.send('aibot_respond_msg', streamBody('s1', 'Hel', false), turn.reqId),
			connection.send('aibot_respond_msg', streamBody('s1', 'Hello!', true), turn.reqId),
		]);
		expect(sandbox.aiBot.conversation[0].bubble).toMatchObject({ streamId: 's1', content: 'Hello!', finished: true, frames: 3 });
		connection.stop();
		await serving;
	});

	it('refuses a wrong secret at once and does not storm: at most maxAuthFailures subscribes', async () => {
		const connection = testConnection(sandbox, { secret: 'wrong-secret' });
		const error = await reasonOf(connection.open());
		expect(error).toBeInstanceOf(AiBotConnectionError);
		expect(error).toMatchObject({ reason: 'auth' });
		expect(String(error)).not.toContain('wrong-secret');
		expect(sandbox.aiBot.refusedSubscribes).toBe(1);

		// A secret reset while connected: the drop leads to refused resubscribes, bounded.
		const good = testConnection(sandbox, { maxAuthFailures: 3 });
		await good.open();
		const serving = good.keepAlive();
		sandbox.aiBot.bot.secret = 'rotated-in-the-console';
		sandbox.aiBot.drop();
		const stopped = await reasonOf(serving);
		expect(stopped).toMatchObject({ reason: 'auth' });
		expect(sandbox.aiBot.refusedSubscribes).toBe(1 + 3);
	});

	it('reconnects after a dropped connection with capped backoff, and gets what WeCom queued meanwhile', async () => {
		const received: CallbackFrame[] = [];
		const delays: number[] = [];
		const connection = testConnection(sandbox, {
			onCallback: (frame) => received.push(frame),
			onReconnect: (_attempt, delayMs) => delays.push(delayMs),
		});
		await connection.open();
		const serving = connection.keepAlive();
		sandbox.aiBot.drop();
		await sandbox.aiBot.deliver({ text: 'sent while offline' });
		await sandbox.aiBot.until(() => sandbox.aiBot.subscribes === 2 && received.length === 1, 5000);
		expect(received.map((frame) => frame.body.text)).toEqual([{ content: 'sent while offline' }]);
		expect(delays).toEqual([20]);
		connection.stop();
		await serving;
	});

	it('gives up on an unreachable endpoint after the reconnect budget, each wait capped', async () => {
		const delays: number[] = [];
		const bounded = testConnection(sandbox, { maxReconnectAttempts: 4, onReconnect: (_a, delayMs) => delays.push(delayMs) });
		await bounded.open();
		const serving = bounded.keepAlive();
		await sandbox.close();
		const error = await reasonOf(serving);
		expect(error).toMatchObject({ reason: 'gaveUp' });
		expect(delays).toEqual([20, 40, 80, 80]);
		sandbox = await startAiBotSandbox();
	});

	it('closes a link whose pings go unanswered twice, then reconnects', async () => {
		const connection = testConnection(sandbox, { heartbeatMs: 50, ackTimeoutMs: 100 });
		await connection.open();
		const serving = connection.keepAlive();
		sandbox.aiBot.options.answerPings = false;
		await sandbox.aiBot.until(() => sandbox.aiBot.subscribes === 2, 5000);
		sandbox.aiBot.options.answerPings = true;
		connection.stop();
		await serving;
	});

	it('stops for good on disconnected_event from a client outside this process', async () => {
		const connection = testConnection(sandbox);
		await connection.open();
		const serving = connection.keepAlive();
		sandbox.aiBot.kick();
		const error = await reasonOf(serving);
		expect(error).toBeInstanceOf(AiBotConnectionError);
		expect(error).toMatchObject({ reason: 'kicked', message: expect.stringContaining(SANDBOX_AI_BOT.botId) });
		expect(sandbox.aiBot.subscribes).toBe(1);
	});

	it('lets two listeners of one process take turns instead of kicking each other for good', async () => {
		const published = testConnection(sandbox, {
			onKicked: async () => {
				await Promise.all(newerHolders(publishedHolder).map(async (holder) => await holder.released));
				return 'resume';
			},
		});
		const publishedHolder = claimBot(SANDBOX_AI_BOT.botId, 'the published workflow', published);
		await published.open();
		const publishedServing = published.keepAlive();
		expect(liveConnection(SANDBOX_AI_BOT.botId)).toBe(published);

		const tester = testConnection(sandbox);
		const testerHolder = claimBot(SANDBOX_AI_BOT.botId, 'the test listener', tester);
		await tester.open();
		await sandbox.aiBot.until(() => !published.isOpen);
		expect(liveConnection(SANDBOX_AI_BOT.botId)).toBe(tester);

		tester.stop();
		releaseBot(testerHolder);
		await sandbox.aiBot.until(() => published.isOpen && sandbox.aiBot.subscribes === 3, 5000);
		expect(liveConnection(SANDBOX_AI_BOT.botId)).toBe(published);
		published.stop();
		releaseBot(publishedHolder);
		await publishedServing;
	});

	it('marks the older holder displaced when a newer one claims, so a late kick still reads as a take-over from this process', () => {
		const published = claimBot(SANDBOX_AI_BOT.botId, 'the published workflow', testConnection(sandbox));
		expect(published.displaced).toBe(false);
		const tester = claimBot(SANDBOX_AI_BOT.botId, 'the test listener', testConnection(sandbox));
		// the test listener answers and lets go before the published one handles disconnected_event
		releaseBot(tester);
		expect(newerHolders(published)).toEqual([]);
		expect(published.displaced).toBe(true);
		expect(tester.displaced).toBe(false);
		releaseBot(published);
	});

	it('turns WeCom refusals into errors with the errcode: 846605, 846608, 40008', async () => {
		const connection = testConnection(sandbox);
		await connection.open();
		const unknown = await reasonOf(connection.send('aibot_respond_msg', streamBody('s', 'x', true), 'no-such-req'));
		expect(isAiBotCommandError(unknown, 846605)).toBe(true);

		// A window already past when the answer comes (0 ms could still be "in time" within one millisecond).
		sandbox.aiBot.options.streamWindowMs = -1;
		const turn = await sandbox.aiBot.deliver({ text: 'slow one' });
		const late = await reasonOf(connection.send('aibot_respond_msg', streamBody('s', 'late', true), turn.reqId));
		expect(late).toBeInstanceOf(AiBotCommandError);
		expect(late).toMatchObject({ errcode: 846608 });

		const text = await reasonOf(connection.send('aibot_send_msg', { chatid: 'zhangsan', msgtype: 'text', text: { content: 'hi' } }));
		expect(text).toBeInstanceOf(AiBotCommandError);
		expect(text).toMatchObject({ errcode: 40008 });
		await connection.send('aibot_send_msg', markdownBody('**on time**', 'zhangsan'));
		expect(sandbox.aiBot.proactive).toEqual([expect.objectContaining({ chatid: 'zhangsan', body: markdownBody('**on time**', 'zhangsan') })]);
		connection.stop();
	});
});
