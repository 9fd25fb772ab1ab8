import { jsonParse } from 'n8n-workflow';
import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import { entriesOf, inputError, objectParameter, stringParameter, textOf } from './parameters';

/*
 * Builds WeCom's template_card object (doc 90236) from the card fields of
 * descriptions/message/templateCard.ts, leaving out every part the user did not fill in.
 */

const INTERACTIVE = new Set(['button_interaction', 'vote_interaction', 'multiple_interaction']);
const LINK_TYPE: Record<string, number> = { url: 1, miniprogram: 2 };

/** Drops empty strings and empty objects, so optional card parts stay out of the JSON. */
function compact(object: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(object)) {
		if (value === undefined || value === '' || value === null) continue;
		if (isDataObject(value) && Object.keys(compact(value)).length === 0) continue;
		result[key] = isDataObject(value) ? compact(value) : value;
	}
	return result;
}

/** A link target: type 1 (URL) or 2 (mini program), or nothing for "none". */
function link(type: unknown, entry: IDataObject): IDataObject | undefined {
	const code = LINK_TYPE[textOf(type)];
	if (code === undefined) return undefined;
	return code === 1
		? { type: code, url: textOf(entry.url) }
		: { type: code, appid: textOf(entry.appid), pagepath: textOf(entry.pagepath) };
}

function choices(entry: IDataObject): IDataObject[] {
	const options = isDataObject(entry.options) ? entry.options : {};
	return entriesOf(options, 'option').map((option) => ({ id: textOf(option.id), text: textOf(option.text) }));
}

