import { createHash } from 'node:crypto';

import {
	BOT_CREDENTIAL,
	OTHER_BOT_CREDENTIAL,
	SANDBOX_BOT_KEY,
	SANDBOX_OTHER_BOT_KEY,
	binaryItem,
	fakeAmr,
	fakePng,
	useBotHarness,
} from '../support/groupBot';
import { jsonOf } from '../support/weCom';

const harness = useBotHarness();

function inbox(key = SANDBOX_BOT_KEY) {
	return harness.bots.inbox(key).map((message) => message.body);
}

describe('send: the body of every message type', () => {
	test('text with @mentions by user ID, mobile and @all', async () => {
		const result = await harness.run({
			operation: 'send',
			messageType: 'text',
			content: 'Disk usage on db-1 is at 91%',
			mentions: { userIds: 'zhangsan, lisi，@all', mobiles: '13800000001;13800000002' },
		});
		expect(result.error).toBeUndefined();
		expect(inbox()).toEqual([
			{
				msgtype: 'text',
				text: {
					content: 'Disk usage on db-1 is at 91%',
					mentioned_list: ['zhangsan', 'lisi', '@all'],
					mentioned_mobile_list: ['13800000001', '13800000002'],
				},
			},
		]);
		expect(jsonOf(result)).toEqual([{ msgtype: 'text', messageCount: 1 }]);
		// The key was taken out of the pasted webhook URL and sent as the `key` query parameter.
		expect(harness.sandbox.requestsTo('/cgi-bin/webhook/send')[0].query).toEqual({ key: SANDBOX_BOT_KEY });
	});

	test('text without mentions has no mention lists', async () => {
		const result = await harness.run({ operation: 'send', messageType: 'text', content: 'plain' });
		expect(result.error).toBeUndefined();
		expect(inbox()).toEqual([{ msgtype: 'text', text: { content: 'plain' } }]);
	});

	test('markdown and markdown_v2', async () => {
		const markdown = '## Daily report\n> Orders: <font color="info">128</font>\n<@zhangsan> [Open](https://example.com/a)';
		const table = '| Service | Status |\n| --- | --- |\n| api | ok |';
		const first = await harness.run({ operation: 'send', messageType: 'markdown', content: markdown });
		const second = await harness.run({ operation: 'send', messageType: 'markdown_v2', content: table });
		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(inbox()).toEqual([
			{ msgtype: 'markdown', markdown: { content: markdown } },
			{ msgtype: 'markdown_v2', markdown_v2: { content: table } },
		]);
	});

	test('image from binary: base64 of the raw bytes and their md5', async () => {
		const png = fakePng(4096);
		const result = await harness.run(
			{ operation: 'send', messageType: 'image', binaryPropertyName: 'data' },
			{ items: [binaryItem(png, 'chart.png', 'image/png')] },
		);
		expect(result.error).toBeUndefined();
		const [message] = inbox();
		expect(message).toEqual({
			msgtype: 'image',
			image: { base64: png.toString('base64'), md5: createHash('md5').update(png).digest('hex') },
		});
		expect(Buffer.from(String((message.image as { base64: string }).base64), 'base64').equals(png)).toBe(true);
	});

	test('news from fields: 1 to 8 articles, empty optional fields left out', async () => {
		const result = await harness.run({
			operation: 'send',
			messageType: 'news',
			articlesInput: 'fields',
			articles: {
				article: [
					{ title: 'Q3 report', description: 'Revenue up 12%', url: 'https://example.com/q3', picurl: 'https://example.com/q3.png' },
					{ title: 'Roadmap', description: '', url: 'https://example.com/roadmap', picurl: '' },
				],
			},
		});
		expect(result.error).toBeUndefined();
		expect(inbox()).toEqual([
			{
				msgtype: 'news',
				news: {
					articles: [
						{ title: 'Q3 report', description: 'Revenue up 12%', url: 'https://example.com/q3', picurl: 'https://example.com/q3.png' },
						{ title: 'Roadmap', url: 'https://example.com/roadmap' },
					],
				},
			},
		]);
	});

	test('news from JSON (an expression over the item), eight articles', async () => {
		const articles = Array.from({ length: 8 }, (_, index) => ({ title: `Item ${index + 1}`, url: `https://example.com/${index + 1}` }));
		const result = await harness.run(
			{ operation: 'send', messageType: 'news', articlesInput: 'json', articlesJson: '={{ $json.articles }}' },
			{ items: [{ json: { articles } }] },
		);
		expect(result.error).toBeUndefined();
		expect(inbox()).toEqual([{ msgtype: 'news', news: { articles } }]);
	});

	test('template card: text_notice from fields', async () => {
		const result = await harness.run({
			operation: 'send',
			messageType: 'template_card',
			cardInput: 'fields',
			cardType: 'text_notice',
			cardTitle: 'Incident 42',
			cardUrl: 'https://example.com/incident/42',
			cardOptions: {
				description: 'API latency',
				highlightValue: '99.95%',
				highlightLabel: 'Uptime',
				sourceName: 'Monitoring',
				subtitle: 'Resolved at 10:42',
				details: { detail: [{ label: 'Owner', value: 'lisi' }] },
				links: { link: [{ title: 'Runbook', url: 'https://example.com/runbook' }] },
			},
		});
		expect(result.error).toBeUndefined();
		expect(inbox()).toEqual([
			{
				msgtype: 'template_card',
				template_card: {
					card_type: 'text_notice',
					main_title: { title: 'Incident 42', desc: 'API latency' },
					card_action: { type: 1, url: 'https://example.com/incident/42' },
					emphasis_content: { title: '99.95%', desc: 'Uptime' },
					source: { desc: 'Monitoring' },
					sub_title_text: 'Resolved at 10:42',
					horizontal_content_list: [{ keyname: 'Owner', value: 'lisi' }],
					jump_list: [{ type: 1, title: 'Runbook', url: 'https://example.com/runbook' }],
				},
			},
		]);
	});

	test('template card: news_notice from fields and from JSON', async () => {
		const fromFields = await harness.run({
			operation: 'send',
			messageType: 'template_card',
			cardInput: 'fields',
			cardType: 'news_notice',
			cardTitle: 'Weekly chart',
			cardUrl: 'https://example.com/chart',
			cardImageUrl: 'https://example.com/chart.png',
			cardOptions: { imageAspectRatio: 2.25 },
		});
		const card = {
			card_type: 'news_notice',
			main_title: { title: 'From JSON' },
			card_image: { url: 'https://example.com/a.png', aspect_ratio: 1.3 },
			card_action: { type: 1, url: 'https://example.com/a' },
		};
		const fromJson = await harness.run({
			operation: 'send',
			messageType: 'template_card',
			cardInput: 'json',
			cardJson: JSON.stringify(card),
		});
		expect(fromFields.error).toBeUndefined();
		expect(fromJson.error).toBeUndefined();
		expect(inbox()).toEqual([
			{
				msgtype: 'template_card',
				template_card: {
					card_type: 'news_notice',
					main_title: { title: 'Weekly chart' },
					card_action: { type: 1, url: 'https://example.com/chart' },
					card_image: { url: 'https://example.com/chart.png', aspect_ratio: 2.25 },
				},
			},
			{ msgtype: 'template_card', template_card: card },
		]);
	});
});

