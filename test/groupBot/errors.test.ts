/**
 * Every failure the issue names, each with a clear error before or after the call as it should
 * be, and the webhook key nowhere in what the run produced.
 */
import type { RunResult } from '../support/engine';
import {
	BAD_BOT_CREDENTIAL,
	UNKNOWN_BOT_ID,
	SANDBOX_BOT_KEY,
	allStrings,
	binaryItem,
	fakeAmr,
	fakePng,
	useBotHarness,
} from '../support/groupBot';

const harness = useBotHarness();

const SECRETS = [SANDBOX_BOT_KEY, UNKNOWN_BOT_ID];

/** The webhook key appears nowhere in the run: not in errors (message, description, stack, context) nor output. */
function expectNoKeyIn(result: RunResult): void {
	const strings = [...allStrings(result.run), ...allStrings(result.error), ...allStrings(result.items)];
	// The walk reaches what a user sees: the error's message and every output item.
	if (result.error) expect(strings).toContain(result.error.message);
	for (const item of result.items) expect(strings).toEqual(expect.arrayContaining(allStrings(item.json)));
	for (const secret of SECRETS) {
		expect(strings.filter((text) => text.includes(secret))).toEqual([]);
	}
}

function descriptionOf(result: RunResult): string {
	return String(Reflect.get(result.error ?? {}, 'description') ?? '');
}

const sends = () => harness.sandbox.countOf('/cgi-bin/webhook/send');
const uploads = () => harness.sandbox.countOf('/cgi-bin/webhook/upload_media');

