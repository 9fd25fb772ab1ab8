/**
 * Split Long Messages on the weCom node (Message → Send, Chat → Send) and the blank-text check it
 * shares with the Group Bot node, through n8n-core's engine against the sandbox.
 */
import { inboxOf } from '../../sandbox/routes/messages';
import { utf8Length } from '../../nodes/shared/splitText';
import { sampleMarkdown } from '../support/longText';
import { SANDBOX_BOT_KEY, useBotHarness } from '../support/groupBot';
import { jsonOf, useApiHarness } from '../support/weCom';

const SEND = '/cgi-bin/message/send';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const toLisi = { recipients: { users: [{ user: byId('lisi') }] } };
const send = (parameters: Record<string, unknown>) => ({ resource: 'message', operation: 'send', ...toLisi, ...parameters });

/** 200 lines of Chinese and links: about 9 KB, over WeCom's 2,048 bytes several times. */
const LONG_TEXT = Array.from({ length: 200 }, (_, index) => `第${index}行 状态正常 https://example.com/check/${index}`).join('\n');

const harness = useApiHarness({ forget: ['messages', 'appchats'] });

/** The content of every message the sandbox accepted, in order. */
function sentContents(msgtype: string): string[] {
	return inboxOf(harness.sandbox).map((entry) => {
		const payload = (entry.message as Record<string, unknown>)[msgtype];
		return String((payload as Record<string, unknown>).content);
	});
}

describe('Message → Send with Split Long Messages', () => {
	test('text over 2,048 bytes goes out as several messages that fit and join back, one output item', async () => {
		const result = await harness.run(
			send({ msgtype: 'text', text: '={{ $json.text }}', options: { splitLongMessages: true } }),
			{ items: [{ json: { text: LONG_TEXT } }] },
		);
		expect(result.error).toBeUndefined();
		const contents = sentContents('text');
		expect(contents.length).toBeGreaterThanOrEqual(4);
		for (const content of contents) expect(utf8Length(content)).toBeLessThanOrEqual(2048);
		expect(contents.join('')).toBe(LONG_TEXT);
		for (const content of contents.slice(0, -1)) expect(content.endsWith('\n')).toBe(true);
		const [output] = jsonOf(result);
		expect(jsonOf(result)).toHaveLength(1);
		expect(output).toMatchObject({ messageCount: contents.length, partialDelivery: false });
		expect(output.msgids).toEqual(inboxOf(harness.sandbox).map((entry) => entry.msgid));
		expect(output.msgid).toBe(inboxOf(harness.sandbox)[0].msgid);
	});

	test('markdown that fits is sent once, as before, without part fields', async () => {
		const result = await harness.run(send({ msgtype: 'markdown', markdown: '**ok**', options: { splitLongMessages: true } }));
		expect(result.error).toBeUndefined();
		expect(sentContents('markdown')).toEqual(['**ok**']);
		expect(jsonOf(result)[0].messageCount).toBeUndefined();
	});

	test('without the option, the error names the option and nothing is sent', async () => {
		const result = await harness.run(send({ msgtype: 'markdown', markdown: sampleMarkdown(3000) }));
		expect(result.error?.message).toMatch(/^Markdown content is [\d,]+ bytes long; WeCom allows at most 2,048 bytes$/);
		expect(String(result.error?.description)).toContain('Split Long Messages');
		expect(harness.sandbox.countOf(SEND)).toBe(0);
	});

	test('a part that fails says which parts were already sent', async () => {
		void harness.sandbox.waitForRequests(SEND, 1).then(() => harness.sandbox.inject({ path: SEND, errcode: 40003 }));
		const result = await harness.run(send({ msgtype: 'text', text: LONG_TEXT, options: { splitLongMessages: true } }));
		expect(result.error?.message).toMatch(/40003/);
		expect(String(result.error?.description)).toMatch(/^This message was split into \d parts and part 2 failed\. Part 1 was sent\./);
		expect(inboxOf(harness.sandbox)).toHaveLength(1);
	});
});

describe('Chat → Send with Split Long Messages', () => {
	test('markdown over the limit goes to the chat in parts', async () => {
		const created = await harness.run({ resource: 'chat', operation: 'create', name: 'Split', members: { users: [{ user: byId('lisi') }, { user: byId('wangwu') }] }, additionalFields: { owner: byId('zhangsan'), chatId: 'split2024' } });
		expect(created.error).toBeUndefined();
		const markdown = sampleMarkdown(5000);
		const result = await harness.run({ resource: 'chat', operation: 'send', chatId: 'split2024', msgtype: 'markdown', markdown, options: { splitLongMessages: true } });
		expect(result.error).toBeUndefined();
		const contents = sentContents('markdown');
		expect(contents.length).toBeGreaterThanOrEqual(3);
		expect(contents.join('')).toBe(markdown);
		expect(jsonOf(result)).toEqual([{ chatid: 'split2024', msgtype: 'markdown', sent: true, messageCount: contents.length }]);
	});
});

describe('text that is only spaces is refused before sending, by both nodes the same way', () => {
	const blank = ' \n\t　 ';

	test('weCom node: Message → Send', async () => {
		const result = await harness.run(send({ msgtype: 'text', text: '={{ $json.text }}' }), { items: [{ json: { text: blank } }] });
		expect(result.error?.message).toBe('Text content is empty');
		expect(String(result.error?.description)).toMatch(/empty or only spaces \(errcode 44004\)/);
		expect(harness.sandbox.requests).toHaveLength(0);
	});

	describe('Group Bot node', () => {
		const bot = useBotHarness();
		test('Send Message', async () => {
			const result = await bot.run({ operation: 'send', messageType: 'text', content: '={{ $json.text }}' }, { items: [{ json: { text: blank } }] });
			expect(result.error?.message).toBe('The text message is empty');
			expect(String(result.error?.description)).toMatch(/empty or only spaces \(errcode 44004\)/);
			expect(bot.bots.inbox(SANDBOX_BOT_KEY)).toHaveLength(0);
		});
	});
});
