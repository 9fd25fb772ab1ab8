import { utf8Length } from '../../nodes/shared/splitText';
import { SANDBOX_BOT_KEY, useBotHarness } from '../support/groupBot';
import { sampleMarkdown } from '../support/longText';
import { jsonOf } from '../support/weCom';

describe('Split Long Messages in the node', () => {
	const harness = useBotHarness();

	test('a 10,000-byte markdown becomes messages that each fit and join back to the original', async () => {
		const markdown = sampleMarkdown(10_000);
		const result = await harness.run(
			{ operation: 'send', messageType: 'markdown', content: '={{ $json.report }}', options: { splitLongMessages: true } },
			{ items: [{ json: { report: markdown } }] },
		);
		expect(result.error).toBeUndefined();
		const contents = harness.bots.inbox(SANDBOX_BOT_KEY).map((message) => String(message.body.markdown.content));
		expect(contents.length).toBeGreaterThanOrEqual(3);
		for (const content of contents) expect(utf8Length(content)).toBeLessThanOrEqual(4096);
		expect(contents.join('')).toBe(markdown);
		expect(jsonOf(result)).toEqual([{ msgtype: 'markdown', messageCount: contents.length }]);
	});

	test('long text: 2048-byte parts, @mentions only on the first part', async () => {
		const text = Array.from({ length: 200 }, (_, index) => `第${index}行 status ok https://example.com/check/${index}`).join('\n');
		const result = await harness.run(
			{
				operation: 'send',
				messageType: 'text',
				content: '={{ $json.text }}',
				mentions: { userIds: '@all' },
				options: { splitLongMessages: true },
			},
			{ items: [{ json: { text } }] },
		);
		expect(result.error).toBeUndefined();
		const messages = harness.bots.inbox(SANDBOX_BOT_KEY).map((message) => message.body.text);
		expect(messages.length).toBeGreaterThan(1);
		expect(messages.map((message) => message.content).join('')).toBe(text);
		for (const message of messages) expect(utf8Length(message.content)).toBeLessThanOrEqual(2048);
		expect(messages[0].mentioned_list).toEqual(['@all']);
		for (const message of messages.slice(1)) expect(message.mentioned_list).toBeUndefined();
	});

	test('a part that fails says which parts are already in the group', async () => {
		harness.bots.configure({ rateLimit: 1 });
		const markdown = sampleMarkdown(10_000);
		const result = await harness.run(
			{
				operation: 'send',
				messageType: 'markdown',
				content: '={{ $json.report }}',
				options: { splitLongMessages: true, paceMessages: false, rateWindowSeconds: 0.1 },
			},
			{ items: [{ json: { report: markdown } }] },
		);
		expect(result.error?.message).toMatch(/errcode 45009/);
		expect(String(Reflect.get(result.error ?? {}, 'description'))).toMatch(
			/^This message was split into \d parts and part 2 failed\. Part 1 was posted\./,
		);
		expect(harness.bots.inbox(SANDBOX_BOT_KEY)).toHaveLength(1);
	});

	test('without the option, over-limit text fails before sending, naming the limit and the length', async () => {
		const markdown = sampleMarkdown(5000);
		const result = await harness.run(
			{ operation: 'send', messageType: 'markdown', content: '={{ $json.report }}' },
			{ items: [{ json: { report: markdown } }] },
		);
		expect(result.error?.message).toBe(`The markdown is ${utf8Length(markdown)} bytes, over WeCom’s limit of 4096 bytes`);
		expect(harness.sandbox.countOf('/cgi-bin/webhook/send')).toBe(0);

		const text = 'x'.repeat(2049);
		const textResult = await harness.run({ operation: 'send', messageType: 'text', content: text });
		expect(textResult.error?.message).toBe('The text is 2049 bytes, over WeCom’s limit of 2048 bytes');
		expect(harness.sandbox.countOf('/cgi-bin/webhook/send')).toBe(0);
	});
});
