/**
 * Issue 11 §5, errors and inputs from real reports: refused recipients are named, every call has
 * a default timeout, media downloads have a size cap and give a base name, redirects stay on the
 * API host.
 */
import type { INode } from 'n8n-workflow';

import { WeCom } from '../../nodes/WeCom/WeCom.node';
import { weComApiError } from '../../nodes/shared/errors';
import { DEFAULT_TIMEOUT_MS } from '../../nodes/shared/transport';
import { inboxOf } from '../../sandbox/routes/messages';
import { storeMedia } from '../../sandbox/routes/media';
import { byId, sendTextToLisi, useApiHarness } from '../support/weCom';

const SEND = '/cgi-bin/message/send';
const harness = useApiHarness({ forget: ['messages'] });

describe('refused recipients are named', () => {
	test('81013 (all recipients invalid) names the users, departments and tags WeCom refused', async () => {
		const result = await harness.run({
			resource: 'message',
			operation: 'send',
			recipients: { users: [{ user: byId('ghost') }], departments: [{ department: byId('999') }] },
			msgtype: 'text',
			text: 'hello',
		});
		expect(result.error?.message).toBe(
			'WeCom error 81013: user & party & tag all invalid (not accepted: users ghost; departments 999)',
		);
		expect(result.error?.description).toContain('Visible Range');
	});

	test('any error answer carrying invaliduser, invalidparty, invalidtag or unlicenseduser names them, in the node’s words', () => {
		const node: INode = { id: 'n', name: 'WeCom', type: 'weCom', typeVersion: 1, position: [0, 0], parameters: {} };
		const answer = {
			errcode: 60011,
			errmsg: 'no privilege to access/modify contact/party/agent',
			invaliduser: 'lisi|wangwu',
			invalidparty: [5, 6],
			invalidtag: '7',
			unlicenseduser: ['zhaoliu'],
		};
		const error = weComApiError(node, answer);
		expect(error.message).toBe(
			'WeCom error 60011: no privilege to access/modify contact/party/agent (not accepted: users lisi, wangwu; departments 5, 6; tags 7; users without an API license zhaoliu)',
		);
		expect(error.context.data).toMatchObject({ invaliduser: ['lisi', 'wangwu'], invalidparty: ['5', '6'] });
	});
});

describe('partial delivery (issue 12 §9)', () => {
	test('a send that missed some recipients succeeds with a warning hint above its output naming them', async () => {
		const result = await harness.run({
			...sendTextToLisi(),
			recipients: { users: [{ user: byId('lisi') }, { user: byId('ghost') }], departments: [{ department: byId('999') }] },
		});
		expect(result.error).toBeUndefined();
		const hints = Object.values(result.run.data.resultData.runData).flatMap((runs) => runs.flatMap((run) => run.hints ?? []));
		expect(hints).toEqual([
			expect.objectContaining({
				type: 'warning',
				message: expect.stringContaining('not reached: users ghost; departments 999'),
			}),
		]);
		expect(hints[0].message).toContain('Options → Fail on Partial Delivery');
	});

	test('Message → Send also explains it next to the recipients, before any run', () => {
		const properties = new WeCom().description.properties.filter(
			(property) => property.displayOptions?.show?.resource?.includes('message') && property.displayOptions.show.operation?.includes('send'),
		);
		const names = properties.map((property) => property.name);
		const notice = properties.find((property) => property.name === 'partialDeliveryNotice');
		expect(notice?.type).toBe('notice');
		expect(notice?.displayName).toContain('Options → Fail on Partial Delivery');
		expect(names.indexOf('partialDeliveryNotice')).toBe(names.indexOf('recipients') + 1);
	});
});

describe('local checks show no "Error code: none" (issue 12)', () => {
	test('a check before any call is an error without an HTTP code', async () => {
		const result = await harness.run({ ...sendTextToLisi(), msgtype: 'image', mediaSource: 'mediaId', mediaId: ' ' });
		expect(result.error?.message).toBe('Media ID is empty');
		expect(result.error?.httpCode).toBeNull();
		expect(harness.sandbox.countOf(SEND)).toBe(0);
	});
});

