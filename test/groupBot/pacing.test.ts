/**
 * WeCom's rate limit: 20 messages per bot in any rolling minute, enforced by the sandbox itself
 * (45009 for the 21st). The node's Rate Window option and the sandbox's window are both set to
 * one second, so a run of 45 items takes about two seconds instead of two minutes; the assertions
 * read the sandbox's own arrival times, never how long anything took.
 */
import type { INodeParameters } from 'n8n-workflow';

import { SANDBOX_BOT_KEY, useBotHarness } from '../support/groupBot';
import { jsonOf } from '../support/weCom';

const WINDOW_MS = 1000;

const harness = useBotHarness();

function sendParameters(options: INodeParameters): INodeParameters {
	return { operation: 'send', messageType: 'text', content: '={{ "item " + $json.n }}', options };
}

const items = (count: number) => Array.from({ length: count }, (_, index) => ({ json: { n: index + 1 } }));

test('45 items to one bot: all delivered in order, never more than 20 in any rolling window', async () => {
	harness.bots.configure({ rateWindowMs: WINDOW_MS });
	const result = await harness.run(sendParameters({ rateWindowSeconds: WINDOW_MS / 1000 }), { items: items(45) });

	expect(result.error).toBeUndefined();
	expect(jsonOf(result)).toHaveLength(45);
	const inbox = harness.bots.inbox(SANDBOX_BOT_KEY);
	expect(inbox.map((message) => message.body.text.content)).toEqual(items(45).map((item) => `item ${item.json.n}`));
	// The sandbox's own rolling-window count, and the same property spelled out on its arrival times.
	expect(harness.bots.peakPerWindow(SANDBOX_BOT_KEY)).toBeLessThanOrEqual(20);
	const times = harness.bots.sendTimes(SANDBOX_BOT_KEY);
	for (let index = 20; index < times.length; index++) {
		expect(times[index] - times[index - 20]).toBeGreaterThan(WINDOW_MS);
	}
	// Paced, not rejected and retried: every request was accepted the first time.
	expect(harness.sandbox.countOf('/cgi-bin/webhook/send')).toBe(45);
});

test('45009 from WeCom: the item waits a window and tries again', async () => {
	harness.sandbox.inject({ path: '/cgi-bin/webhook/send', errcode: 45009, times: 2 });
	const result = await harness.run(sendParameters({ rateWindowSeconds: 0.2 }), { items: items(1) });

	expect(result.error).toBeUndefined();
	expect(harness.sandbox.countOf('/cgi-bin/webhook/send')).toBe(3);
	expect(harness.bots.inbox(SANDBOX_BOT_KEY)).toHaveLength(1);
});

test('45009 that does not clear: bounded retries, then a clear error', async () => {
	harness.sandbox.inject({ path: '/cgi-bin/webhook/send', errcode: 45009, times: 50 });
	const result = await harness.run(sendParameters({ rateWindowSeconds: 0.2 }), { items: items(1) });

	expect(result.error?.message).toBe(
		'The group bot is over WeCom’s rate limit (errcode 45009) and still was after waiting 0.4 seconds',
	);
	expect(String(Reflect.get(result.error ?? {}, 'description'))).toMatch(/20 messages per 0.2 seconds for each group bot/);
	// One try and two retries, no more.
	expect(harness.sandbox.countOf('/cgi-bin/webhook/send')).toBe(3);
	expect(harness.bots.inbox(SANDBOX_BOT_KEY)).toHaveLength(0);
});

test('pacing off against a bot whose minute is used up: the sandbox answers 45009 and the node gives up', async () => {
	// The sandbox keeps WeCom's 60-second window; the node's own window is short, so its retries
	// come back while the sandbox still blocks the bot.
	const result = await harness.run(sendParameters({ paceMessages: false, rateWindowSeconds: 0.2 }), {
		items: items(21),
	});

	expect(result.error?.message).toMatch(/over WeCom’s rate limit \(errcode 45009\)/);
	expect(harness.bots.inbox(SANDBOX_BOT_KEY)).toHaveLength(20);
	expect(harness.bots.peakPerWindow(SANDBOX_BOT_KEY)).toBe(20);
	// 20 accepted, then the 21st: one try and two retries, all refused.
	expect(harness.sandbox.countOf('/cgi-bin/webhook/send')).toBe(23);
});
