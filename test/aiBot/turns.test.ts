import { sleep } from 'n8n-workflow';

import type { AiBotConnection } from '../../nodes/shared/aiBot/connection';
import type { CallbackFrame } from '../../nodes/shared/aiBot/frames';
import { eventTypeOf } from '../../nodes/shared/aiBot/frames';
import { relayResponse } from '../../nodes/shared/aiBot/relay';
import { decryptFile } from '../../nodes/shared/callbackCodec';
import { runTurn } from '../../nodes/WeComAiBotTrigger/turns';
import type { TurnHost, TurnSettings } from '../../nodes/WeComAiBotTrigger/turns';
import type { AiBotSandboxHandle } from '../support/aiBot';
import { startAiBotSandbox, testConnection } from '../support/aiBot';

/*
 * One conversation turn, as the trigger runs it, against the sandbox's bot: every frame the
 * trigger sends is judged by the sandbox the way WeCom judges it (right command for the callback,
 * window, content size, card task_id), and what a member would see is read from its conversation.
 */

let sandbox: AiBotSandboxHandle;
let connection: AiBotConnection;
let frames: CallbackFrame[];

const settings: TurnSettings = { placeholder: 'Thinking…', noAnswerText: 'No answer.', welcomeText: '', answerTimeoutMs: 2000 };

beforeEach(async () => {
	sandbox = await startAiBotSandbox();
	frames = [];
	connection = testConnection(sandbox, { onCallback: (frame) => frames.push(frame) });
	await connection.open();
});

afterEach(async () => {
	connection.stop();
	await sandbox.close();
});

/** A host whose "workflow" answers with `answer` (or never, for undefined) after `delayMs`. */
function hostAnswering(answer: (frame: CallbackFrame) => unknown, overrides: Partial<TurnSettings> = {}) {
	const reports: string[] = [];
	let starts = 0;
	const controller = new AbortController();
	const host = (frame: CallbackFrame): TurnHost => ({
		connection,
		settings: { ...settings, ...overrides },
		signal: controller.signal,
		report: (message) => reports.push(message),
		start: async () => {
			starts += 1;
			const value = answer(frame);
			// undefined: a workflow that never answers
			return { answer: value === undefined ? new Promise<unknown>(() => undefined) : Promise.resolve(value) };
		},
	});
	return { host, reports, starts: () => starts, controller };
}

async function nextFrame(): Promise<CallbackFrame> {
	await sandbox.aiBot.until(() => frames.length > 0);
	const frame = frames.shift();
	if (!frame) throw new Error('no frame');
	return frame;
}

