/** The sandbox's group bot endpoints answer like WeCom, so the node tests can trust them. */
import { createHash } from 'node:crypto';

import { SANDBOX_BOT_KEY, SANDBOX_OTHER_BOT_KEY, fakePng, useBotHarness } from '../support/groupBot';

const harness = useBotHarness();

type Answer = Record<string, unknown>;

async function answerOf(response: Response): Promise<Answer> {
	const body: unknown = await response.json();
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not a JSON object');
	return Object.fromEntries(Object.entries(body));
}

async function send(body: unknown, key = SANDBOX_BOT_KEY): Promise<Answer> {
	const response = await fetch(`${harness.sandbox.url}/cgi-bin/webhook/send?key=${key}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return await answerOf(response);
}

async function upload(type: string, part: string, content: Buffer, key = SANDBOX_BOT_KEY) {
	const boundary = 'sandboxTestBoundary';
	const body = Buffer.concat([
		Buffer.from(`--${boundary}\r\n${part}\r\nContent-Type: application/octet-stream\r\n\r\n`),
		content,
		Buffer.from(`\r\n--${boundary}--\r\n`),
	]);
	const response = await fetch(`${harness.sandbox.url}/cgi-bin/webhook/upload_media?key=${key}&type=${type}`, {
		method: 'POST',
		headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
		body,
	});
	return await answerOf(response);
}

test('an unknown key is 93000 before the body is even looked at', async () => {
	expect(await send({ msgtype: 'text', text: { content: 'x' } }, 'nope')).toMatchObject({ errcode: 93000 });
	expect(await send('not json', 'nope')).toMatchObject({ errcode: 93000 });
});

test.each([
	['no msgtype', {}, 40008],
	['an unknown msgtype', { msgtype: 'sticker' }, 40008],
	['empty text', { msgtype: 'text', text: { content: '' } }, 44004],
	['text over 2048 bytes', { msgtype: 'text', text: { content: '中'.repeat(683) } }, 40058],
	['markdown over 4096 bytes', { msgtype: 'markdown', markdown: { content: 'x'.repeat(4097) } }, 40058],
	['mentions that are not a list', { msgtype: 'text', text: { content: 'x', mentioned_list: '@all' } }, 40058],
	['news with no articles', { msgtype: 'news', news: { articles: [] } }, 40058],
	['news with 9 articles', { msgtype: 'news', news: { articles: Array(9).fill({ title: 't', url: 'https://e.com' }) } }, 40058],
	['a file nobody uploaded', { msgtype: 'file', file: { media_id: 'unknown' } }, 40007],
	['an interactive card', { msgtype: 'template_card', template_card: { card_type: 'vote_interaction' } }, 40058],
	['broken JSON', '{"msgtype": "text", ', 40058],
])('refuses %s', async (_label, body, errcode) => {
	expect(await send(body)).toMatchObject({ errcode });
	expect(harness.bots.inbox(SANDBOX_BOT_KEY)).toEqual([]);
});

test('an image must carry the md5 of its base64 bytes', async () => {
	const png = fakePng(100);
	const base64 = png.toString('base64');
	const md5 = createHash('md5').update(png).digest('hex');
	expect(await send({ msgtype: 'image', image: { base64, md5: `${md5.slice(0, -1)}${md5.endsWith('0') ? '1' : '0'}` } })).toMatchObject({ errcode: 40058 });
	expect(await send({ msgtype: 'image', image: { base64, md5 } })).toEqual({ errcode: 0, errmsg: 'ok' });
});

test('uploads: part "media", filelength checked, voice must be AMR, media IDs belong to one bot', async () => {
	const content = Buffer.from('hello sandbox');
	const part = (extra: string) => `Content-Disposition: form-data; name="media"; filename="a.txt"${extra}`;
	expect(await upload('file', 'Content-Disposition: form-data; name="file"; filename="a.txt"', content)).toMatchObject({ errcode: 41005 });
	expect(await upload('file', part('; filelength=3'), content)).toMatchObject({ errcode: 40058 });
	expect(await upload('voice', part(''), content)).toMatchObject({ errcode: 40005 });
	expect(await upload('image', part(''), content)).toMatchObject({ errcode: 40004 });
	const ok = await upload('file', part(`; filelength=${content.length}`), content);
	expect(ok).toMatchObject({ errcode: 0, type: 'file', media_id: expect.any(String), created_at: expect.any(String) });
	expect(await send({ msgtype: 'file', file: { media_id: ok.media_id } }, SANDBOX_OTHER_BOT_KEY)).toMatchObject({ errcode: 40007 });
	expect(await send({ msgtype: 'voice', voice: { media_id: ok.media_id } })).toMatchObject({ errcode: 40007 });
	expect(await send({ msgtype: 'file', file: { media_id: ok.media_id } })).toEqual({ errcode: 0, errmsg: 'ok' });
});

test('the 21st message inside the rolling window is 45009; once the window has moved on, it is accepted', async () => {
	for (let index = 0; index < 20; index++) {
		expect(await send({ msgtype: 'text', text: { content: `m${index}` } })).toMatchObject({ errcode: 0 });
	}
	expect(await send({ msgtype: 'text', text: { content: 'one too many' } })).toMatchObject({ errcode: 45009 });
	// The other bot has its own budget.
	expect(await send({ msgtype: 'text', text: { content: 'other' } }, SANDBOX_OTHER_BOT_KEY)).toMatchObject({ errcode: 0 });
	harness.sandbox.advanceClock(60_001);
	expect(await send({ msgtype: 'text', text: { content: 'next minute' } })).toMatchObject({ errcode: 0 });
	expect(harness.bots.peakPerWindow(SANDBOX_BOT_KEY)).toBe(20);
});

test('the control API shows each bot’s inbox and sets the window', async () => {
	await send({ msgtype: 'markdown', markdown: { content: '**hi**' } });
	const config = await fetch(`${harness.sandbox.url}/__sandbox/webhook/config`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ rateWindowMs: 5000, rateLimit: 3 }),
	});
	expect(await answerOf(config)).toMatchObject({ rateWindowMs: 5000, rateLimit: 3 });
	const response = await fetch(`${harness.sandbox.url}/__sandbox/webhook/messages?key=${SANDBOX_BOT_KEY}`);
	const listing = await answerOf(response);
	expect(listing).toMatchObject({
		rateLimit: 3,
		rateWindowMs: 5000,
		bots: [{ name: 'Alerts Bot', messages: [{ msgtype: 'markdown', body: { markdown: { content: '**hi**' } } }] }],
	});
});