describe('files and voice', () => {
	test('file from binary: uploaded as multipart part "media" with filename and filelength, then sent', async () => {
		const report = Buffer.from('date,orders\n2024-05-01,128\n', 'utf8');
		const result = await harness.run(
			{ operation: 'send', messageType: 'file', mediaSource: 'binary', binaryPropertyName: 'data' },
			{ items: [binaryItem(report, 'orders.csv', 'text/csv')] },
		);
		expect(result.error).toBeUndefined();

		const [uploadRequest] = harness.sandbox.requestsTo('/cgi-bin/webhook/upload_media');
		expect(uploadRequest.query).toEqual({ key: SANDBOX_BOT_KEY, type: 'file' });
		expect(String(uploadRequest.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
		const raw = uploadRequest.rawBody.toString('utf8');
		expect(raw).toContain(`Content-Disposition: form-data; name="media"; filename="orders.csv"; filelength=${report.length}\r\n`);
		expect(raw).toContain(`\r\n\r\n${report.toString('utf8')}\r\n--`);

		const [media] = [...harness.bots.bot(SANDBOX_BOT_KEY).media.values()];
		expect(media).toMatchObject({ type: 'file', filename: 'orders.csv', declaredLength: report.length, length: report.length });
		expect(inbox()).toEqual([{ msgtype: 'file', file: { media_id: media.mediaId } }]);
		expect(jsonOf(result)).toEqual([
			{ msgtype: 'file', messageCount: 1, media_id: media.mediaId, created_at: expect.any(String) },
		]);
	});

	test('voice from binary, with the file name from Options', async () => {
		const clip = fakeAmr(1200);
		const result = await harness.run(
			{ operation: 'send', messageType: 'voice', mediaSource: 'binary', binaryPropertyName: 'clip', options: { fileName: '晨会.amr' } },
			{ items: [{ json: {}, binary: { clip: binaryItem(clip, 'x.amr', 'audio/amr').binary!.data } }] },
		);
		expect(result.error).toBeUndefined();
		const [media] = [...harness.bots.bot(SANDBOX_BOT_KEY).media.values()];
		expect(media).toMatchObject({ type: 'voice', filename: '晨会.amr', length: 1200 });
		expect(inbox()).toEqual([{ msgtype: 'voice', voice: { media_id: media.mediaId } }]);
	});

	test('Upload Media on its own, then a file message by media ID', async () => {
		const upload = await harness.run(
			{ operation: 'uploadMedia', mediaType: 'file', binaryPropertyName: 'data' },
			{ items: [binaryItem(Buffer.from('hello world'), 'hello.txt', 'text/plain')] },
		);
		expect(upload.error).toBeUndefined();
		const [uploaded] = jsonOf(upload);
		expect(uploaded).toEqual({ type: 'file', media_id: expect.any(String), created_at: expect.any(String) });
		expect(harness.sandbox.countOf('/cgi-bin/webhook/send')).toBe(0);

		const send = await harness.run({
			operation: 'send',
			messageType: 'file',
			mediaSource: 'mediaId',
			mediaId: String(uploaded.media_id),
		});
		expect(send.error).toBeUndefined();
		expect(inbox()).toEqual([{ msgtype: 'file', file: { media_id: uploaded.media_id } }]);
	});

	test('a media ID works only for the bot that uploaded it (40007 from WeCom)', async () => {
		const upload = await harness.run(
			{ operation: 'uploadMedia', mediaType: 'file', binaryPropertyName: 'data' },
			{ items: [binaryItem(Buffer.from('hello world'), 'hello.txt', 'text/plain')], credential: BOT_CREDENTIAL },
		);
		const mediaId = String(jsonOf(upload)[0].media_id);
		const send = await harness.run(
			{ operation: 'send', messageType: 'file', mediaSource: 'mediaId', mediaId },
			{ credential: OTHER_BOT_CREDENTIAL },
		);
		expect(send.error?.message).toMatch(/WeCom error 40007/);
		expect(String(Reflect.get(send.error ?? {}, 'description'))).toMatch(/only for the app or group bot that uploaded them/);
		expect(inbox(SANDBOX_OTHER_BOT_KEY)).toEqual([]);
	});
});

test('items go out in item order, one output item each', async () => {
	const items = Array.from({ length: 6 }, (_, index) => ({ json: { line: `message ${index + 1}` } }));
	const result = await harness.run(
		{ operation: 'send', messageType: 'text', content: '={{ $json.line }}' },
		{ items },
	);
	expect(result.error).toBeUndefined();
	expect(inbox().map((message) => (message.text as { content: string }).content)).toEqual(items.map((item) => item.json.line));
	expect(jsonOf(result)).toHaveLength(6);
});
