import fc from 'fast-check';

import { splitMessage, utf8Length } from '../../nodes/WeComGroupBot/helpers/split';
import { SANDBOX_BOT_KEY, useBotHarness } from '../support/groupBot';
import { jsonOf } from '../support/weCom';

const LINK = /!?\[[^\]\n]*\]\([^)\n]*\)/g;

/** [start, end) of every markdown link in the text. */
function linkSpans(text: string): Array<[number, number]> {
	return [...text.matchAll(LINK)].map((match) => [match.index ?? 0, (match.index ?? 0) + match[0].length]);
}

/** Offsets (UTF-16) where one part ends and the next begins. */
function cutOffsets(parts: string[]): number[] {
	const offsets: number[] = [];
	let offset = 0;
	for (const part of parts.slice(0, -1)) {
		offset += part.length;
		offsets.push(offset);
	}
	return offsets;
}

function isLoneSurrogateAt(text: string, index: number): boolean {
	const code = text.charCodeAt(index);
	return code >= 0xdc00 && code <= 0xdfff;
}

/** Markdown with CJK, emoji and links, lines of varied length. Deterministic. */
function sampleMarkdown(targetBytes: number): string {
	const pieces = [
		'## 每日销售报告 Daily sales',
		'> 订单数：<font color="info">128</font>，退款：<font color="warning">3</font>',
		'- 华东区 [查看详情](https://example.com/region/east?from=bot&lang=zh-CN)',
		'- Emoji ✅🚀👩‍💻 and a bare URL https://example.com/a/very/long/path/to/a/report.html',
		'平均客单价比上周提高了百分之十二，主要来自新品。'.repeat(3),
		'<@zhangsan> please check ![chart](https://example.com/chart.png)',
	];
	let text = '';
	for (let index = 0; utf8Length(text) < targetBytes; index++) {
		text += `${pieces[index % pieces.length]} #${index}\n`;
	}
	return text;
}

describe('splitMessage', () => {
	test('a 10,000-byte markdown: parts fit, join back, and cut at line ends', () => {
		const markdown = sampleMarkdown(10_000);
		expect(utf8Length(markdown)).toBeGreaterThanOrEqual(10_000);
		const parts = splitMessage(markdown, 4096);
		expect(parts.length).toBeGreaterThanOrEqual(3);
		expect(parts.join('')).toBe(markdown);
		for (const part of parts) expect(utf8Length(part)).toBeLessThanOrEqual(4096);
		for (const part of parts.slice(0, -1)) expect(part.endsWith('\n')).toBe(true);
	});

	test('one long CJK line with links right at the limit: no cut inside a character or a link', () => {
		const link = '[第二季度报告](https://example.com/q2)';
		// 4090 bytes of CJK, then a link that straddles the 4096-byte limit.
		const line = `${'报'.repeat(1363)}${link}${'表'.repeat(2000)}${link}尾`;
		const parts = splitMessage(line, 4096);
		expect(parts.join('')).toBe(line);
		for (const part of parts) {
			expect(utf8Length(part)).toBeLessThanOrEqual(4096);
			expect(part).toBe(Buffer.from(part, 'utf8').toString('utf8'));
		}
		const spans = linkSpans(line);
		for (const offset of cutOffsets(parts)) {
			expect(spans.some(([start, end]) => start < offset && offset < end)).toBe(false);
		}
		expect(parts[1].startsWith(link)).toBe(true);
	});

	test('text limit 2048: emoji sequences and surrogate pairs stay whole', () => {
		const line = '👩‍💻🚀'.repeat(400);
		const parts = splitMessage(line, 2048);
		expect(parts.join('')).toBe(line);
		for (const part of parts) {
			expect(utf8Length(part)).toBeLessThanOrEqual(2048);
			expect(isLoneSurrogateAt(part, 0)).toBe(false);
			expect(part.startsWith('\u200d')).toBe(false);
		}
	});

	test('property: any text splits into fitting parts that join back, never inside a link', () => {
		const fragment = fc.oneof(
			fc.constantFrom('\n', ' ', '中文', '😀', 'é', 'e\u0301', '👩‍💻', '<font color="info">ok</font>'),
			fc.string({ maxLength: 30 }),
			fc
				.tuple(fc.string({ maxLength: 12 }), fc.webUrl())
				.map(([label, url]) => `[${label.replace(/[[\]\n]/g, '')}](${url.replace(/[()]/g, '')})`),
		);
		fc.assert(
			fc.property(fc.array(fragment, { maxLength: 120 }), fc.integer({ min: 64, max: 400 }), (pieces, maxBytes) => {
				const text = pieces.join('');
				const parts = splitMessage(text, maxBytes);
				expect(parts.join('')).toBe(text);
				for (const part of parts) expect(utf8Length(part)).toBeLessThanOrEqual(maxBytes);
				for (const offset of cutOffsets(parts)) {
					expect(isLoneSurrogateAt(text, offset)).toBe(false);
					const inside = linkSpans(text).some(
						([start, end]) => start < offset && offset < end && utf8Length(text.slice(start, end)) <= maxBytes,
					);
					expect(inside).toBe(false);
				}
			}),
			{ numRuns: 300, seed: 6 },
		);
	});
});

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
