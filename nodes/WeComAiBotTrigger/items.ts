import type { IDataObject } from 'n8n-workflow';

import { isDataObject, ownTextField } from '../shared/dataObject';

/*
 * One n8n item per AI-bot message or event: WeCom's body as it came (wecom-new-features.md §1.2,
 * §1.3), plus a few fields a workflow needs without digging: `content` (the user's words without
 * the group @mention), `mention`, `chattype`, `userid`, `eventtype`, and how to answer (`req_id`
 * over the long connection; WeCom's own `response_url` in callback mode).
 */

export type Connection = 'longConnection' | 'callback';

/** Where a piece of encrypted media sits in a message, and the key that goes with it. */
export interface MediaRef {
	/** 'image' | 'file' | 'video', and 'image' for each picture of a mixed message. */
	msgtype: string;
	url: string;
	/** Per-item base64 key (long connection); absent in callback mode. */
	aeskey?: string;
	/** Binary property the file lands in. */
	property: string;
}

function objectAt(source: IDataObject, name: string): IDataObject | undefined {
	const value = Object.prototype.hasOwnProperty.call(source, name) ? source[name] : undefined;
	return isDataObject(value) ? value : undefined;
}

/**
 * In a group, WeCom starts the text with the bot's mention, e.g. "@RobotA hello". Splits that off:
 * one leading "@name" followed by whitespace (ASCII or ideographic space).
 */
export function splitMention(text: string, chattype: string | undefined): { mention: string; content: string } {
	if (chattype !== 'group') return { mention: '', content: text };
	const match = /^\s*(@\S+)[\s\u3000]+([\s\S]*)$/.exec(text) ?? /^\s*(@\S+)\s*$/.exec(text);
	if (match === null) return { mention: '', content: text };
	return { mention: match[1], content: (match[2] ?? '').trim() };
}

/** The words of a message: text, the text parts of mixed, or voice's transcription. */
function wordsOf(body: IDataObject): string {
	const msgtype = ownTextField(body, 'msgtype');
	if (msgtype === 'text') return ownTextField(objectAt(body, 'text') ?? {}, 'content') ?? '';
	if (msgtype === 'voice') return ownTextField(objectAt(body, 'voice') ?? {}, 'content') ?? '';
	if (msgtype === 'mixed') {
		const items = objectAt(body, 'mixed')?.msg_item;
		if (!Array.isArray(items)) return '';
		return items
			.filter(isDataObject)
			.filter((part) => part.msgtype === 'text')
			.map((part) => ownTextField(objectAt(part, 'text') ?? {}, 'content') ?? '')
			.join('\n');
	}
	return '';
}

/** Encrypted files of a message (image, file, video, each image of a mixed message). */
export function mediaOf(body: IDataObject, binaryPropertyName: string): MediaRef[] {
	const refs: MediaRef[] = [];
	const add = (msgtype: string, holder: IDataObject | undefined) => {
		const url = holder ? ownTextField(holder, 'url') : undefined;
		if (!holder || !url) return;
		const property = refs.length === 0 ? binaryPropertyName : `${binaryPropertyName}_${refs.length}`;
		refs.push({ msgtype, url, aeskey: ownTextField(holder, 'aeskey'), property });
	};
	const msgtype = ownTextField(body, 'msgtype') ?? '';
	if (msgtype === 'image' || msgtype === 'file' || msgtype === 'video') add(msgtype, objectAt(body, msgtype));
	if (msgtype === 'mixed') {
		const items = objectAt(body, 'mixed')?.msg_item;
		for (const part of Array.isArray(items) ? items.filter(isDataObject) : []) {
			if (part.msgtype === 'image') add('image', objectAt(part, 'image'));
		}
	}
	return refs;
}

/** The chat to answer in: the group's chatid, or the user's userid in a single chat. */
export function chatIdOf(body: IDataObject): string {
	const from = objectAt(body, 'from') ?? {};
	return ownTextField(body, 'chatid') ?? ownTextField(from, 'userid') ?? '';
}

export function itemJsonOf(body: IDataObject, connection: Connection, reqId?: string): IDataObject {
	const msgtype = ownTextField(body, 'msgtype') ?? '';
	const chattype = ownTextField(body, 'chattype');
	const from = objectAt(body, 'from') ?? {};
	const json: IDataObject = { ...body };
	json.userid = ownTextField(from, 'userid') ?? '';
	json.chat = chatIdOf(body);
	if (msgtype === 'event') {
		const event = objectAt(body, 'event') ?? {};
		json.eventtype = ownTextField(event, 'eventtype') ?? '';
	} else {
		const { mention, content } = splitMention(wordsOf(body), chattype);
		json.content = content;
		json.mention = mention;
	}
	json.connection = connection;
	if (reqId !== undefined) json.req_id = reqId;
	return json;
}
