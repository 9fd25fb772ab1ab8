/**
 * Issue 11 §1: a call with a side effect is never repeated by the package's own retries, unless
 * WeCom proves it did not act. Each case runs through n8n-core's engine against the sandbox, whose
 * faults delay, drop, reset or replace an answer after the request was handled (the message was
 * delivered) or before (it was not).
 */
import { sleep } from 'n8n-workflow';

import { inboxOf } from '../../sandbox/routes/messages';
import { SANDBOX_BOT_KEY, useBotHarness } from '../support/groupBot';
import { API_CREDENTIAL_ID, byId, sendTextToLisi, useApiHarness } from '../support/weCom';

const SEND = '/cgi-bin/message/send';
const sendText = (requestOptions: { timeout?: number } = {}) => sendTextToLisi('Your leave was approved', requestOptions);

function descriptionOf(error: unknown): string {
	return String(Reflect.get(Object(error), 'description') ?? '');
}

describe('WeCom node: Message → Send', () => {
	const harness = useApiHarness({ forget: ['messages'] });
	const delivered = () => inboxOf(harness.sandbox).length;

	test('WeCom delivers after 800 ms, the Timeout is 300 ms: one message, and the item fails with "outcome unknown"', async () => {
		harness.sandbox.inject({ path: SEND, delayMs: 800 });
		const result = await harness.run(sendText({ timeout: 300 }));
		// The sandbox delivers when the delay is over, after the node gave up.
		await sleep(700);

		expect(harness.sandbox.countOf(SEND)).toBe(1);
		expect(delivered()).toBe(1);
		expect(result.error?.message).toBe('No answer from WeCom (no answer within 300 ms): the message may have been delivered');
		const description = descriptionOf(result.error);
		expect(description).toContain('outcome of /cgi-bin/message/send is unknown');
		expect(description).toContain('Check for Duplicates (enable_duplicate_check)');
		expect(description).toContain('recipient’s WeCom');
	});

	test.each([
		['HTTP 502 after delivering', { httpStatus: 502 }, 'HTTP 502'],
		['HTTP 504 after delivering', { httpStatus: 504 }, 'HTTP 504'],
		['the connection reset after delivering', { drop: true }, 'the connection broke after the request was sent'],
		['an answer slower than the timeout', { delayMs: 800 }, 'no answer within 300 ms'],
	])('%s: delivered once, never re-sent, unknown-outcome error', async (_label, fault, reason) => {
		harness.sandbox.inject({ path: SEND, afterHandling: true, ...fault });
		const result = await harness.run(sendText({ timeout: 300 }));

		expect(harness.sandbox.countOf(SEND)).toBe(1);
		expect(delivered()).toBe(1);
		expect(result.error?.message).toContain(reason);
		expect(result.error?.message).toContain('the message may have been delivered');
	});

	test('with continueOnFail the unknown outcome becomes an error item, and the other items are sent once each', async () => {
		harness.sandbox.inject({ path: SEND, afterHandling: true, httpStatus: 502 });
		const items = [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }];
		const result = await harness.run(sendText(), { items, onError: 'continueRegularOutput' });

		expect(result.error).toBeUndefined();
		expect(harness.sandbox.countOf(SEND)).toBe(3);
		expect(delivered()).toBe(3);
		const failed = result.items.filter((item) => typeof item.json.error === 'string');
		expect(failed).toHaveLength(1);
		expect(failed[0].json.error).toContain('may have been delivered');
	});

	test.each([
		['system busy (-1)', { errcode: -1 }],
		['the concurrency limit (45033)', { errcode: 45033 }],
	])('%s proves WeCom did not act: retried, and the message arrives once', async (_label, fault) => {
		harness.sandbox.inject({ path: SEND, ...fault, times: 2 });
		const result = await harness.run(sendText());

		expect(result.error).toBeUndefined();
		expect(harness.sandbox.countOf(SEND)).toBe(3);
		expect(delivered()).toBe(1);
	});

	test('an expired token (42001) is refreshed and the send replayed once: WeCom refused the first', async () => {
		await harness.run({ resource: 'user', operation: 'get', userId: byId('lisi') });
		harness.sandbox.expireAllTokens();
		const result = await harness.run(sendText());

		expect(result.error).toBeUndefined();
		expect(harness.sandbox.countOf(SEND)).toBe(2);
		expect(delivered()).toBe(1);
	});

	test('a refused connection proves nothing was sent: tried 3 times, then "nothing was sent"', async () => {
		await harness.run({ resource: 'user', operation: 'get', userId: byId('lisi') });
		const data = harness.credentials.dataOf(API_CREDENTIAL_ID);
		const baseUrl = data.baseUrl;
		data.baseUrl = 'http://127.0.0.1:9';
		try {
			const started = Date.now();
			const result = await harness.run(sendText());
			expect(result.error?.message).not.toContain('may have been');
			expect(descriptionOf(result.error)).toContain('could not connect to WeCom (ECONNREFUSED) in 3 tries, so nothing was sent');
			// Two backoff pauses (200 + 400 ms) prove the two retries.
			expect(Date.now() - started).toBeGreaterThanOrEqual(600);
		} finally {
			data.baseUrl = baseUrl;
		}
	});

	test('reads are still retried after a lost answer (user/get is safe to repeat)', async () => {
		harness.sandbox.inject({ path: '/cgi-bin/user/get', afterHandling: true, httpStatus: 502 });
		const result = await harness.run({ resource: 'user', operation: 'get', userId: byId('lisi') });
		expect(result.error).toBeUndefined();
		expect(harness.sandbox.countOf('/cgi-bin/user/get')).toBe(2);
	});

	test('a create is not repeated: one tag, unknown-outcome error that says where to check', async () => {
		harness.sandbox.inject({ path: '/cgi-bin/tag/create', afterHandling: true, drop: true });
		const before = harness.sandbox.tags.size;
		const result = await harness.run({ resource: 'tag', operation: 'create', tagName: 'Night Shift' });

		expect(harness.sandbox.countOf('/cgi-bin/tag/create')).toBe(1);
		expect(harness.sandbox.tags.size).toBe(before + 1);
		expect(result.error?.message).toContain('WeCom may have made the change');
		expect(descriptionOf(result.error)).toContain('admin console');
	});
});

