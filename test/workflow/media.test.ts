/**
 * Resource Media through n8n-core's engine: temporary uploads with their expiry, article images,
 * downloads into binary data (WeCom's JSON errors never become files), and uploads by URL.
 */
import { mediaStore, storeMedia } from '../../sandbox/routes/media';
import { enableFilesystemBinaryData } from '../support/binaryData';
import { fakeFile, itemWithFiles, onlyBodyTo, uploadedPart } from '../support/media';
import { jsonOf, useApiHarness } from '../support/weCom';

const DAY_MS = 24 * 60 * 60 * 1000;

const harness = useApiHarness({ beforeStart: enableFilesystemBinaryData });

describe('Upload', () => {
	test('uploads a binary field as temporary media and says when it expires', async () => {
		const content = fakeFile('mp4', 300_000);
		const result = await harness.run(
			{ resource: 'media', operation: 'upload', mediaType: 'video', binaryPropertyName: 'clip' },
			{ items: [itemWithFiles({ clip: { content, fileName: 'launch.mp4', mimeType: 'video/mp4' } })] },
		);
		expect(result.error).toBeUndefined();
		const [output] = jsonOf(result);
		const createdAt = Number(output.created_at);
		expect(output).toEqual({
			type: 'video',
			media_id: expect.any(String),
			created_at: expect.any(String),
			expires_at: createdAt + 3 * 24 * 60 * 60,
			expires_at_iso: new Date((createdAt + 3 * 24 * 60 * 60) * 1000).toISOString(),
		});
		const [upload] = harness.sandbox.requestsTo('/cgi-bin/media/upload');
		expect(upload.query.type).toBe('video');
		expect(uploadedPart(upload)).toMatchObject({ name: 'media', filename: 'launch.mp4', filelength: 300_000 });
		expect(mediaStore(harness.sandbox).get(String(output.media_id))?.content.equals(content)).toBe(true);
	});

	test('a file over the type’s limit is refused before any request', async () => {
		const result = await harness.run(
			{ resource: 'media', operation: 'upload', mediaType: 'voice', binaryPropertyName: 'data' },
			{ items: [itemWithFiles({ data: { content: fakeFile('amr', 3 * 1024 * 1024), fileName: 'talk.amr', mimeType: 'audio/amr' } })] },
		);
		expect(result.error?.message).toContain('at most 2.00 MB');
		expect(harness.sandbox.requests).toHaveLength(0);
	});
});