/** The card from the fields (or from the Card JSON), checked for what WeCom requires. */
export function buildTemplateCard(context: IExecuteSingleFunctions): IDataObject {
	if (stringParameter(context, 'cardDefinition', 'fields') === 'json') {
		const raw = context.getNodeParameter('cardJson', '{}');
		const card = typeof raw === 'string' ? jsonParse<unknown>(raw, { fallbackValue: undefined }) : raw;
		if (!isDataObject(card) || typeof card.card_type !== 'string') {
			throw inputError(
				context,
				'Card JSON must be a JSON object with a card_type',
				'For example {"card_type": "text_notice", "main_title": {"title": "..."}, "card_action": {"type": 1, "url": "https://..."}}',
			);
		}
		return card;
	}

	const cardType = stringParameter(context, 'cardType', 'text_notice');
	const options = objectParameter(context, 'cardOptions');
	const card: IDataObject = {
		card_type: cardType,
		task_id: stringParameter(context, 'cardTaskId'),
		main_title: { title: stringParameter(context, 'cardTitle'), desc: stringParameter(context, 'cardDescription') },
		sub_title_text: textOf(options.subTitle),
	};

	const source = entriesOf(isDataObject(options.source) ? options.source : {}, 'source')[0];
	if (source) {
		card.source = { icon_url: textOf(source.iconUrl), desc: textOf(source.desc), desc_color: Number(source.descColor ?? 0) };
	}
	const menuEntries = entriesOf(isDataObject(options.actionMenuEntries) ? options.actionMenuEntries : {}, 'entry');
	if (menuEntries.length || textOf(options.actionMenuDescription)) {
		card.action_menu = {
			desc: textOf(options.actionMenuDescription),
			action_list: menuEntries.map((entry) => ({ text: textOf(entry.text), key: textOf(entry.key) })),
		};
	}
	if (cardType === 'text_notice' && (options.emphasisTitle || options.emphasisDescription)) {
		card.emphasis_content = { title: textOf(options.emphasisTitle), desc: textOf(options.emphasisDescription) };
	}
	const quote = entriesOf(isDataObject(options.quote) ? options.quote : {}, 'area')[0];
	if (quote) {
		card.quote_area = { ...link(quote.type, quote), title: textOf(quote.title), quote_text: textOf(quote.quoteText) };
	}
	const rows = entriesOf(isDataObject(options.horizontalContent) ? options.horizontalContent : {}, 'row');
	if (rows.length) {
		card.horizontal_content_list = rows.map((row) => {
			const type = Number(row.type ?? 0);
			const base: IDataObject = { keyname: textOf(row.keyname), value: textOf(row.value) };
			if (type === 1) return { ...base, type, url: textOf(row.url) };
			if (type === 2) return { ...base, type, media_id: textOf(row.mediaId) };
			if (type === 3) return { ...base, type, userid: textOf(row.userId) };
			return base;
		});
	}
	const jumps = entriesOf(isDataObject(options.jumpLinks) ? options.jumpLinks : {}, 'link');
	if (jumps.length) card.jump_list = jumps.map((jump) => ({ ...link(jump.type, jump), title: textOf(jump.title) }));

	if (cardType === 'text_notice' || cardType === 'news_notice' || cardType === 'button_interaction') {
		const actionType = stringParameter(context, 'cardActionType', 'url');
		const action = link(actionType, {
			url: stringParameter(context, 'cardActionUrl').trim(),
			appid: stringParameter(context, 'cardActionAppId').trim(),
			pagepath: stringParameter(context, 'cardActionPagePath').trim(),
		});
		const target = action?.type === 1 ? action.url : action?.appid;
		if (action && target) card.card_action = action;
		else if (cardType !== 'button_interaction') {
			throw inputError(
				context,
				`A ${cardType} card needs a Click Action: a Click URL or a mini program`,
				'WeCom opens it when the card is tapped.',
			);
		}
	}

	if (cardType === 'news_notice') {
		if (options.cardImageUrl) {
			card.card_image = { url: textOf(options.cardImageUrl), aspect_ratio: Number(options.cardImageAspectRatio ?? 1.3) };
		}
		const area = entriesOf(isDataObject(options.imageTextArea) ? options.imageTextArea : {}, 'area')[0];
		if (area) {
			card.image_text_area = {
				...link(area.type, area),
				title: textOf(area.title),
				desc: textOf(area.desc),
				image_url: textOf(area.imageUrl),
			};
		}
		const vertical = entriesOf(isDataObject(options.verticalContent) ? options.verticalContent : {}, 'row');
		if (vertical.length) {
			card.vertical_content_list = vertical.map((row) => ({ title: textOf(row.title), desc: textOf(row.desc) }));
		}
		if (!card.card_image && !card.image_text_area) {
			throw inputError(context, 'A news notice needs a Card Image URL or an Image Text Area (under Card Options)');
		}
	}

	if (cardType === 'button_interaction') {
		const buttons = entriesOf(objectParameter(context, 'cardButtons'), 'button');
		if (buttons.length === 0) throw inputError(context, 'A button card needs at least one button');
		card.button_list = buttons.map((button) =>
			button.type === 'url'
				? { text: textOf(button.text), style: Number(button.style ?? 1), type: 1, url: textOf(button.url) }
				: { text: textOf(button.text), style: Number(button.style ?? 1), key: textOf(button.key) },
		);
		const selection = entriesOf(isDataObject(options.buttonSelection) ? options.buttonSelection : {}, 'selection')[0];
		if (selection) {
			card.button_selection = {
				question_key: textOf(selection.questionKey),
				title: textOf(selection.title),
				option_list: choices(selection),
				selected_id: textOf(selection.selectedId),
			};
		}
	}

	if (cardType === 'vote_interaction') {
		card.checkbox = {
			question_key: stringParameter(context, 'cardQuestionKey'),
			mode: Number(context.getNodeParameter('cardVoteMode', 0)),
			option_list: entriesOf(objectParameter(context, 'cardVoteOptions'), 'option').map((option) => ({
				id: textOf(option.id),
				text: textOf(option.text),
				is_checked: option.checked === true,
			})),
		};
	}

	if (cardType === 'multiple_interaction') {
		const selects = entriesOf(objectParameter(context, 'cardSelects'), 'select');
		if (selects.length === 0) throw inputError(context, 'A multiple interaction card needs at least one question');
		card.select_list = selects.map((select) => ({
			question_key: textOf(select.questionKey),
			title: textOf(select.title),
			selected_id: textOf(select.selectedId),
			option_list: choices(select),
		}));
	}

	if (cardType === 'vote_interaction' || cardType === 'multiple_interaction') {
		card.submit_button = {
			text: stringParameter(context, 'cardSubmitText', 'Submit'),
			key: stringParameter(context, 'cardSubmitKey', 'submit'),
		};
	}
	if (INTERACTIVE.has(cardType) && options.replaceText) card.replace_text = textOf(options.replaceText);

	const needsTaskId = INTERACTIVE.has(cardType) || card.action_menu !== undefined;
	if (needsTaskId && !card.task_id) {
		throw inputError(
			context,
			'This card needs a Task ID',
			'Interactive cards and cards with an action menu need a Task ID that is unique for this app, e.g. approval-{{ $json.id }}.',
		);
	}
	const mainTitle = isDataObject(card.main_title) ? card.main_title : {};
	if (cardType === 'text_notice' && !mainTitle.title && !card.sub_title_text) {
		throw inputError(context, 'A text notice needs a Title or a Sub Title');
	}
	if (cardType === 'news_notice' && !mainTitle.title) throw inputError(context, 'A news notice needs a Title');
	return compact(card);
}