describe('WeCom node: Make an API Call', () => {
	const harness = useApiHarness({ forget: ['messages'] });
	const apiCall = (extra: Record<string, unknown>) => ({
		resource: 'apiCall',
		operation: 'request',
		method: 'POST',
		path: SEND,
		jsonBody: JSON.stringify({ touser: 'lisi', msgtype: 'text', agentid: 1000002, text: { content: 'hi' } }),
		...extra,
	});

	test('a POST is not repeated after a lost answer unless the user marks it safe', async () => {
		harness.sandbox.inject({ path: SEND, afterHandling: true, httpStatus: 503 });
		const result = await harness.run(apiCall({}));
		expect(result.error?.message).toContain('may have been delivered');
		expect(harness.sandbox.countOf(SEND)).toBe(1);
		expect(inboxOf(harness.sandbox)).toHaveLength(1);
	});

	test('Safe to Repeat on Timeout on: the user’s POST is retried after a lost answer', async () => {
		harness.sandbox.inject({ path: SEND, afterHandling: true, httpStatus: 503 });
		const result = await harness.run(apiCall({ safeToRepeat: true }));
		expect(result.error).toBeUndefined();
		expect(harness.sandbox.countOf(SEND)).toBe(2);
	});
});

describe('Group Bot: post', () => {
	const harness = useBotHarness();
	const post = { operation: 'send', messageType: 'text', content: 'Deploy finished' };
	const posts = () => harness.sandbox.countOf('/cgi-bin/webhook/send');

	test.each([
		['504 after recording the post', { httpStatus: 504 }],
		['a reset after recording the post', { drop: true }],
	])('%s: one post in the group, unknown-outcome error naming the group chat', async (_label, fault) => {
		harness.sandbox.inject({ path: '/cgi-bin/webhook/send', afterHandling: true, ...fault });
		const result = await harness.run(post);

		expect(posts()).toBe(1);
		expect(harness.bots.inbox(SANDBOX_BOT_KEY)).toHaveLength(1);
		expect(result.error?.message).toContain('the message may have been posted to the group chat');
		expect(descriptionOf(result.error)).toContain('no duplicate check');
	});
});