describe('a conversation turn over the long connection', () => {
	it('shows the placeholder at once, then finishes the same bubble with the answer', async () => {
		let placeholderSeenBeforeAnswer = false;
		const { host, reports, starts } = hostAnswering(async (frame) => {
			await sandbox.aiBot.until(() => sandbox.aiBot.conversation[0]?.bubble !== undefined);
			placeholderSeenBeforeAnswer = sandbox.aiBot.conversation[0].bubble?.content === 'Thinking…';
			return relayResponse({ action: 'reply', req_id: frame.reqId, markdown: '**Echo:** hi' });
		});
		await sandbox.aiBot.deliver({ text: 'hi' });
		const frame = await nextFrame();
		await runTurn(host(frame), frame);
		expect(placeholderSeenBeforeAnswer).toBe(true);
		expect(starts()).toBe(1);
		expect(reports).toEqual([]);
		expect(sandbox.aiBot.conversation[0].bubble).toMatchObject({ content: '**Echo:** hi', finished: true, frames: 2 });
	});

	it('sends the answer as a proactive markdown message once the stream window has passed (846608)', async () => {
		sandbox.aiBot.options.streamWindowMs = 1000;
		const { host, reports } = hostAnswering(async (frame) => {
			await sleep(1500);
			return relayResponse({ action: 'reply', req_id: frame.reqId, markdown: 'late answer' });
		});
		await sandbox.aiBot.deliver({ text: 'slow question', chattype: 'group', chatid: 'wrgroup7' });
		const frame = await nextFrame();
		await runTurn(host(frame), frame);
		expect(reports).toEqual([]);
		expect(sandbox.aiBot.conversation[0].bubble).toMatchObject({ content: 'Thinking…', finished: false });
		expect(sandbox.aiBot.proactive).toEqual([expect.objectContaining({ chatid: 'wrgroup7', body: { chatid: 'wrgroup7', msgtype: 'markdown', markdown: { content: 'late answer' } } })]);
	});

	it('closes the bubble with the No Answer Text when the workflow ends without a reply', async () => {
		const { host, reports } = hostAnswering(() => 'Execution ended without response');
		await sandbox.aiBot.deliver({ text: 'anyone?' });
		const frame = await nextFrame();
		await runTurn(host(frame), frame);
		expect(reports).toEqual([]);
		expect(sandbox.aiBot.conversation[0].bubble).toMatchObject({ content: 'No answer.', finished: true });
	});

	it('sends markdown and a card as two answers, both accepted', async () => {
		const card = { card_type: 'button_interaction', task_id: 'order_1', main_title: { title: 'Approve?' }, button_list: [{ text: 'Yes', key: 'yes' }] };
		const { host, reports } = hostAnswering((frame) => relayResponse({ action: 'reply', req_id: frame.reqId, markdown: 'See the card', template_card: card }));
		await sandbox.aiBot.deliver({ text: 'order 1' });
		const frame = await nextFrame();
		await runTurn(host(frame), frame);
		expect(reports).toEqual([]);
		expect(sandbox.aiBot.conversation[0]).toMatchObject({ bubble: { content: 'See the card', finished: true }, cards: [card] });
	});

	it('answers enter_chat with the workflow’s welcome, and a click with the updated card', async () => {
		const card = { card_type: 'text_notice', task_id: 'order_1', main_title: { title: 'Approved' } };
		const { host, reports } = hostAnswering((frame) =>
			eventTypeOf(frame.body) === 'enter_chat'
				? relayResponse({ action: 'welcome', req_id: frame.reqId, text: 'Welcome!' })
				: relayResponse({ action: 'updateCard', req_id: frame.reqId, template_card: card }),
		);
		await sandbox.aiBot.deliver({ kind: 'enter_chat' });
		const enter = await nextFrame();
		await runTurn(host(enter), enter);
		await sandbox.aiBot.deliver({ kind: 'template_card_event', taskId: 'order_1' });
		const click = await nextFrame();
		await runTurn(host(click), click);
		expect(reports).toEqual([]);
		expect(sandbox.aiBot.conversation[0].welcome).toEqual({ msgtype: 'text', text: { content: 'Welcome!' } });
		expect(sandbox.aiBot.conversation[1].update).toEqual({ response_type: 'update_template_card', template_card: card });
	});

	it('welcomes with the trigger’s own text without waiting for the workflow', async () => {
		const { host, starts } = hostAnswering(() => undefined, { welcomeText: 'Hi from the trigger' });
		await sandbox.aiBot.deliver({ kind: 'enter_chat' });
		const enter = await nextFrame();
		await runTurn(host(enter), enter);
		expect(starts()).toBe(1);
		expect(sandbox.aiBot.conversation[0].welcome).toEqual({ msgtype: 'text', text: { content: 'Hi from the trigger' } });
	});

	it('reports a wrong kind of answer instead of sending what WeCom refuses (846605)', async () => {
		const { host, reports } = hostAnswering((frame) => relayResponse({ action: 'reply', req_id: frame.reqId, markdown: 'hello' }));
		await sandbox.aiBot.deliver({ kind: 'template_card_event', taskId: 't1' });
		const click = await nextFrame();
		await runTurn(host(click), click);
		expect(reports).toEqual([expect.stringContaining('only be answered with Update Card')]);
		expect(sandbox.aiBot.conversation[0].update).toBeUndefined();
	});
});

describe('AI-bot media (wecom-new-features.md §1.7)', () => {
	it('decrypts a file with its per-item aeskey, and with the EncodingAESKey in callback mode', async () => {
		const original = Buffer.from('%PDF-1.7 a small file of 45 bytes, not aligned');
		for (const key of [undefined, sandbox.aiBot.callbackKey()]) {
			const stored = sandbox.aiBot.storeMedia(original, 'report.pdf', key);
			const response = await fetch(stored.url);
			expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''report.pdf");
			const encrypted = Buffer.from(await response.arrayBuffer());
			expect(encrypted.length % 32).toBe(0);
			expect(decryptFile(Buffer.from(stored.aeskey, 'base64'), encrypted)).toEqual(original);
		}
		const stored = sandbox.aiBot.storeMedia(original, 'x.bin');
		const encrypted = Buffer.from(await (await fetch(stored.url)).arrayBuffer());
		expect(() => decryptFile(sandbox.aiBot.callbackKey(), encrypted)).toThrow(/padding/);
	});
});