describe('after the call: WeCom refuses', () => {
	test('a bad key gives 93000 with what to do, and the key is not in the error', async () => {
		const result = await harness.run(
			{ operation: 'send', messageType: 'text', content: 'hello' },
			{ credential: BAD_BOT_CREDENTIAL },
		);
		expect(result.error?.message).toBe('WeCom error 93000: invalid webhook url');
		expect(descriptionOf(result)).toMatch(/webhook key is invalid\. Copy the webhook URL again/);
		expect(sends()).toBe(1);
		expectNoKeyIn(result);
	});

	test('a bad key on an upload fails the same way, before anything is sent', async () => {
		const result = await harness.run(
			{ operation: 'send', messageType: 'file', mediaSource: 'binary', binaryPropertyName: 'data' },
			{ items: [binaryItem(Buffer.from('report body'), 'r.txt', 'text/plain')], credential: BAD_BOT_CREDENTIAL },
		);
		expect(result.error?.message).toBe('WeCom error 93000: invalid webhook url');
		expect(uploads()).toBe(1);
		expect(sends()).toBe(0);
		expectNoKeyIn(result);
	});

	test('WeCom answers 502: not repeated (the post may have arrived), an unknown-outcome error without the key', async () => {
		harness.sandbox.inject({ path: '/cgi-bin/webhook/send', httpStatus: 502, times: 3 });
		const result = await harness.run({ operation: 'send', messageType: 'text', content: 'hello' });
		expect(result.error?.message).toBe('No answer from WeCom (HTTP 502): the message may have been posted to the group chat');
		expect(sends()).toBe(1);
		expectNoKeyIn(result);
	});

	test('a dropped connection is not repeated either: one post at most', async () => {
		harness.sandbox.inject({ path: '/cgi-bin/webhook/send', drop: true, times: 1 });
		const result = await harness.run({ operation: 'send', messageType: 'text', content: 'hello' });
		expect(result.error?.message).toMatch(/^No answer from WeCom \(the connection broke after the request was sent/);
		expect(sends()).toBe(1);
		expectNoKeyIn(result);
	});

	test('system busy (-1) proves the bot took nothing: retried, and the message arrives once', async () => {
		harness.sandbox.inject({ path: '/cgi-bin/webhook/send', errcode: -1, times: 2 });
		const result = await harness.run({ operation: 'send', messageType: 'text', content: 'hello' });
		expect(result.error).toBeUndefined();
		expect(sends()).toBe(3);
		expect(harness.bots.inbox(SANDBOX_BOT_KEY)).toHaveLength(1);
	});
});

describe('before the call: the node refuses what WeCom would', () => {
	test('empty text: n8n itself refuses the required field before running', async () => {
		await expect(harness.run({ operation: 'send', messageType: 'text', content: '' })).rejects.toThrow(
			'Parameter "Text" is required',
		);
		expect(sends()).toBe(0);
	});

	test('blank text', async () => {
		const result = await harness.run({ operation: 'send', messageType: 'text', content: '  \n  ' });
		expect(result.error?.message).toBe('The text message is empty');
		expect(descriptionOf(result)).toMatch(/44004/);
		expect(sends()).toBe(0);
	});

	test('an expression that gives empty markdown', async () => {
		const result = await harness.run(
			{ operation: 'send', messageType: 'markdown', content: '={{ $json.summary }}' },
			{ items: [{ json: { summary: '' } }] },
		);
		expect(result.error?.message).toBe('The markdown message is empty');
		expect(sends()).toBe(0);
	});

	test('an image over 2 MB', async () => {
		const png = fakePng(2 * 1024 * 1024 + 1);
		const result = await harness.run(
			{ operation: 'send', messageType: 'image', binaryPropertyName: 'data' },
			{ items: [binaryItem(png, 'big.png', 'image/png')] },
		);
		expect(result.error?.message).toBe(
			'The image is 2.00 MB (2,097,153 bytes), over WeCom’s limit of 2 MB for group bot images',
		);
		expect(sends()).toBe(0);
	});

	test('an image that is not JPG or PNG, whatever its MIME type says', async () => {
		const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(64, 1)]);
		const result = await harness.run(
			{ operation: 'send', messageType: 'image', binaryPropertyName: 'data' },
			{ items: [binaryItem(gif, 'photo.png', 'image/png')] },
		);
		expect(result.error?.message).toBe('The image is not a JPG or PNG file');
		expect(descriptionOf(result)).toContain('"photo.png" (image/png)');
		expect(sends()).toBe(0);
	});

	test('a voice clip that is not AMR', async () => {
		const mp3 = Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.alloc(200, 7)]);
		const result = await harness.run(
			{ operation: 'send', messageType: 'voice', mediaSource: 'binary', binaryPropertyName: 'data' },
			{ items: [binaryItem(mp3, 'note.mp3', 'audio/mpeg')] },
		);
		expect(result.error?.message).toBe('The voice clip is not an AMR file');
		expect(uploads()).toBe(0);
		expect(sends()).toBe(0);
	});

	test('a voice clip over 2 MB and a file of 5 bytes', async () => {
		const voice = await harness.run(
			{ operation: 'uploadMedia', mediaType: 'voice', binaryPropertyName: 'data' },
			{ items: [binaryItem(fakeAmr(2 * 1024 * 1024 + 10), 'long.amr', 'audio/amr')] },
		);
		expect(voice.error?.message).toBe(
			'The voice is 2.00 MB (2,097,162 bytes), over WeCom’s limit of 2 MB for group bot voices',
		);
		const tiny = await harness.run(
			{ operation: 'uploadMedia', mediaType: 'file', binaryPropertyName: 'data' },
			{ items: [binaryItem(Buffer.from('12345'), 'tiny.txt', 'text/plain')] },
		);
		expect(tiny.error?.message).toBe('The file is 5 bytes; WeCom needs more than 5 bytes');
		expect(uploads()).toBe(0);
	});

	test('no binary data in the named field', async () => {
		const result = await harness.run(
			{ operation: 'send', messageType: 'image', binaryPropertyName: 'chart' },
			{ items: [{ json: {} }] },
		);
		expect(result.error?.message).toMatch(/chart/);
		expect(sends()).toBe(0);
	});

	test('news with 9 articles, or one without a URL', async () => {
		const nine = Array.from({ length: 9 }, (_, index) => ({ title: `t${index}`, url: `https://example.com/${index}` }));
		const tooMany = await harness.run({
			operation: 'send',
			messageType: 'news',
			articlesInput: 'json',
			articlesJson: JSON.stringify(nine),
		});
		expect(tooMany.error?.message).toBe('A news message needs 1 to 8 articles, not 9');
		const noUrl = await harness.run({
			operation: 'send',
			messageType: 'news',
			articlesInput: 'json',
			articlesJson: '[{"title": "Q3"}]',
		});
		expect(noUrl.error?.message).toBe('Article 1 has no url');
		expect(sends()).toBe(0);
	});

	test('a card type group bots do not send', async () => {
		const result = await harness.run({
			operation: 'send',
			messageType: 'template_card',
			cardInput: 'json',
			cardJson: '{"card_type": "button_interaction", "card_action": {"type": 1, "url": "https://example.com"}}',
		});
		expect(result.error?.message).toBe('Group bots send text_notice and news_notice cards, not "button_interaction"');
		expect(sends()).toBe(0);
	});

	test('with Continue On Fail, the bad item reports its error and the others are sent', async () => {
		const result = await harness.run(
			{ operation: 'send', messageType: 'text', content: '={{ $json.text }}' },
			{
				items: [{ json: { text: 'first' } }, { json: { text: '' } }, { json: { text: 'third' } }],
				onError: 'continueRegularOutput',
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.error ?? item.json.msgtype)).toEqual([
			'text',
			'The text message is empty',
			'text',
		]);
		expect(harness.bots.inbox(SANDBOX_BOT_KEY).map((message) => message.body.text.content)).toEqual(['first', 'third']);
		expectNoKeyIn(result);
	});
});

test('a successful run carries no key either', async () => {
	const result = await harness.run({ operation: 'send', messageType: 'text', content: 'hello' });
	expect(result.error).toBeUndefined();
	expectNoKeyIn(result);
});
