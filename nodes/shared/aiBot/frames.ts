import { randomBytes } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { isDataObject, ownTextField } from '../dataObject';

/*
 * The AI bot's long-connection frames (wecom-new-features.md §2.2): JSON text
 * `{cmd, headers:{req_id}, body}` both ways. WeCom answers each of our commands with a frame that
 * has no `cmd`, the same `req_id`, and `errcode`/`errmsg`. Pure functions only.
 */

/** WeCom's long-connection endpoint: no path, no query. */
export const DEFAULT_AI_BOT_WS_URL = 'wss://openws.work.weixin.qq.com';

export type OutgoingCommand =
	| 'aibot_subscribe'
	| 'ping'
	| 'aibot_respond_msg'
	| 'aibot_respond_welcome_msg'
	| 'aibot_respond_update_msg'
	| 'aibot_send_msg'
	| 'aibot_upload_media_init'
	| 'aibot_upload_media_chunk'
	| 'aibot_upload_media_finish';

export type IncomingCommand = 'aibot_msg_callback' | 'aibot_event_callback';

export interface OutgoingFrame {
	cmd: OutgoingCommand;
	headers: { req_id: string };
	body?: IDataObject;
}

/** A message or event pushed by WeCom; `reqId` ties our answer to it. */
export interface CallbackFrame {
	kind: 'callback';
	cmd: IncomingCommand;
	reqId: string;
	body: IDataObject;
}

/** WeCom's answer to one of our commands. */
export interface AckFrame {
	kind: 'ack';
	reqId: string;
	errcode: number;
	errmsg: string;
	body?: IDataObject;
}

export type IncomingFrame = CallbackFrame | AckFrame;

/** `<prefix>_<ms>_<8 hex>`, the SDK's style; unique enough per connection. */
export function newReqId(prefix: string): string {
	return `${prefix}_${Date.now()}_${randomBytes(4).toString('hex')}`;
}

export function buildFrame(cmd: OutgoingCommand, reqId: string, body?: IDataObject): string {
	const frame: OutgoingFrame = { cmd, headers: { req_id: reqId } };
	if (body !== undefined) frame.body = body;
	return JSON.stringify(frame);
}

export function subscribeFrame(botId: string, secret: string, reqId = newReqId('aibot_subscribe')): string {
	return buildFrame('aibot_subscribe', reqId, { bot_id: botId, secret });
}

export function pingFrame(reqId = newReqId('ping')): string {
	return buildFrame('ping', reqId);
}

/**
 * Parses one text frame. Returns undefined for anything that is neither a callback nor an ack
 * (WeCom may add frames; unknown ones are ignored, never fatal).
 */
export function parseFrame(text: string): IncomingFrame | undefined {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (!isDataObject(value)) return undefined;
	const headers = isDataObject(value.headers) ? value.headers : {};
	const reqId = ownTextField(headers, 'req_id');
	if (reqId === undefined) return undefined;
	const cmd = ownTextField(value, 'cmd');
	if (cmd === 'aibot_msg_callback' || cmd === 'aibot_event_callback') {
		return { kind: 'callback', cmd, reqId, body: isDataObject(value.body) ? value.body : {} };
	}
	if (cmd !== undefined) return undefined;
	const errcode = typeof value.errcode === 'number' ? value.errcode : 0;
	const ack: AckFrame = { kind: 'ack', reqId, errcode, errmsg: ownTextField(value, 'errmsg') ?? '' };
	if (isDataObject(value.body)) ack.body = value.body;
	return ack;
}

/** The eventtype of an event callback ('' for a message). */
export function eventTypeOf(body: IDataObject): string {
	const event = isDataObject(body.event) ? body.event : undefined;
	return event ? (ownTextField(event, 'eventtype') ?? '') : '';
}
