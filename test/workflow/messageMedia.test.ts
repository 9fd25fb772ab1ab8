/**
 * Message → Send with files from n8n binary data, stored the way n8n 2.x stores them (filesystem
 * mode: the item carries an ID, the bytes live on disk). Each file is checked against WeCom's
 * type and size rules first, uploaded once (media/upload, multipart part "media" with filename and
 * filelength), and sent in the same step.
 */
import { inboxOf } from '../../sandbox/routes/messages';
import { mediaStore } from '../../sandbox/routes/media';
import { enableFilesystemBinaryData } from '../support/binaryData';
import { dig, fakeFile, itemWithFiles, onlyBodyTo, uploadedPart } from '../support/media';
import { jsonOf, useApiHarness } from '../support/weCom';

const MB = 1024 * 1024;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const send = (parameters: Record<string, unknown>) => ({
	resource: 'message',
	operation: 'send',
	recipients: { users: [{ user: byId('lisi') }] },
	mediaSource: 'binary',
	...parameters,
});

const harness = useApiHarness({ beforeStart: enableFilesystemBinaryData, forget: ['messages'] });

const uploads = () => harness.sandbox.requestsTo('/cgi-bin/media/upload');

test('a 9 MB file from a binary field is uploaded once, as multipart part "media", and sent', async () => {
	const content = fakeFile('pdf', 9 * MB);
	const item = itemWithFiles({ report: { content, fileName: 'Weekly report 周报.pdf', mimeType: 'application/pdf' } });
	const result = await harness.run(send({ msgtype: 'file', binaryPropertyName: 'report' }), { items: [item] });
	expect(result.error).toBeUndefined();
	// The node read the file from n8n's binary data store, not from an inline copy.
	const startOutput = result.run.data.resultData.runData.Start[0].data?.main[0]?.[0];
	expect(startOutput?.binary?.report).toMatchObject({ id: expect.stringMatching(/^filesystem/), bytes: 9 * MB, data: expect.not.stringMatching(/^JVBER/) });

	expect(uploads()).toHaveLength(1);
	const [upload] = uploads();
	expect(upload.query.type).toBe('file');
	expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
	const part = uploadedPart(upload);
	expect(part.name).toBe('media');
	expect(part.filename).toBe('Weekly report 周报.pdf');
	expect(part.filelength).toBe(9 * MB);
	expect(part.contentType).toBe('application/pdf');
	expect(part.content.equals(content)).toBe(true);

	const body = onlyBodyTo(harness.sandbox, '/cgi-bin/message/send');
	const [mediaId] = [...mediaStore(harness.sandbox).keys()].slice(-1);
	expect(body).toEqual({ agentid: 1000002, touser: 'lisi', msgtype: 'file', file: { media_id: mediaId } });
	expect(mediaStore(harness.sandbox).get(mediaId)?.content.equals(content)).toBe(true);
	expect(jsonOf(result)[0]).toMatchObject({ msgid: expect.any(String), partialDelivery: false });
	expect(inboxOf(harness.sandbox)).toHaveLength(1);
});

test('image, voice and video each upload with their type; the video keeps its title', async () => {
	const cases = [
		{ msgtype: 'image', content: fakeFile('png', 300_000), fileName: 'chart.png', mimeType: 'image/png', extra: {} },
		{ msgtype: 'voice', content: fakeFile('amr', 40_000), fileName: 'memo.amr', mimeType: 'audio/amr', extra: {} },
		{ msgtype: 'video', content: fakeFile('mp4', 2 * MB), fileName: 'demo.mp4', mimeType: 'video/mp4', extra: { videoTitle: 'Demo' } },
	];
	for (const { msgtype, content, fileName, mimeType, extra } of cases) {
		harness.sandbox.requests.splice(0);
		const result = await harness.run(send({ msgtype, ...extra }), { items: [itemWithFiles({ data: { content, fileName, mimeType } })] });
		expect(result.error).toBeUndefined();
		const [upload] = uploads();
		expect(upload.query.type).toBe(msgtype);
		expect(uploadedPart(upload).content.equals(content)).toBe(true);
		const body = onlyBodyTo(harness.sandbox, '/cgi-bin/message/send');
		expect(body[msgtype]).toEqual({ media_id: expect.any(String), ...(msgtype === 'video' ? { title: 'Demo' } : {}) });
	}
});

test('an expired token during the send refreshes and resends, without uploading again', async () => {
	harness.sandbox.inject({ path: '/cgi-bin/message/send', errcode: 42001 });
	const gettokenBefore = harness.sandbox.countOf('/cgi-bin/gettoken');
	const item = itemWithFiles({ data: { content: fakeFile('jpeg', 50_000), fileName: 'photo.jpg', mimeType: 'image/jpeg' } });
	const result = await harness.run(send({ msgtype: 'image' }), { items: [item] });
	expect(result.error).toBeUndefined();
	expect(uploads()).toHaveLength(1);
	expect(harness.sandbox.countOf('/cgi-bin/message/send')).toBe(2);
	expect(harness.sandbox.countOf('/cgi-bin/gettoken')).toBe(gettokenBefore + 1);
	expect(inboxOf(harness.sandbox)).toHaveLength(1);
});

