import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { isDataObject, ownTextField } from '../dataObject';

/*
 * The bodies of the AI bot's answers (wecom-new-features.md §1.4, §1.6, §2.2–2.4). The same JSON
 * goes into a long-connection frame, an encrypted passive reply or a response_url POST.
 */

/** WeCom's limit for stream content, in UTF-8 bytes (doc 101031). */
export const MAX_STREAM_BYTES = 20_480;

/** WeCom's card types for the AI bot (the app card types). */
export const AI_BOT_CARD_TYPES = ['text_notice', 'news_notice', 'button_interaction', 'vote_interaction', 'multiple_interaction'];

/** Card types with something to click: WeCom needs their task_id to route the click back. */
const INTERACTIVE_CARD_TYPES = new Set(['button_interaction', 'vote_interaction', 'multiple_interaction']);

const ELLIPSIS = '…';

/**
 * Cuts text to at most `maxBytes` UTF-8 bytes on a character boundary, ending with "…" when cut.
 * WeCom refuses longer stream content.
 */
export function fitUtf8(text: string, maxBytes: number = MAX_STREAM_BYTES): { text: string; truncated: boolean } {
	if (Buffer.byteLength(text, 'utf8') <= maxBytes) return { text, truncated: false };
	const budget = maxBytes - Buffer.byteLength(ELLIPSIS, 'utf8');
	let bytes = 0;
	let end = 0;
	for (const character of text) {
		const size = Buffer.byteLength(character, 'utf8');
		if (bytes + size > budget) break;
		bytes += size;
		end += character.length;
	}
	return { text: text.slice(0, end) + ELLIPSIS, truncated: true };
}

/** Images under a finished stream (`msg_item`, doc 101031): at most 10, JPG or PNG, 10 MB each before base64. */
export const MAX_STREAM_IMAGES = 10;
export const MAX_STREAM_IMAGE_BYTES = 10 * 1024 * 1024;

/** 'png' or 'jpg' by the file's first bytes (what WeCom decodes), else undefined. */
export function imageFormatOf(data: Buffer): 'png' | 'jpg' | undefined {
	if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
	if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
	return undefined;
}

/** What keeps an image out of msg_item, in the editor's words; undefined when it fits. */
export function streamImageProblem(data: Buffer, name: string): string | undefined {
	if (imageFormatOf(data) === undefined) return `${name} is not a JPG or PNG image; WeCom shows only those in the answer`;
	if (data.length > MAX_STREAM_IMAGE_BYTES) {
		return `${name} has ${data.length} bytes; WeCom takes images of at most 10 MB (${MAX_STREAM_IMAGE_BYTES} bytes) in the answer`;
	}
	return undefined;
}

/** One msg_item entry: `{msgtype:"image", image:{base64, md5}}`, md5 of the raw bytes in hex. */
export function streamImageItem(data: Buffer): IDataObject {
	return { msgtype: 'image', image: { base64: data.toString('base64'), md5: createHash('md5').update(data).digest('hex') } };
}

/**
 * `{"msgtype":"stream","stream":{id, finish, content, msg_item?, feedback?}}`; content is the
 * whole text so far. WeCom takes `msg_item` images only on the finishing frame.
 */
export function streamBody(id: string, content: string, finish: boolean, feedbackId?: string, images: IDataObject[] = []): IDataObject {
	const stream: IDataObject = { id, finish, content: fitUtf8(content).text };
	if (finish && images.length > 0) stream.msg_item = images;
	if (feedbackId) stream.feedback = { id: feedbackId };
	return { msgtype: 'stream', stream };
}

export function templateCardBody(card: IDataObject): IDataObject {
	return { msgtype: 'template_card', template_card: card };
}

/** Welcome on enter_chat: the one place WeCom accepts `text`. */
export function welcomeTextBody(content: string): IDataObject {
	return { msgtype: 'text', text: { content } };
}

/** The answer to a template_card_event: replaces the clicked card (for `userids` only, if given). */
export function updateCardBody(card: IDataObject, userids: string[] = []): IDataObject {
	const body: IDataObject = { response_type: 'update_template_card', template_card: card };
	if (userids.length > 0) body.userids = userids;
	return body;
}

/** A markdown message for aibot_send_msg (chatid) or a response_url POST (no chatid). */
export function markdownBody(content: string, chatid?: string): IDataObject {
	const body: IDataObject = { msgtype: 'markdown', markdown: { content } };
	return chatid === undefined ? body : { chatid, ...body };
}

/** Checks a template card before it is sent; returns what is wrong, in the editor's words. */
export function templateCardProblem(card: unknown, taskIdMustBe?: string): string | undefined {
	if (!isDataObject(card)) return 'The template card must be a JSON object such as {"card_type": "text_notice", …}';
	const cardType = ownTextField(card, 'card_type');
	if (cardType === undefined || !AI_BOT_CARD_TYPES.includes(cardType)) {
		return `The template card needs card_type, one of ${AI_BOT_CARD_TYPES.join(', ')}`;
	}
	const taskId = ownTextField(card, 'task_id');
	if (INTERACTIVE_CARD_TYPES.has(cardType) && !taskId) {
		return `A ${cardType} card needs a task_id (unique per bot, up to 128 of a-z A-Z 0-9 _ - @) so WeCom can send the click back`;
	}
	if (taskId !== undefined && !/^[0-9a-zA-Z_\-@]{1,128}$/.test(taskId)) {
		return 'task_id may hold up to 128 letters, digits, _ - and @';
	}
	if (taskIdMustBe !== undefined && taskId !== taskIdMustBe) {
		return `An updated card must keep the clicked card's task_id "${taskIdMustBe}"`;
	}
	return undefined;
}
