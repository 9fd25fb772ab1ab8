import { createHash } from 'node:crypto';
import { sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteResponsePromiseData, INodeExecutionData } from 'n8n-workflow';

import type { AiBotConnection } from '../../nodes/shared/aiBot/connection';
import type { CallbackFrame } from '../../nodes/shared/aiBot/frames';
import { relayResponse } from '../../nodes/shared/aiBot/relay';
import { MAX_STREAM_IMAGE_BYTES, streamBody, streamImageItem, streamImageProblem } from '../../nodes/shared/aiBot/replies';
import { aiBotStreams } from '../../nodes/shared/aiBot/streamStore';
import { WeComAiBot } from '../../nodes/WeComAiBot/WeComAiBot.node';
import { runTurn } from '../../nodes/WeComAiBotTrigger/turns';
import type { TurnHost } from '../../nodes/WeComAiBotTrigger/turns';
import type { AiBotSandboxHandle } from '../support/aiBot';
import { startAiBotSandbox, testConnection } from '../support/aiBot';
import { registerNodeType, runNode, TestCredentialsHelper } from '../support/engine';

/*
 * Images in the answer bubble (msg_item, wecom-new-features.md §1.4): the WeCom AI Bot node's
 * Reply reads them from n8n binary data and checks WeCom's limits before anything leaves; the
 * trigger puts them on the finishing stream frame (or, past the stream window, uploads and sends
 * them); the sandbox judges every frame as WeCom does and keeps what a member would see.
 */

const NODE_TYPE = 'n8n-nodes-wecom-suite.weComAiBot';
registerNodeType(NODE_TYPE, new WeComAiBot());
const credentialsHelper = new TestCredentialsHelper();

/** A 1×1 PNG and the first bytes of a JPG: what WeCom shows. A GIF it does not. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a tiny jpeg body')]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

function binaryField(data: Buffer, fileName: string, mimeType: string) {
	return { data: data.toString('base64'), fileName, mimeType };
}

function triggerItem(overrides: IDataObject = {}, binary: INodeExecutionData['binary'] = {}): INodeExecutionData {
	return {
		json: { connection: 'longConnection', req_id: 'aibot_callback_r1', msgtype: 'text', content: 'show me', chat: 'zhangsan', ...overrides },
		binary,
	};
}

/** Runs Reply and returns what it handed to the trigger (sendResponse), its output and error. */
async function runReply(parameters: IDataObject, item: INodeExecutionData) {
	const responses: IExecuteResponsePromiseData[] = [];
	const result = await runNode({
		nodeType: NODE_TYPE,
		parameters: { operation: 'reply', replyType: 'markdown', markdown: 'Here you go', ...parameters },
		items: [item],
		credentialsHelper,
		onSendResponse: (response) => responses.push(response),
	});
	return { ...result, responses };
}

describe('Reply with images: the node', () => {
	it('hands the images to the trigger as msg_item (base64 and md5 of each binary field)', async () => {
		const { responses, items, error } = await runReply(
			{ images: 'chart, photo' },
			triggerItem({}, { chart: binaryField(PNG, 'chart.png', 'image/png'), photo: binaryField(JPG, 'photo.jpg', 'image/jpeg') }),
		);
		expect(error).toBeUndefined();
		expect(responses).toEqual([
			relayResponse({
				action: 'reply',
				req_id: 'aibot_callback_r1',
				markdown: 'Here you go',
				msg_item: [
					{ msgtype: 'image', image: { base64: PNG.toString('base64'), md5: md5(PNG) } },
					{ msgtype: 'image', image: { base64: JPG.toString('base64'), md5: md5(JPG) } },
				],
			}),
		]);
		expect(items[0].json).toMatchObject({ operation: 'reply', images: 2, deliveredVia: 'long connection' });
	});

	it('refuses what WeCom would not show, before anything is sent', async () => {
		const cases: Array<[IDataObject, INodeExecutionData['binary'], RegExp]> = [
			[{ images: 'data' }, { data: binaryField(GIF, 'anim.gif', 'image/gif') }, /binary field "data" \(anim\.gif\) is not a JPG or PNG image/],
			[{ images: Array.from({ length: 11 }, (_, index) => `f${index}`).join(',') }, {}, /lists 11 binary fields; WeCom shows at most 10 images/],
			[{ images: 'missing' }, { data: binaryField(PNG, 'a.png', 'image/png') }, /missing/],
		];
		for (const [parameters, binary, message] of cases) {
			const { responses, error } = await runReply(parameters, triggerItem({}, binary));
			expect(error?.message).toMatch(message);
			expect(responses).toEqual([]);
		}
	});

	it('refuses an image over 10 MB and says what to do', async () => {
		const big = Buffer.concat([PNG, Buffer.alloc(MAX_STREAM_IMAGE_BYTES + 1 - PNG.length)]);
		expect(streamImageProblem(big, 'big.png')).toMatch(/at most 10 MB/);
		const { responses, error } = await runReply({ images: 'data' }, triggerItem({}, { data: binaryField(big, 'big.png', 'image/png') }));
		expect(error?.message).toMatch(/has 10485761 bytes; WeCom takes images of at most 10 MB/);
		expect(error?.description).toMatch(/Edit Image node/);
		expect(responses).toEqual([]);
	});

	it('callback mode: the images join the bubble when this process holds it, and are refused when it does not', async () => {
		aiBotStreams.open('stream_cb_1', 'Thinking…');
		const callbackItem = (streamId: string) =>
			triggerItem({ connection: 'callback', req_id: undefined, stream_id: streamId, response_url: 'http://127.0.0.1:9/aibot/response' }, { data: binaryField(PNG, 'a.png', 'image/png') });
		const inBubble = await runReply({ images: 'data' }, callbackItem('stream_cb_1'));
		expect(inBubble.error).toBeUndefined();
		expect(aiBotStreams.get('stream_cb_1')).toMatchObject({ finished: true, content: 'Here you go', images: [streamImageItem(PNG)] });

		const elsewhere = await runReply({ images: 'data' }, callbackItem('stream_of_another_process'));
		expect(elsewhere.error?.message).toBe('Images need the answer bubble, which this n8n process cannot reach');
	});
});