describe('every call has a timeout the transport applies', () => {
	test(`without the Timeout option a send is cut off after ${DEFAULT_TIMEOUT_MS / 1000} s, as an unknown outcome`, async () => {
		harness.sandbox.inject({ path: SEND, afterHandling: true, delayMs: DEFAULT_TIMEOUT_MS + 1500 });
		const started = Date.now();
		const result = await harness.run(sendTextToLisi());
		const elapsed = Date.now() - started;
		expect(result.error?.message).toBe('No answer from WeCom (no answer within 10 s): the message may have been delivered');
		expect(elapsed).toBeGreaterThanOrEqual(DEFAULT_TIMEOUT_MS);
		expect(elapsed).toBeLessThan(DEFAULT_TIMEOUT_MS + 1500);
		expect(inboxOf(harness.sandbox)).toHaveLength(1);
	}, 30_000);
});

describe('Media → Download', () => {
	const download = (mediaId: string, options: Record<string, number> = {}) =>
		harness.run({ resource: 'media', operation: 'download', mediaId, binaryPropertyName: 'data', options });
	const MB = 1024 * 1024;

	test('an answer over the default 20 MB cap is refused with a clear error', async () => {
		const mediaId = storeMedia(harness.sandbox, {
			type: 'file',
			fileName: 'huge.bin',
			contentType: 'application/octet-stream',
			content: Buffer.alloc(21 * MB, 7),
		});
		const result = await download(mediaId);
		expect(result.error?.message).toBe('The file is larger than the download limit of 20 MB (21 MB)');
		expect(String(Reflect.get(Object(result.error), 'description'))).toContain('Max File Size (MB)');
	});

	test('the user can lower or raise the cap', async () => {
		const mediaId = storeMedia(harness.sandbox, {
			type: 'file',
			fileName: 'report.pdf',
			contentType: 'application/pdf',
			content: Buffer.alloc(2 * MB, 1),
		});
		expect((await download(mediaId, { maxFileSizeMb: 1 })).error?.message).toBe(
			'The file is larger than the download limit of 1 MB (2 MB)',
		);
		const raised = await download(mediaId, { maxFileSizeMb: 3 });
		expect(raised.error).toBeUndefined();
		expect(raised.items[0].json).toMatchObject({ fileName: 'report.pdf', fileSize: 2 * MB });
	});

	test.each([
		['../../x.jpg', 'x.jpg'],
		['..\\..\\windows\\evil.jpg', 'evil.jpg'],
		['/etc/passwd', 'passwd'],
	])('a file name sent as %s becomes the base name %s', async (sent, expected) => {
		const mediaId = storeMedia(harness.sandbox, {
			type: 'image',
			fileName: sent,
			contentType: 'image/jpeg',
			content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]),
		});
		const result = await download(mediaId);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.fileName).toBe(expected);
		expect(result.items[0].binary?.data.fileName).toBe(expected);
	});
});

describe('redirects', () => {
	const send = sendTextToLisi();

	test('a 307 to another host is not followed: the body and the token never leave the API host', async () => {
		const otherHost = harness.sandbox.url.replace('127.0.0.1', 'localhost');
		harness.sandbox.inject({ path: SEND, redirectTo: otherHost });
		const result = await harness.run(send);
		expect(result.error?.message).toBe(
			`The WeCom API host redirected this call to another host (${new URL(otherHost).host}), which the node does not follow`,
		);
		expect(harness.sandbox.countOf(SEND)).toBe(1);
		expect(inboxOf(harness.sandbox)).toHaveLength(0);
	});

	test('a redirect on the same host is followed', async () => {
		harness.sandbox.inject({ path: SEND, redirectTo: harness.sandbox.url });
		const result = await harness.run(send);
		expect(result.error).toBeUndefined();
		expect(harness.sandbox.countOf(SEND)).toBe(2);
		expect(inboxOf(harness.sandbox)).toHaveLength(1);
	});
});