describe('Upload Image', () => {
	test('uploads a JPG for article bodies and returns its permanent URL', async () => {
		const result = await harness.run(
			{ resource: 'media', operation: 'uploadImage', binaryPropertyName: 'data' },
			{ items: [itemWithFiles({ data: { content: fakeFile('jpeg', 100_000), fileName: 'figure.jpg', mimeType: 'image/jpeg' } })] },
		);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([{ url: expect.stringMatching(/^https:\/\/wework\.qpic\.cn\//) }]);
		const [upload] = harness.sandbox.requestsTo('/cgi-bin/media/uploadimg');
		expect(upload.query).not.toHaveProperty('type');
		expect(uploadedPart(upload)).toMatchObject({ name: 'media', filename: 'figure.jpg', filelength: 100_000 });
	});

	test('more than 2 MB is refused before any request', async () => {
		const result = await harness.run(
			{ resource: 'media', operation: 'uploadImage', binaryPropertyName: 'data' },
			{ items: [itemWithFiles({ data: { content: fakeFile('png', 2 * 1024 * 1024 + 1), fileName: 'big.png', mimeType: 'image/png' } })] },
		);
		expect(result.error?.message).toContain('article image "big.png" is 2.00 MB');
		expect(harness.sandbox.requests).toHaveLength(0);
	});
});

describe('Download', () => {
	test('puts the file into a binary field with WeCom’s file name and MIME type', async () => {
		const content = fakeFile('pdf', 250_000);
		const mediaId = storeMedia(harness.sandbox, { type: 'file', fileName: '季度报告 Q2.pdf', contentType: 'application/pdf', content });
		const result = await harness.run({ resource: 'media', operation: 'download', mediaId, binaryPropertyName: 'report' });
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.json).toEqual({ media_id: mediaId, fileName: '季度报告 Q2.pdf', mimeType: 'application/pdf', fileSize: 250_000 });
		expect(item.binary?.report).toMatchObject({ fileName: '季度报告 Q2.pdf', mimeType: 'application/pdf', bytes: 250_000 });
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('an unknown media ID (WeCom’s JSON error with HTTP 200) is an error, not a file', async () => {
		const result = await harness.run({ resource: 'media', operation: 'download', mediaId: 'unknown-id', binaryPropertyName: 'data' });
		expect(result.error?.message).toBe('WeCom error 40007: invalid media_id');
		expect(result.error?.description).toContain('3 days');
		expect(result.items).toHaveLength(0);
	});

	test('media past its 3 days is gone', async () => {
		const mediaId = storeMedia(harness.sandbox, { type: 'file', fileName: 'old.txt', contentType: 'text/plain', content: Buffer.from('old file') });
		harness.sandbox.advanceClock(3 * DAY_MS + 1000);
		try {
			const result = await harness.run({ resource: 'media', operation: 'download', mediaId, binaryPropertyName: 'data' });
			expect(result.error?.message).toContain('40007');
		} finally {
			harness.sandbox.advanceClock(-(3 * DAY_MS + 1000));
		}
	});

	test('with Continue On Fail, an error item instead of a file', async () => {
		const result = await harness.run(
			{ resource: 'media', operation: 'download', mediaId: 'unknown-id', binaryPropertyName: 'data' },
			{ onError: 'continueRegularOutput' },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([{ json: { error: 'WeCom error 40007: invalid media_id' }, pairedItem: { item: 0 } }]);
	});

	test('an expired token is refreshed and the download replayed', async () => {
		const mediaId = storeMedia(harness.sandbox, { type: 'image', fileName: 'p.png', contentType: 'image/png', content: fakeFile('png', 1000) });
		await harness.run({ resource: 'media', operation: 'download', mediaId, binaryPropertyName: 'data' });
		harness.sandbox.requests.splice(0);
		harness.sandbox.expireAllTokens();
		const result = await harness.run({ resource: 'media', operation: 'download', mediaId, binaryPropertyName: 'data' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.data).toMatchObject({ fileName: 'p.png', mimeType: 'image/png' });
		expect(harness.sandbox.countOf('/cgi-bin/gettoken')).toBe(1);
		expect(harness.sandbox.countOf('/cgi-bin/media/get')).toBe(2);
	});
});

describe('Upload by URL', () => {
	test('starts a job, then its result is processing until WeCom has the file', async () => {
		const started = await harness.run({
			resource: 'media',
			operation: 'uploadByUrl',
			mediaType: 'file',
			url: 'https://cdn.example.com/brochure.pdf',
			fileName: 'brochure.pdf',
			md5: 'd41d8cd98f00b204e9800998ecf8427e',
		});
		expect(started.error).toBeUndefined();
		expect(onlyBodyTo(harness.sandbox, '/cgi-bin/media/upload_by_url')).toEqual({
			scene: 1,
			type: 'file',
			url: 'https://cdn.example.com/brochure.pdf',
			filename: 'brochure.pdf',
			md5: 'd41d8cd98f00b204e9800998ecf8427e',
		});
		const jobid = String(jsonOf(started)[0].jobid);
		expect(jobid).toMatch(/^sbxjob/);

		const pending = await harness.run({ resource: 'media', operation: 'getUploadByUrlResult', jobId: jobid });
		expect(jsonOf(pending)).toEqual([{ status: 1, detail: {} }]);
		harness.sandbox.advanceClock(5000);
		const done = await harness.run({ resource: 'media', operation: 'getUploadByUrlResult', jobId: jobid });
		expect(jsonOf(done)).toEqual([
			{ status: 2, detail: { errcode: 0, errmsg: 'ok', media_id: expect.any(String), created_at: expect.any(String) } },
		]);
	});

	test('an unknown job ID is WeCom’s 40088 with a hint', async () => {
		const result = await harness.run({ resource: 'media', operation: 'getUploadByUrlResult', jobId: 'nojob' });
		expect(result.error?.message).toContain('40088');
		expect(result.error?.description).toContain('Upload by URL');
	});
});
