import { Expression, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { buildCallbackXml } from '../shared/callbackCodec';
import type { XmlInputObject } from '../shared/callbackCodec';
import { isDataObject, ownTextField } from '../shared/dataObject';
import { kindOf } from './filters';

/*
 * The passive reply: an answer WeCom shows the user at once, sent as the body of the response to
 * the callback (wecom-api.md §8, doc 96469). Its fields are node parameters whose expressions see
 * the incoming callback as $json. n8n would evaluate node parameters against the HTTP request
 * (the encrypted envelope), so the trigger reads them raw and evaluates them itself, in n8n's
 * expression sandbox, over the decrypted message.
 */

export type ReplyType = 'text' | 'image' | 'news' | 'update_button';

/** WeCom shows at most 8 articles in a news reply. */
export const MAX_ARTICLES = 8;

function evaluate(context: IWebhookFunctions, raw: unknown, message: IDataObject): string {
	if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
	if (typeof raw !== 'string') return '';
	if (!raw.startsWith('=')) return raw;
	let value: unknown;
	let failure: string | undefined;
	try {
		value = Expression.resolveWithoutWorkflow(raw.slice(1), { $json: message });
	} catch (error) {
		failure = error instanceof Error ? error.message : String(error);
	}
	if (failure !== undefined) {
		throw new NodeOperationError(context.getNode(), `A passive reply expression failed: ${failure}`, {
			description: 'Expressions in the passive reply see the incoming callback as $json, e.g. {{ $json.Content }}.',
		});
	}
	if (value === null || value === undefined || typeof value === 'function') return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

function rawParameter(context: IWebhookFunctions, name: string, fallback: unknown): unknown {
	return context.getNodeParameter(name, fallback, { rawExpressions: true });
}

function articlesOf(context: IWebhookFunctions, message: IDataObject): XmlInputObject[] {
	const collection = rawParameter(context, 'replyArticles', {});
	const entries = isDataObject(collection) && Array.isArray(collection.article) ? collection.article : [];
	const articles: XmlInputObject[] = [];
	for (const entry of entries.slice(0, MAX_ARTICLES)) {
		if (!isDataObject(entry)) continue;
		const title = evaluate(context, entry.title, message);
		if (title === '') continue;
		articles.push({
			Title: title,
			Description: evaluate(context, entry.description, message),
			PicUrl: evaluate(context, entry.picUrl, message),
			Url: evaluate(context, entry.url, message),
		});
	}
	return articles;
}

/**
 * The plaintext reply for one callback, or undefined when there is nothing to send (an empty
 * text, no articles, a button update for a callback that is not a card click, or an AI-bot
 * callback, whose replies have another format).
 */
export function passiveReplyFor(
	context: IWebhookFunctions,
	message: IDataObject,
	nowSeconds: number,
): string | undefined {
	const replyType = String(rawParameter(context, 'replyType', 'text'));
	const toUser = ownTextField(message, 'FromUserName');
	const fromCorp = ownTextField(message, 'ToUserName');
	if (toUser === undefined || fromCorp === undefined) return undefined;
	const header: XmlInputObject = { ToUserName: toUser, FromUserName: fromCorp, CreateTime: nowSeconds };

	if (replyType === 'text') {
		const content = evaluate(context, rawParameter(context, 'replyText', ''), message);
		return content === '' ? undefined : buildCallbackXml({ ...header, MsgType: 'text', Content: content });
	}
	if (replyType === 'image') {
		const mediaId = evaluate(context, rawParameter(context, 'replyMediaId', ''), message).trim();
		return mediaId === ''
			? undefined
			: buildCallbackXml({ ...header, MsgType: 'image', Image: { MediaId: mediaId } });
	}
	if (replyType === 'news') {
		const articles = articlesOf(context, message);
		return articles.length === 0
			? undefined
			: buildCallbackXml({
					...header,
					MsgType: 'news',
					ArticleCount: articles.length,
					Articles: { item: articles },
				});
	}
	if (replyType === 'update_button') {
		if (kindOf(message).type !== 'template_card_event') return undefined;
		const label = evaluate(context, rawParameter(context, 'replyButtonText', ''), message);
		return label === ''
			? undefined
			: buildCallbackXml({ ...header, MsgType: 'update_button', Button: { ReplaceName: label } });
	}
	return undefined;
}
