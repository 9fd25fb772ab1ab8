import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import { isBlankText, messageParts, refuseBlankText, SPLIT_LONG_MESSAGES_HINT } from '../../shared/messageText';
import { utf8Length } from '../../shared/splitText';
import { inputError, textOf } from './parameters';

/*
 * WeCom's size limits for message content (doc 90236 and the SDKs that encode them), checked on the
 * finished request body before anything is sent. WeCom counts most of them in UTF-8 bytes (a Chinese
 * character is 3 bytes), a few in characters. Over-long content would otherwise come back as
 * errcode 45002 or be cut silently.
 */

interface TextRule {
	/** Path in the body; `[]` stands for every element of an array. */
	path: string;
	label: string;
	maxBytes?: number;
	minChars?: number;
	maxChars?: number;
	required?: boolean;
	pattern?: { regex: RegExp; hint: string };
	/**
	 * The content of a text or markdown message: blank counts as empty (the check both nodes
	 * share), and over maxBytes it can go out as several messages with Split Long Messages.
	 */
	messageContent?: true;
}

interface CountRule {
	path: string;
	label: string;
	min?: number;
	max: number;
	/** A missing list counts as empty (otherwise only a present list is checked). */
	required?: boolean;
}

interface Rules {
	texts: TextRule[];
	counts: CountRule[];
}

export const MPNEWS_CONTENT_MAX_BYTES = 666 * 1024;

/** Text and markdown content of app and group chat messages, in UTF-8 bytes. */
export const MESSAGE_CONTENT_MAX_BYTES = 2048;

const CARD_RULES: Rules = {
	texts: [
		{
			path: 'template_card.task_id',
			label: 'Task ID',
			maxBytes: 128,
			pattern: { regex: /^[0-9a-zA-Z_\-@]*$/, hint: 'Use only letters, digits, _ - and @.' },
		},
	],
	counts: [
		{ path: 'template_card.horizontal_content_list', label: 'horizontal content rows', max: 6 },
		{ path: 'template_card.jump_list', label: 'jump links', max: 3 },
		{ path: 'template_card.action_menu.action_list', label: 'action menu entries', min: 1, max: 3 },
		{ path: 'template_card.vertical_content_list', label: 'vertical content rows', max: 4 },
		{ path: 'template_card.button_list', label: 'buttons', max: 6 },
		{ path: 'template_card.checkbox.option_list', label: 'vote options', min: 1, max: 20 },
		{ path: 'template_card.select_list', label: 'selection questions', max: 3 },
		{ path: 'template_card.select_list[].option_list', label: 'options of a selection question', min: 1, max: 10 },
		{ path: 'template_card.button_selection.option_list', label: 'options of the button selection', min: 1, max: 10 },
	],
};

/** Rules per msgtype; appchat/send uses the same payloads as message/send. */
const RULES: Record<string, Rules> = {
	text: {
		texts: [{ path: 'text.content', label: 'Text content', maxBytes: MESSAGE_CONTENT_MAX_BYTES, required: true, messageContent: true }],
		counts: [],
	},
	markdown: {
		texts: [
			{ path: 'markdown.content', label: 'Markdown content', maxBytes: MESSAGE_CONTENT_MAX_BYTES, required: true, messageContent: true },
		],
		counts: [],
	},
	textcard: {
		texts: [
			{ path: 'textcard.title', label: 'Text card title', maxBytes: 128, required: true },
			{ path: 'textcard.description', label: 'Text card description', maxBytes: 512, required: true },
			{ path: 'textcard.url', label: 'Text card URL', maxBytes: 2048, required: true },
			{ path: 'textcard.btntxt', label: 'Text card button text', maxChars: 4 },
		],
		counts: [],
	},
	video: {
		texts: [
			{ path: 'video.title', label: 'Video title', maxBytes: 128 },
			{ path: 'video.description', label: 'Video description', maxBytes: 512 },
		],
		counts: [],
	},
	news: {
		texts: [
			{ path: 'news.articles[].title', label: 'Article title', maxBytes: 128, required: true },
			{ path: 'news.articles[].description', label: 'Article description', maxBytes: 512 },
			{ path: 'news.articles[].url', label: 'Article URL', maxBytes: 2048 },
		],
		counts: [{ path: 'news.articles', label: 'articles', min: 1, max: 8, required: true }],
	},
	mpnews: {
		texts: [
			{ path: 'mpnews.articles[].title', label: 'Article title', maxBytes: 128, required: true },
			{ path: 'mpnews.articles[].author', label: 'Article author', maxBytes: 64 },
			{ path: 'mpnews.articles[].digest', label: 'Article digest', maxBytes: 512 },
			{
				path: 'mpnews.articles[].content',
				label: 'Article content',
				maxBytes: MPNEWS_CONTENT_MAX_BYTES,
				required: true,
			},
		],
		counts: [{ path: 'mpnews.articles', label: 'articles', min: 1, max: 8, required: true }],
	},
	miniprogram_notice: {
		texts: [
			{ path: 'miniprogram_notice.appid', label: 'Mini program app ID', required: true },
			{ path: 'miniprogram_notice.title', label: 'Notice title', minChars: 4, maxChars: 12, required: true },
			{ path: 'miniprogram_notice.description', label: 'Notice description', minChars: 4, maxChars: 12 },
			{ path: 'miniprogram_notice.content_item[].key', label: 'Content item key', maxChars: 10 },
			{ path: 'miniprogram_notice.content_item[].value', label: 'Content item value', maxChars: 30 },
		],
		counts: [{ path: 'miniprogram_notice.content_item', label: 'content items', max: 10 }],
	},
	template_card: CARD_RULES,
};

