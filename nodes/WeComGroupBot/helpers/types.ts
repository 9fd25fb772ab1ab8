import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import type { MultipartBody } from '../../shared/multipart';

export type MediaType = 'file' | 'voice';

/** A file to upload through webhook/upload_media before the messages go out. */
export interface MediaUpload {
	type: MediaType;
	fileName: string;
	size: number;
	/** The ready upload body: part `media` with filename and filelength. */
	multipart: MultipartBody;
}

/** What one item sends: an optional upload, then one or more message bodies, in order. */
export interface SendPlan {
	messages: IDataObject[];
	/** When set, its media_id is written into every message's `[msgtype].media_id`. */
	upload?: MediaUpload;
}

/** The "Options" of the Send and Upload Media operations. */
export interface BotOptions {
	splitLongMessages?: boolean;
	paceMessages?: boolean;
	messagesPerWindow?: number;
	rateWindowSeconds?: number;
	fileName?: string;
}

/**
 * Turns the body the declarative routing built for one item into what to send: checks what WeCom
 * would refuse, reads binary data, splits long text. Runs before the item's turn, so it must not
 * call WeCom.
 */
export type Planner = (
	context: IExecuteSingleFunctions,
	body: IDataObject,
	options: BotOptions,
) => Promise<SendPlan>;

/** A copy of the object a message body holds under its msgtype, e.g. body.text. */
export function payloadOf(body: IDataObject, msgtype: string): IDataObject {
	const payload = body[msgtype];
	return isDataObject(payload) ? { ...payload } : {};
}
