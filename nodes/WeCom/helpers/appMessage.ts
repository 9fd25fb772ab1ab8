import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	NodeExecutionHint,
} from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import { rejectedRecipientsOf } from '../../shared/errors';
import { withPartsSentNote } from '../../shared/messageText';
import { sendDeclarativeRequest } from '../../shared/transport';
import { checkCardLimits, checkContentLimits, contentParts } from './limits';
import { prepareUpload, uploadTemporaryMedia } from './media';
import type { PreparedUpload, UploadKind } from './media';
import {
	booleanParameter,
	entriesOf,
	inputError,
	objectParameter,
	requestBodyOf,
	splitIdList,
	stringParameter,
	textOf,
} from './parameters';
import { cardUpdateRecipients, messageSendRecipients, readRecipients } from './recipients';
import { buildTemplateCard } from './templateCard';

/*
 * preSend and postReceive code of the message operations (message/send, appchat/send,
 * message/update_template_card).
 *
 * Why preSend and not a programmatic operation: RoutingNode runs an operation's preSend functions
 * once per item, before the request goes to the node's pagination hook (our transport). So a file
 * uploaded here (media/upload, through the same transport) is uploaded once, and a token refresh or
 * retry of the send replays only the send. Everything that can be checked without WeCom is checked
 * first; uploads come last, so an invalid message never costs an upload.
 */

const MEDIA_TYPES = new Set(['image', 'voice', 'video', 'file']);

interface PlannedUpload {
	propertyName: string;
	kind: UploadKind;
	/** Where the media_id goes once uploaded. */
	apply: (mediaId: string) => void;
}

/** mpnews articles from the Articles fields; binary thumbnails are queued for upload. */
function composeMpnews(context: IExecuteSingleFunctions, uploads: PlannedUpload[]): IDataObject[] {
	const articles = entriesOf(objectParameter(context, 'mpnewsArticles'), 'article');
	return articles.map((entry, index) => {
		const article: IDataObject = {
			title: textOf(entry.title),
			content: textOf(entry.content),
		};
		for (const [field, key] of [
			['author', 'author'],
			['digest', 'digest'],
			['contentSourceUrl', 'content_source_url'],
		] as const) {
			if (textOf(entry[field])) article[key] = textOf(entry[field]);
		}
		if (textOf(entry.thumbSource) === 'mediaId') {
			const mediaId = textOf(entry.thumbMediaId).trim();
			if (!mediaId) throw inputError(context, `Article #${index + 1} needs a Thumbnail Media ID`);
			article.thumb_media_id = mediaId;
		} else {
			const propertyName = textOf(entry.thumbBinaryProperty).trim() || 'data';
			uploads.push({ propertyName, kind: 'image', apply: (mediaId) => (article.thumb_media_id = mediaId) });
		}
		return article;
	});
}

/** The media_id of an image/voice/video/file message: given, or queued for upload. */
function planMessageMedia(context: IExecuteSingleFunctions, body: IDataObject, msgtype: string, uploads: PlannedUpload[]) {
	const payload = isDataObject(body[msgtype]) ? body[msgtype] : {};
	body[msgtype] = payload;
	if (stringParameter(context, 'mediaSource', 'binary') === 'mediaId') {
		const mediaId = stringParameter(context, 'mediaId').trim();
		if (!mediaId) throw inputError(context, 'Media ID is empty', 'Give the media_id of an earlier upload, or pick Binary File as the media source.');
		payload.media_id = mediaId;
		return;
	}
	const kind: UploadKind = msgtype === 'image' || msgtype === 'voice' || msgtype === 'video' ? msgtype : 'file';
	uploads.push({
		propertyName: stringParameter(context, 'binaryPropertyName', 'data').trim(),
		kind,
		apply: (mediaId) => (payload.media_id = mediaId),
	});
}

/**
 * Finishes the content of a message body built by routing: the template card, mpnews articles,
 * the limit checks, then the uploads of binary media (each binary property uploaded once).
 */
async function finishContent(context: IExecuteSingleFunctions, body: IDataObject): Promise<void> {
	const msgtype = textOf(body.msgtype);
	const uploads: PlannedUpload[] = [];
	if (msgtype === 'template_card') body.template_card = buildTemplateCard(context);
	if (msgtype === 'mpnews') body.mpnews = { articles: composeMpnews(context, uploads) };
	if (msgtype === 'news' && !isDataObject(body.news)) body.news = { articles: [] };
	checkContentLimits(context, body, booleanParameter(context, 'options.splitLongMessages'));
	if (MEDIA_TYPES.has(msgtype)) planMessageMedia(context, body, msgtype, uploads);

	// Check and read every file before the first upload, so one bad file stops the item early.
	const prepared = new Map<string, PreparedUpload>();
	for (const upload of uploads) {
		const key = `${upload.kind}:${upload.propertyName}`;
		if (!prepared.has(key)) prepared.set(key, await prepareUpload(context, upload.propertyName, upload.kind));
	}
	const mediaIds = new Map<string, string>();
	for (const [key, file] of prepared) {
		mediaIds.set(key, await uploadTemporaryMedia(context, file));
		prepared.delete(key); // let the file's memory go before the next upload
	}
	for (const upload of uploads) {
		const mediaId = mediaIds.get(`${upload.kind}:${upload.propertyName}`);
		if (mediaId) upload.apply(mediaId);
	}
}