interface Found {
	value: unknown;
	/** e.g. "#2 " for the second article, when the value sits in an array. */
	where: string;
}

/** Every value at a path such as `news.articles[].title`. */
function valuesAt(body: IDataObject, path: string): Found[] {
	let current: Found[] = [{ value: body, where: '' }];
	for (const segment of path.split('.')) {
		const each = segment.endsWith('[]');
		const key = each ? segment.slice(0, -2) : segment;
		const next: Found[] = [];
		for (const found of current) {
			const value = isDataObject(found.value) ? found.value[key] : undefined;
			if (!each) {
				next.push({ value, where: found.where });
			} else if (Array.isArray(value)) {
				value.forEach((element, index) => next.push({ value: element, where: `${found.where}#${index + 1} ` }));
			}
		}
		current = next;
	}
	return current;
}

const format = (count: number) => count.toLocaleString('en-US');

function checkText(context: IExecuteSingleFunctions, rule: TextRule, found: Found, splitting: boolean): void {
	const text = textOf(found.value);
	const label = found.where ? `${rule.label} ${found.where.trim()}` : rule.label;
	if (rule.messageContent) refuseBlankText(context.getNode(), context.getItemIndex(), label, text);
	if (text === '') {
		if (rule.required) throw inputError(context, `${label} is empty`, 'WeCom requires this field for this message type.');
		return;
	}
	if (rule.maxBytes !== undefined && !(rule.messageContent && splitting)) {
		const bytes = utf8Length(text);
		if (bytes > rule.maxBytes) {
			throw inputError(
				context,
				`${label} is ${format(bytes)} bytes long; WeCom allows at most ${format(rule.maxBytes)} bytes`,
				rule.messageContent
					? SPLIT_LONG_MESSAGES_HINT
					: 'WeCom counts UTF-8 bytes: a Chinese character takes 3 bytes, an emoji 4. Shorten the text or split it into several messages.',
			);
		}
	}
	const chars = [...text].length;
	if (rule.maxChars !== undefined && chars > rule.maxChars) {
		throw inputError(
			context,
			`${label} is ${format(chars)} characters long; WeCom allows at most ${rule.maxChars} characters`,
		);
	}
	if (rule.minChars !== undefined && chars < rule.minChars) {
		throw inputError(
			context,
			`${label} is ${format(chars)} characters long; WeCom needs at least ${rule.minChars} characters`,
		);
	}
	if (rule.pattern && !rule.pattern.regex.test(text)) {
		throw inputError(context, `${label} "${text}" has characters WeCom does not accept`, rule.pattern.hint);
	}
}

function checkCount(context: IExecuteSingleFunctions, rule: CountRule, found: Found): void {
	if (!Array.isArray(found.value) && !(rule.required && found.value === undefined)) return;
	const count = Array.isArray(found.value) ? found.value.length : 0;
	const where = found.where ? ` in ${found.where.trim()}` : '';
	if (count > rule.max) {
		throw inputError(context, `Too many ${rule.label}${where}: ${count} given, WeCom accepts at most ${rule.max}`);
	}
	if (rule.min !== undefined && count < rule.min) {
		throw inputError(context, `Too few ${rule.label}${where}: ${count} given, WeCom needs at least ${rule.min}`);
	}
}

function checkRules(context: IExecuteSingleFunctions, body: IDataObject, rules: Rules, splitting: boolean): void {
	for (const rule of rules.counts) {
		for (const found of valuesAt(body, rule.path)) checkCount(context, rule, found);
	}
	for (const rule of rules.texts) {
		for (const found of valuesAt(body, rule.path)) checkText(context, rule, found, splitting);
	}
}

/**
 * Throws a clear item error when the body breaks one of WeCom's content limits for its msgtype.
 * With `splitting` (Split Long Messages on), text and markdown may be longer: they go out in parts.
 */
export function checkContentLimits(context: IExecuteSingleFunctions, body: IDataObject, splitting: boolean): void {
	const rules = RULES[textOf(body.msgtype)];
	if (rules) checkRules(context, body, rules, splitting);
}

/** The same card rules, for message/update_template_card's replacement card. */
export function checkCardLimits(context: IExecuteSingleFunctions, body: IDataObject): void {
	checkRules(context, body, CARD_RULES, false);
}

/**
 * The text or markdown content of a message body that is over WeCom's limit, in parts that each
 * fit; undefined for any other message (send it as it is).
 */
export function contentParts(body: IDataObject): { msgtype: string; payload: IDataObject; parts: string[] } | undefined {
	const msgtype = textOf(body.msgtype);
	const rule = RULES[msgtype]?.texts.find((candidate) => candidate.messageContent);
	const payload = body[msgtype];
	if (!rule?.maxBytes || !isDataObject(payload)) return undefined;
	const content = textOf(payload.content);
	if (isBlankText(content) || utf8Length(content) <= rule.maxBytes) return undefined;
	return { msgtype, payload, parts: messageParts(content, rule.maxBytes) };
}
