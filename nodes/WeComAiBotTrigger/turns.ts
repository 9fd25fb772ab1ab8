import { randomBytes } from 'node:crypto';
import { sleep } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import type { AiBotConnection } from '../shared/aiBot/connection';
import { isAiBotCommandError } from '../shared/aiBot/errors';
import type { CallbackFrame } from '../shared/aiBot/frames';
import { eventTypeOf } from '../shared/aiBot/frames';
import { instructionOf } from '../shared/aiBot/relay';
import type { RelayedMedia, ReplyInstruction } from '../shared/aiBot/relay';
import { imageFormatOf, markdownBody, streamBody, templateCardBody, updateCardBody, welcomeTextBody } from '../shared/aiBot/replies';
import { uploadMedia } from '../shared/aiBot/upload';
import { isDataObject, ownTextField } from '../shared/dataObject';
import { chatIdOf } from './items';

/*
 * One conversation turn over the long connection: what the trigger sends before, while and after
 * the workflow runs. A message gets the placeholder stream frame at once; the workflow's Reply
 * finishes that bubble; past WeCom's stream window (846608) the answer goes out as a proactive
 * markdown message. enter_chat and template_card_event wait up to 5 s for Welcome / Update Card.
 */

/** WeCom wants the welcome and the card update within 5 s; keep a margin for the frame itself. */
export const EVENT_ANSWER_WINDOW_MS = 4_500;

/** Stream refused because it is past its window, or the req_id is no longer accepted. */
const STREAM_EXPIRED = 846608;
const INVALID_REQ_ID = 846605;

export interface TurnSettings {
	placeholder: string;
	noAnswerText: string;
	welcomeText: string;
	answerTimeoutMs: number;
}

/** What a turn needs from the trigger: start the workflow, and say when something went wrong. */
export interface TurnHost {
	connection: AiBotConnection;
	settings: TurnSettings;
	/** Starts the workflow; `answer` resolves with n8n's sendResponse value (or anything on end). */
	start(expectAnswer: boolean): Promise<{ answer: Promise<unknown> } | undefined>;
	/** A delivery problem the user should see (failed execution or log). */
	report(message: string, error?: unknown): void;
	/** Aborted when the trigger closes: waits end at once. */
	signal: AbortSignal;
}

type Wait = { kind: 'answer'; instruction: ReplyInstruction } | { kind: 'none' } | { kind: 'timeout' };