function checkAgentId(context: IExecuteSingleFunctions, body: IDataObject): void {
	const agentId = body.agentid;
	if (typeof agentId !== 'number' || !Number.isInteger(agentId) || agentId <= 0) {
		throw inputError(
			context,
			'No valid Agent ID: set one on this node or a Default Agent ID in the WeCom API credential',
			'Messages are sent by an app: select a WeCom API credential made with that app’s Secret and its AgentId as Default Agent ID (both under App Management → your app in the WeCom admin console, e.g. 1000002). A credential with the Contacts Sync secret has no Agent ID and cannot send messages.',
		);
	}
}

/** preSend of Message → Send (message/send). */
export async function prepareAppMessage(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = requestBodyOf(options.body);
	checkAgentId(this, body);
	Object.assign(body, messageSendRecipients(readRecipients(this)));
	await finishContent(this, body);
	return { ...options, body };
}

/** preSend of Chat → Send (appchat/send). */
export async function prepareChatMessage(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = requestBodyOf(options.body);
	await finishContent(this, body);
	return { ...options, body };
}

/**
 * The request hook of Message → Send and Chat → Send (their `routing.operations.pagination`, in
 * place of the node's): text or markdown over WeCom's limit, which the preSend let through because
 * Split Long Messages is on, goes out as one message per part, in order, each through the
 * transport. The item's output is the first part's (its msgid, undelivered recipients), with
 * `messageCount` and every part's msgid in `msgids`. Anything else is sent as it is.
 */
export async function sendInParts(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const split = contentParts(requestBodyOf(requestData.options.body));
	if (!split) return await sendDeclarativeRequest.call(this, requestData);
	const { msgtype, payload, parts } = split;
	const outputs: IDataObject[] = [];
	for (const [index, content] of parts.entries()) {
		const body = { ...requestBodyOf(requestData.options.body), [msgtype]: { ...payload, content } };
		try {
			const items = await sendDeclarativeRequest.call(this, { ...requestData, options: { ...requestData.options, body } });
			outputs.push(items[0]?.json ?? {});
		} catch (error) {
			const part = { index, total: parts.length, itemIndex: this.getItemIndex(), arrived: 'sent' };
			throw withPartsSentNote(this.getNode(), error, part);
		}
	}
	const msgids = outputs.flatMap((output) => (output.msgid === undefined ? [] : [output.msgid]));
	return [{ json: { ...outputs[0], messageCount: parts.length, ...(msgids.length > 0 ? { msgids } : {}) } }];
}

/** preSend of Message → Update Template Card (message/update_template_card). */
export async function prepareCardUpdate(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = requestBodyOf(options.body);
	checkAgentId(this, body);
	Object.assign(body, cardUpdateRecipients(readRecipients(this)));
	if (stringParameter(this, 'updateMode', 'button') === 'card') {
		body.template_card = buildTemplateCard(this);
		checkCardLimits(this, body);
	} else if (!textOf(isDataObject(body.button) ? body.button.replace_name : '')) {
		throw inputError(this, 'Button Label is empty', 'Give the text that replaces the card’s buttons, e.g. Approved.');
	}
	return { ...options, body };
}

/**
 * Shows an execution hint above the node's output, where n8n offers it: the package's router runs
 * operations inside the node's execute(), whose context collects hints (n8n 2.41 drops hints of
 * nodes run by its own RoutingNode).
 */
function showHint(context: IExecuteSingleFunctions, hint: NodeExecutionHint): void {
	const add: unknown = Reflect.get(context, 'addExecutionHints');
	if (typeof add === 'function') add.call(context, hint);
}

/**
 * postReceive of Send and Update Template Card: msgid and response_code for later recalls and
 * card updates, and the recipients WeCom could not deliver to, as lists. With "Fail on Partial
 * Delivery" those make the item fail (the message did reach everyone else).
 */
export async function reportDelivery(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const answer = requestBodyOf(response.body);
	const report: IDataObject = {};
	if (answer.msgid !== undefined) report.msgid = answer.msgid;
	if (answer.response_code !== undefined) report.response_code = answer.response_code;
	// WeCom lists them as "a|b" (message/send) or as an array (card updates).
	const undelivered: IDataObject = {
		invaliduser: splitIdList(answer.invaliduser),
		invalidparty: splitIdList(answer.invalidparty),
		invalidtag: splitIdList(answer.invalidtag),
		unlicenseduser: splitIdList(answer.unlicenseduser),
	};
	Object.assign(report, undelivered);
	const missed = Object.entries(undelivered).filter(([, ids]) => Array.isArray(ids) && ids.length > 0);
	report.partialDelivery = missed.length > 0;
	if (missed.length > 0 && !booleanParameter(this, 'options.failOnPartialDelivery')) {
		showHint(this, {
			type: 'warning',
			location: 'outputPane',
			message: `WeCom did not deliver to every recipient (not reached: ${rejectedRecipientsOf(undelivered) ?? ''}). The others received it. To make such items fail, add Options → Fail on Partial Delivery.`,
		});
	}
	if (missed.length > 0 && booleanParameter(this, 'options.failOnPartialDelivery')) {
		throw inputError(
			this,
			`WeCom did not deliver to every recipient (not reached: ${rejectedRecipientsOf(undelivered) ?? ''})`,
			`The others received it${report.msgid ? ` (msgid ${textOf(report.msgid)}, which Message → Recall can take back)` : ''}. Invalid users and departments are unknown IDs or outside the app’s Visible Range (可见范围); unlicensed users have no API license (基础接口许可).`,
		);
	}
	return [{ json: report }];
}