describe('Reply with Attach Media: the node', () => {
	const REPORT = Buffer.from('%PDF-1.7 quarterly report');

	it('hands the file to the trigger, which holds the connection to upload it on', async () => {
		const { responses, items, error } = await runReply(
			{ attachMedia: true, mediaType: 'file', binaryPropertyName: 'report' },
			triggerItem({}, { report: binaryField(REPORT, 'q3.pdf', 'application/pdf') }),
		);
		expect(error).toBeUndefined();
		expect(responses).toEqual([
			relayResponse({ action: 'reply', req_id: 'aibot_callback_r1', markdown: 'Here you go', media: { type: 'file', filename: 'q3.pdf', base64: REPORT.toString('base64') } }),
		]);
		expect(items[0].json).toMatchObject({ media: 'q3.pdf' });
	});

	it('refuses a file over its type’s limit, and any file in callback mode, before anything is sent', async () => {
		const voice = Buffer.alloc(2 * 1024 * 1024 + 1, 1);
		const tooBig = await runReply({ attachMedia: true, mediaType: 'voice' }, triggerItem({}, { data: binaryField(voice, 'long.amr', 'audio/amr') }));
		expect(tooBig.error?.message).toMatch(/at most 2 MB as voice/);
		expect(tooBig.responses).toEqual([]);

		aiBotStreams.open('stream_cb_2', 'Thinking…');
		const callback = await runReply(
			{ attachMedia: true, mediaType: 'file' },
			triggerItem({ connection: 'callback', req_id: undefined, stream_id: 'stream_cb_2' }, { data: binaryField(REPORT, 'q3.pdf', 'application/pdf') }),
		);
		expect(callback.error?.message).toBe('Attach Media works over the long connection only');
		expect(aiBotStreams.get('stream_cb_2')?.finished).toBe(false);
	});
});