async function waitForAnswer(host: TurnHost, answer: Promise<unknown>, ms: number, reqId: string): Promise<Wait> {
	const timer = new AbortController();
	const stop = () => timer.abort();
	host.signal.addEventListener('abort', stop, { once: true });
	try {
		const result = await Promise.race([
			answer.then(
				(value): Wait => {
					const instruction = instructionOf(value);
					if (instruction === undefined) return { kind: 'none' };
					if (instruction.req_id !== reqId) {
						host.report(`A WeCom AI Bot reply was meant for another message (req_id ${instruction.req_id})`);
						return { kind: 'none' };
					}
					return { kind: 'answer', instruction };
				},
				(): Wait => ({ kind: 'none' }),
			),
			sleep(ms, timer.signal).then(
				(): Wait => ({ kind: 'timeout' }),
				(): Wait => ({ kind: 'timeout' }),
			),
		]);
		return result;
	} finally {
		timer.abort();
		host.signal.removeEventListener('abort', stop);
	}
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function cardTitle(card: IDataObject): string | undefined {
	const main = isDataObject(card.main_title) ? card.main_title : {};
	return ownTextField(main, 'title');
}

/** Sends a frame; a failure is reported, never thrown (the turn goes on with what it can). */
async function attempt(host: TurnHost, what: string, send: () => Promise<unknown>): Promise<boolean> {
	try {
		await send();
		return true;
	} catch (error) {
		host.report(`WeCom AI Bot: ${what} failed: ${describe(error)}`, error);
		return false;
	}
}

/** Past the stream window the images of msg_item go out one by one: uploaded, then sent by media_id. */
async function sendImagesProactively(host: TurnHost, chatid: string, images: IDataObject[]): Promise<void> {
	for (const [index, item] of images.entries()) {
		const image = isDataObject(item.image) ? item.image : {};
		const data = Buffer.from(ownTextField(image, 'base64') ?? '', 'base64');
		await attempt(host, `sending image ${index + 1} as a proactive message`, async () => {
			const mediaId = await uploadMedia(host.connection, 'image', `image_${index + 1}.${imageFormatOf(data) ?? 'png'}`, data);
			await host.connection.send('aibot_send_msg', { chatid, msgtype: 'image', image: { media_id: mediaId } });
		});
	}
}

/** Finishes the bubble; past the stream window, sends the text (and images) as proactive messages. */
async function finishStream(
	host: TurnHost,
	frame: CallbackFrame,
	streamId: string,
	text: string,
	feedbackId?: string,
	images: IDataObject[] = [],
): Promise<void> {
	const { connection } = host;
	try {
		await connection.send('aibot_respond_msg', streamBody(streamId, text, true, feedbackId, images), frame.reqId);
	} catch (error) {
		if (!isAiBotCommandError(error, STREAM_EXPIRED, INVALID_REQ_ID)) {
			host.report(`WeCom AI Bot: finishing the answer bubble failed: ${describe(error)}`, error);
			return;
		}
		const chatid = chatIdOf(frame.body);
		const sent = await attempt(host, 'the proactive answer after the 6-minute stream window', async () =>
			await connection.send('aibot_send_msg', markdownBody(text, chatid)),
		);
		if (sent) await sendImagesProactively(host, chatid, images);
	}
}

/** A further answer to the message (a card, a file); past the stream window, a proactive message. */
async function answerOrPush(host: TurnHost, frame: CallbackFrame, body: IDataObject, what: string): Promise<void> {
	const { connection } = host;
	try {
		await connection.send('aibot_respond_msg', body, frame.reqId);
	} catch (error) {
		if (!isAiBotCommandError(error, STREAM_EXPIRED, INVALID_REQ_ID)) {
			host.report(`WeCom AI Bot: sending ${what} failed: ${describe(error)}`, error);
			return;
		}
		await attempt(host, `sending ${what} as a proactive message`, async () =>
			await connection.send('aibot_send_msg', { chatid: chatIdOf(frame.body), ...body }),
		);
	}
}

/** A file after the answer: uploaded over the connection, then sent by its media_id. */
async function sendMedia(host: TurnHost, frame: CallbackFrame, media: RelayedMedia): Promise<void> {
	let mediaId: string;
	try {
		mediaId = await uploadMedia(host.connection, media.type, media.filename, Buffer.from(media.base64, 'base64'));
	} catch (error) {
		host.report(`WeCom AI Bot: uploading ${media.filename} failed: ${describe(error)}`, error);
		return;
	}
	await answerOrPush(host, frame, { msgtype: media.type, [media.type]: { media_id: mediaId } }, media.filename);
}

/** A user message: placeholder now, the workflow's answer later, in the same bubble. */
export async function answerMessage(host: TurnHost, frame: CallbackFrame): Promise<void> {
	const { connection, settings } = host;
	const streamId = `stream_${randomBytes(8).toString('hex')}`;
	// Not awaited: the workflow starts while the placeholder frame travels. Frames of one req_id
	// leave in order, so the finish frame cannot overtake it.
	const placeholder = settings.placeholder
		? attempt(host, 'showing the placeholder', async () =>
				await connection.send('aibot_respond_msg', streamBody(streamId, settings.placeholder, false), frame.reqId),
			)
		: Promise.resolve(false);
	const started = await host.start(true);
	const wait = started ? await waitForAnswer(host, started.answer, settings.answerTimeoutMs, frame.reqId) : { kind: 'none' as const };
	const shown = await placeholder;
	if (host.signal.aborted) return;
	if (wait.kind !== 'answer' || wait.instruction.action !== 'reply') {
		if (wait.kind === 'answer') {
			host.report(`WeCom AI Bot: a ${wait.instruction.action} cannot answer a message; use the Reply operation`);
		}
		if (wait.kind === 'timeout') host.report('WeCom AI Bot: the workflow did not reply within the Answer Timeout');
		if (shown) await finishStream(host, frame, streamId, settings.noAnswerText);
		return;
	}
	const { markdown, template_card: card, feedback_id: feedbackId, msg_item: images, media } = wait.instruction;
	const text = markdown ?? (card ? (cardTitle(card) ?? '📋') : media ? `📎 ${media.filename}` : settings.noAnswerText);
	if (markdown !== undefined || shown) await finishStream(host, frame, streamId, text, feedbackId, images);
	if (card) await answerOrPush(host, frame, templateCardBody(card), 'the card');
	if (media) await sendMedia(host, frame, media);
}

/** enter_chat: the trigger's own welcome text at once, or the workflow's Welcome within 5 s. */
export async function answerEnterChat(host: TurnHost, frame: CallbackFrame): Promise<void> {
	const { connection, settings } = host;
	if (settings.welcomeText) {
		await host.start(false);
		await attempt(host, 'the welcome message', async () =>
			await connection.send('aibot_respond_welcome_msg', welcomeTextBody(settings.welcomeText), frame.reqId),
		);
		return;
	}
	const started = await host.start(true);
	if (!started) return;
	const wait = await waitForAnswer(host, started.answer, EVENT_ANSWER_WINDOW_MS, frame.reqId);
	if (wait.kind !== 'answer') return;
	if (wait.instruction.action !== 'welcome') {
		host.report(`WeCom AI Bot: enter_chat can only be answered with Welcome, not ${wait.instruction.action}`);
		return;
	}
	const { text, template_card: card } = wait.instruction;
	const body = card ? templateCardBody(card) : welcomeTextBody(text ?? '');
	await attempt(host, 'the welcome message', async () =>
		await connection.send('aibot_respond_welcome_msg', body, frame.reqId),
	);
}

/** template_card_event: the workflow's Update Card within 5 s. */
export async function answerCardClick(host: TurnHost, frame: CallbackFrame): Promise<void> {
	const started = await host.start(true);
	if (!started) return;
	const wait = await waitForAnswer(host, started.answer, EVENT_ANSWER_WINDOW_MS, frame.reqId);
	if (wait.kind === 'timeout') {
		host.report('WeCom AI Bot: no Update Card within 5 seconds of the click; WeCom accepts a card update only then');
		return;
	}
	if (wait.kind !== 'answer') return;
	if (wait.instruction.action !== 'updateCard' || !wait.instruction.template_card) {
		host.report(`WeCom AI Bot: a card click can only be answered with Update Card, not ${wait.instruction.action}`);
		return;
	}
	const body = updateCardBody(wait.instruction.template_card, wait.instruction.userids);
	await attempt(host, 'updating the card', async () =>
		await host.connection.send('aibot_respond_update_msg', body, frame.reqId),
	);
}

/** Routes a callback to its kind of turn. */
export async function runTurn(host: TurnHost, frame: CallbackFrame): Promise<void> {
	if (frame.cmd === 'aibot_msg_callback') return await answerMessage(host, frame);
	const eventType = eventTypeOf(frame.body);
	if (eventType === 'enter_chat') return await answerEnterChat(host, frame);
	if (eventType === 'template_card_event') return await answerCardClick(host, frame);
	await host.start(false);
}