test('mpnews thumbnails from binary: a field used by two articles is uploaded once', async () => {
	const cover = fakeFile('jpeg', 20_000);
	const item = itemWithFiles({ cover: { content: cover, fileName: 'cover.jpg', mimeType: 'image/jpeg' } });
	const article = (title: string) => ({ title, thumbSource: 'binary', thumbBinaryProperty: 'cover', content: `<p>${title}</p>` });
	const result = await harness.run(
		send({ msgtype: 'mpnews', mpnewsArticles: { article: [article('One'), article('Two')] } }),
		{ items: [item] },
	);
	expect(result.error).toBeUndefined();
	expect(uploads()).toHaveLength(1);
	expect(uploads()[0].query.type).toBe('image');
	const body = onlyBodyTo(harness.sandbox, '/cgi-bin/message/send');
	const thumb = dig(body, 'mpnews', 'articles', 0, 'thumb_media_id');
	expect(dig(body, 'mpnews', 'articles', 1, 'thumb_media_id')).toBe(thumb);
	expect(mediaStore(harness.sandbox).get(String(thumb))?.content.equals(cover)).toBe(true);
});

describe('files WeCom would refuse stop before any request', () => {
	const refused = async (
		msgtype: string,
		file: { content: Buffer; fileName: string; mimeType: string },
		...fragments: string[]
	) => {
		const result = await harness.run(send({ msgtype }), { items: [itemWithFiles({ data: file })] });
		expect(result.error).toBeDefined();
		for (const fragment of fragments) expect(`${result.error?.message} ${result.error?.description ?? ''}`).toContain(fragment);
		expect(harness.sandbox.requests).toHaveLength(0);
	};

	test('voice over 2 MB', async () => {
		await refused('voice', { content: fakeFile('amr', 2 * MB + 1), fileName: 'long.amr', mimeType: 'audio/amr' }, 'is 2.00 MB (2,097,153 bytes)', 'at most 2.00 MB');
	});

	test('voice that is not AMR', async () => {
		await refused('voice', { content: fakeFile('mp4', 10_000), fileName: 'memo.m4a', mimeType: 'audio/mp4' }, 'must be AMR', 'an MP4 video', 'Convert the recording to AMR');
	});

	test('image over 10 MB', async () => {
		await refused('image', { content: fakeFile('png', 10 * MB + 1), fileName: 'huge.png', mimeType: 'image/png' }, 'huge.png', 'at most 10.0 MB');
	});

	test('image that is a PDF', async () => {
		await refused('image', { content: fakeFile('pdf', 1000), fileName: 'scan.pdf', mimeType: 'application/pdf' }, 'must be JPG or PNG', 'MIME type application/pdf');
	});

	test('video that is not MP4', async () => {
		await refused('video', { content: fakeFile('jpeg', 1000), fileName: 'clip.jpg', mimeType: 'image/jpeg' }, 'must be MP4');
	});

	test('file over 20 MB', async () => {
		await refused('file', { content: fakeFile('pdf', 20 * MB + 1), fileName: 'big.pdf', mimeType: 'application/pdf' }, 'at most 20.0 MB', 'Upload by URL');
	});

	test('file of 5 bytes or less', async () => {
		await refused('file', { content: Buffer.from('tiny!'), fileName: 'tiny.txt', mimeType: 'text/plain' }, 'is 5 bytes', 'more than 5 bytes');
	});

	test('a binary field the item does not have', async () => {
		const result = await harness.run(send({ msgtype: 'file', binaryPropertyName: 'attachment' }), {
			items: [itemWithFiles({ data: { content: fakeFile('pdf', 100), fileName: 'a.pdf', mimeType: 'application/pdf' } })],
		});
		expect(result.error?.message).toContain("'attachment'");
		expect(harness.sandbox.requests).toHaveLength(0);
	});

	test('a bad second thumbnail stops the message before the first one is uploaded', async () => {
		const item = itemWithFiles({
			good: { content: fakeFile('jpeg', 1000), fileName: 'good.jpg', mimeType: 'image/jpeg' },
			bad: { content: fakeFile('pdf', 1000), fileName: 'bad.pdf', mimeType: 'application/pdf' },
		});
		const article = (thumb: string) => ({ title: thumb, thumbSource: 'binary', thumbBinaryProperty: thumb, content: '<p/>' });
		const result = await harness.run(send({ msgtype: 'mpnews', mpnewsArticles: { article: [article('good'), article('bad')] } }), {
			items: [item],
		});
		expect(result.error?.message).toContain('bad.pdf');
		expect(harness.sandbox.requests).toHaveLength(0);
	});
});