describe('Reply with images: the trigger and WeCom (sandbox)', () => {
	let sandbox: AiBotSandboxHandle;
	let connection: AiBotConnection;
	let frames: CallbackFrame[];

	beforeEach(async () => {
		sandbox = await startAiBotSandbox();
		frames = [];
		connection = testConnection(sandbox, { onCallback: (frame) => frames.push(frame), ackTimeoutMs: 5000 });
		await connection.open();
	});

	afterEach(async () => {
		connection.stop();
		await sandbox.close();
	});

	async function nextFrame(): Promise<CallbackFrame> {
		await sandbox.aiBot.until(() => frames.length > 0);
		const frame = frames.shift();
		if (!frame) throw new Error('no frame');
		return frame;
	}

	function host(answer: (frame: CallbackFrame) => Promise<unknown>, reports: string[]) {
		return (frame: CallbackFrame): TurnHost => ({
			connection,
			settings: { placeholder: 'Thinking…', noAnswerText: 'No answer.', welcomeText: '', answerTimeoutMs: 5000 },
			signal: new AbortController().signal,
			report: (message) => reports.push(message),
			start: async () => ({ answer: answer(frame) }),
		});
	}

	it('finishes the bubble with the images under the answer', async () => {
		const reports: string[] = [];
		const images = [streamImageItem(PNG), streamImageItem(JPG)];
		await sandbox.aiBot.deliver({ text: 'chart please' });
		const frame = await nextFrame();
		await runTurn(host(async () => relayResponse({ action: 'reply', req_id: frame.reqId, markdown: 'The chart', msg_item: images }), reports)(frame), frame);
		expect(reports).toEqual([]);
		expect(sandbox.aiBot.conversation[0].bubble).toMatchObject({
			content: 'The chart',
			finished: true,
			frames: 2,
			images: [expect.objectContaining({ md5: md5(PNG), format: 'png', bytes: PNG.length }), expect.objectContaining({ md5: md5(JPG), format: 'jpg' })],
		});
		const shown = await fetch(`${sandbox.url}/__sandbox/aibot/image?id=${sandbox.aiBot.conversation[0].bubble?.images[0].id ?? ''}`);
		expect(shown.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await shown.arrayBuffer())).toEqual(PNG);
	});

	it('past the stream window, sends the answer and then each image, uploaded, as proactive messages', async () => {
		sandbox.aiBot.options.streamWindowMs = 500;
		const reports: string[] = [];
		await sandbox.aiBot.deliver({ text: 'slow chart', userid: 'lisi' });
		const frame = await nextFrame();
		const late = async () => {
			await sleep(800);
			return relayResponse({ action: 'reply', req_id: frame.reqId, markdown: 'Late chart', msg_item: [streamImageItem(PNG)] });
		};
		await runTurn(host(late, reports)(frame), frame);
		expect(reports).toEqual([]);
		const [text, image] = sandbox.aiBot.proactive;
		expect(text.body).toEqual({ chatid: 'lisi', msgtype: 'markdown', markdown: { content: 'Late chart' } });
		expect(image.body).toEqual({ chatid: 'lisi', msgtype: 'image', image: { media_id: expect.any(String) } });
		const mediaId = String((image.body.image as IDataObject).media_id);
		expect(sandbox.aiBot.uploadedMedia.get(mediaId)).toEqual({ type: 'image', filename: 'image_1.png', data: PNG });
	});

	it('sends an attached file after the answer as a media reply; past the window, as a proactive file message', async () => {
		const report = Buffer.from('%PDF-1.7 quarterly report');
		const media = { type: 'file' as const, filename: 'q3.pdf', base64: report.toString('base64') };
		const reports: string[] = [];
		await sandbox.aiBot.deliver({ text: 'the report please' });
		const frame = await nextFrame();
		await runTurn(host(async () => relayResponse({ action: 'reply', req_id: frame.reqId, markdown: 'Attached', media }), reports)(frame), frame);
		expect(sandbox.aiBot.conversation[0]).toMatchObject({ bubble: { content: 'Attached', finished: true }, media: [{ type: 'file', filename: 'q3.pdf', bytes: report.length }] });

		sandbox.aiBot.options.streamWindowMs = 500;
		await sandbox.aiBot.deliver({ text: 'slow report', userid: 'lisi' });
		const slow = await nextFrame();
		const late = async () => {
			await sleep(800);
			return relayResponse({ action: 'reply', req_id: slow.reqId, markdown: 'Late report', media });
		};
		await runTurn(host(late, reports)(slow), slow);
		expect(reports).toEqual([]);
		expect(sandbox.aiBot.proactive.map((sent) => sent.body.msgtype)).toEqual(['markdown', 'file']);
		const mediaId = String(((sandbox.aiBot.proactive[1].body.file ?? {}) as IDataObject).media_id);
		expect(sandbox.aiBot.uploadedMedia.get(mediaId)).toEqual({ type: 'file', filename: 'q3.pdf', data: report });
	});

	it('the sandbox refuses msg_item as WeCom does: not before finish, over 10, wrong md5, not an image', async () => {
		await sandbox.aiBot.deliver({ text: 'judge me' });
		const frame = await nextFrame();
		const good = streamImageItem(PNG);
		const refusals: Array<[IDataObject, RegExp]> = [
			[{ ...streamBody('s1', 'x', false), stream: { id: 's1', finish: false, content: 'x', msg_item: [good] } }, /only with finish/],
			[streamBody('s1', 'x', true, undefined, Array.from({ length: 11 }, () => good)), /at most 10/],
			[streamBody('s1', 'x', true, undefined, [{ msgtype: 'image', image: { base64: PNG.toString('base64'), md5: md5(JPG) } }]), /md5 does not match/],
			[streamBody('s1', 'x', true, undefined, [streamImageItem(GIF)]), /not a JPG or PNG/],
		];
		for (const [body, message] of refusals) {
			await expect(connection.send('aibot_respond_msg', body, frame.reqId)).rejects.toMatchObject({ errcode: 40058, errmsg: expect.stringMatching(message) });
		}
		expect(sandbox.aiBot.conversation[0].bubble).toBeUndefined();
		expect(streamBody('s1', 'x', false, undefined, [good]).stream).not.toHaveProperty('msg_item');
	});
});
