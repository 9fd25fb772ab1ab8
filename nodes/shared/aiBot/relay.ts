import type { IDataObject } from 'n8n-workflow';

import { isDataObject, ownTextField } from '../dataObject';
import type { AiBotMediaType } from './upload';

/*
 * How the WeCom AI Bot node's answer reaches the trigger that holds the long connection. The node
 * calls n8n's sendResponse() with this object; n8n resolves the response promise the trigger
 * passed to emit(). In queue mode the worker relays it to the main process as a
 * "respond-to-webhook" job message, so it never depends on process memory
 * (wecom-new-features.md §2.9).
 */

export const RELAY_KEY = 'weComAiBotReply';

export type ReplyAction = 'reply' | 'welcome' | 'updateCard';

export interface ReplyInstruction {
	action: ReplyAction;
	/** The req_id of the callback this answers. */
	req_id: string;
	markdown?: string;
	template_card?: IDataObject;
	/** Welcome text (enter_chat only). */
	text?: string;
	/** Update Card: only these users' copy; empty = everyone's. */
	userids?: string[];
	/** feedback.id on the answer, for thumbs up/down (feedback_event). */
	feedback_id?: string;
	/** Reply: images for the finishing stream frame (replies.ts streamImageItem). */
	msg_item?: IDataObject[];
	/** Reply: a file the trigger uploads and sends after the answer (a media reply by media_id). */
	media?: RelayedMedia;
}

/** A file on its way to the trigger, which holds the connection to upload it on. */
export interface RelayedMedia {
	type: AiBotMediaType;
	filename: string;
	base64: string;
}

const MEDIA_TYPES: AiBotMediaType[] = ['image', 'file', 'voice', 'video'];

function relayedMediaOf(value: unknown): RelayedMedia | undefined {
	if (!isDataObject(value)) return undefined;
	const type = MEDIA_TYPES.find((known) => known === value.type);
	const filename = ownTextField(value, 'filename');
	const base64 = ownTextField(value, 'base64');
	return type && filename && base64 ? { type, filename, base64 } : undefined;
}

const ACTIONS: ReplyAction[] = ['reply', 'welcome', 'updateCard'];

export function relayResponse(instruction: ReplyInstruction): IDataObject {
	const body: IDataObject = { action: instruction.action, req_id: instruction.req_id };
	for (const key of ['markdown', 'template_card', 'text', 'userids', 'feedback_id', 'msg_item'] as const) {
		if (instruction[key] !== undefined) body[key] = instruction[key];
	}
	if (instruction.media !== undefined) body.media = { ...instruction.media };
	return { [RELAY_KEY]: body };
}

/** The instruction inside whatever n8n resolved the response promise with, if it is one. */
export function instructionOf(response: unknown): ReplyInstruction | undefined {
	if (!isDataObject(response) || !isDataObject(response[RELAY_KEY])) return undefined;
	const body = response[RELAY_KEY];
	const action = ownTextField(body, 'action');
	const reqId = ownTextField(body, 'req_id');
	const matched = ACTIONS.find((known) => known === action);
	if (matched === undefined || reqId === undefined) return undefined;
	const instruction: ReplyInstruction = { action: matched, req_id: reqId };
	const markdown = ownTextField(body, 'markdown');
	if (markdown !== undefined) instruction.markdown = markdown;
	const text = ownTextField(body, 'text');
	if (text !== undefined) instruction.text = text;
	const feedbackId = ownTextField(body, 'feedback_id');
	if (feedbackId !== undefined) instruction.feedback_id = feedbackId;
	if (isDataObject(body.template_card)) instruction.template_card = body.template_card;
	if (Array.isArray(body.msg_item)) instruction.msg_item = body.msg_item.filter(isDataObject);
	const media = relayedMediaOf(body.media);
	if (media !== undefined) instruction.media = media;
	if (Array.isArray(body.userids)) {
		instruction.userids = body.userids.filter((entry): entry is string => typeof entry === 'string');
	}
	return instruction;
}
