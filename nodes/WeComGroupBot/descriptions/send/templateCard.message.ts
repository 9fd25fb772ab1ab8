import { NodeOperationError, jsonParse, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { isDataObject } from '../../../shared/dataObject';
import { entryCollection, listOf, textValue, toBody } from '../../../shared/fields';
import type { Planner } from '../../helpers/types';
import { AS_CARD_DETAILS, AS_CARD_LINKS, AS_URL_ACTION } from '../../../shared/routing/valueTransforms';

export const option: INodePropertyOptions = {
	name: 'Template Card',
	value: 'template_card',
	description: 'A text notice or news notice card that opens a link when tapped',
};

const CARD_TYPES = ['text_notice', 'news_notice'];

/** Routing of a field into `template_card.<path>` of the body (`value`: an expression of $value). */
const cardProperty = (path: string, value?: string) => toBody(`template_card.${path}`, value);

const fields: INodeProperties[] = [
	{
		displayName: 'Define Card',
		name: 'cardInput',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{
				name: 'Using JSON',
				value: 'json',
				description: 'The whole template_card object, for fields not offered below',
			},
		],
		default: 'fields',
	},
	{
		displayName: 'Card Type',
		name: 'cardType',
		type: 'options',
		options: [
			{
				name: 'Text Notice',
				value: 'text_notice',
				description: 'Title, a highlighted figure and details (文本通知)',
			},
			{
				name: 'News Notice',
				value: 'news_notice',
				description: 'Title and a large picture (图文展示)',
			},
		],
		default: 'text_notice',
		displayOptions: { show: { cardInput: ['fields'] } },
		routing: cardProperty('card_type'),
	},
	textValue('Title', 'cardTitle', {
		required: true,
		description: 'The main title; WeCom suggests at most 26 characters',
		displayOptions: { show: { cardInput: ['fields'] } },
		routing: cardProperty('main_title.title'),
	}),
	textValue('Link URL', 'cardUrl', {
		required: true,
		placeholder: 'https://example.com/incident/42',
		description: 'The page that opens when the card is tapped',
		displayOptions: { show: { cardInput: ['fields'] } },
		routing: cardProperty('card_action', AS_URL_ACTION),
	}),
	textValue('Image URL', 'cardImageUrl', {
		required: true,
		placeholder: 'https://example.com/chart.png',
		description: 'The large picture of the card',
		displayOptions: { show: { cardInput: ['fields'], cardType: ['news_notice'] } },
		routing: cardProperty('card_image.url'),
	}),
	{
		displayName: 'Card Options',
		name: 'cardOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { cardInput: ['fields'] } },
		options: [
			textValue('Description', 'description', {
				description: 'A line under the title',
				routing: cardProperty('main_title.desc'),
			}),
			entryCollection(
				{
					displayName: 'Details',
					name: 'details',
					typeOptions: listOf(6),
					placeholder: 'Add Detail',
					description: 'Up to six label–value lines',
					routing: cardProperty(
						'horizontal_content_list',
						AS_CARD_DETAILS,
					),
				},
				{ displayName: 'Detail', name: 'detail' },
				[textValue('Label', 'label'), textValue('Value', 'value')],
			),
			textValue('Highlight Label', 'highlightLabel', {
				description: 'Text notice only: the caption under the highlighted figure',
				routing: cardProperty('emphasis_content.desc'),
			}),
			textValue('Highlight Value', 'highlightValue', {
				placeholder: '99.95%',
				description: 'Text notice only: a figure shown large',
				routing: cardProperty('emphasis_content.title'),
			}),
			{
				displayName: 'Image Aspect Ratio',
				name: 'imageAspectRatio',
				type: 'number',
				typeOptions: { minValue: 1.3, maxValue: 2.25, numberPrecision: 2 },
				default: 1.3,
				description: 'News notice only: width divided by height of the picture (1.3 to 2.25)',
				routing: cardProperty('card_image.aspect_ratio'),
			},
			entryCollection(
				{
					displayName: 'Links',
					name: 'links',
					typeOptions: listOf(3),
					placeholder: 'Add Link',
					description: 'Up to three links at the bottom of the card',
					routing: cardProperty(
						'jump_list',
						AS_CARD_LINKS,
					),
				},
				{ displayName: 'Link', name: 'link' },
				[textValue('Title', 'title'), textValue('URL', 'url')],
			),
			textValue('Quote', 'quote', {
				description: 'A quoted passage under the title',
				routing: cardProperty('quote_area.quote_text'),
			}),
			textValue('Source Icon URL', 'sourceIconUrl', {
				description: 'A small icon left of the source name',
				routing: cardProperty('source.icon_url'),
			}),
			textValue('Source Name', 'sourceName', {
				placeholder: 'Monitoring',
				description: 'Shown at the top of the card',
				routing: cardProperty('source.desc'),
			}),
			textValue('Subtitle', 'subtitle', {
				description: 'Text notice only: a paragraph under the highlighted figure',
				routing: cardProperty('sub_title_text'),
			}),
		],
	},
	{
		displayName: 'Card (JSON)',
		name: 'cardJson',
		type: 'json',
		default:
			'{\n  "card_type": "text_notice",\n  "main_title": { "title": "", "desc": "" },\n  "card_action": { "type": 1, "url": "" }\n}',
		required: true,
		description: 'The template_card object as WeCom documents it; group bots accept text_notice and news_notice',
		displayOptions: { show: { cardInput: ['json'] } },
		routing: toBody('template_card'),
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['send'], messageType: ['template_card'] } },
	fields,
);

function nonEmpty(value: unknown): boolean {
	return typeof value === 'string' && value.trim() !== '';
}

/** Catches what WeCom would refuse with a bare 40058, with a message that names the field. */
export const plan: Planner = async (context, body) => {
	const node = context.getNode();
	const itemIndex = context.getItemIndex();
	let card: unknown = body.template_card;
	if (typeof card === 'string') {
		try {
			card = jsonParse(card);
		} catch {
			throw new NodeOperationError(node, 'The card is not valid JSON', { itemIndex });
		}
	}
	if (!isDataObject(card)) {
		throw new NodeOperationError(node, 'The card must be a JSON object', { itemIndex });
	}
	const cardType = card.card_type;
	if (typeof cardType !== 'string' || !CARD_TYPES.includes(cardType)) {
		throw new NodeOperationError(node, `Group bots send text_notice and news_notice cards, not "${String(cardType)}"`, {
			itemIndex,
		});
	}
	const action = isDataObject(card.card_action) ? card.card_action : {};
	const hasAction = (action.type === 1 && nonEmpty(action.url)) || (action.type === 2 && nonEmpty(action.appid));
	if (!hasAction) {
		throw new NodeOperationError(node, 'The card has no link', {
			itemIndex,
			description: 'WeCom needs card_action: a URL (type 1) or a mini program (type 2) that opens when the card is tapped.',
		});
	}
	const mainTitle: IDataObject = isDataObject(card.main_title) ? card.main_title : {};
	if (cardType === 'text_notice' && !nonEmpty(mainTitle.title) && !nonEmpty(card.sub_title_text)) {
		throw new NodeOperationError(node, 'A text notice card needs a title or a subtitle', { itemIndex });
	}
	if (cardType === 'news_notice') {
		const image = isDataObject(card.card_image) ? card.card_image : {};
		const area = isDataObject(card.image_text_area) ? card.image_text_area : {};
		if (!nonEmpty(mainTitle.title)) {
			throw new NodeOperationError(node, 'A news notice card needs a title', { itemIndex });
		}
		if (!nonEmpty(image.url) && !nonEmpty(area.image_url)) {
			throw new NodeOperationError(node, 'A news notice card needs an image URL', { itemIndex });
		}
	}
	return { messages: [{ ...body, template_card: card }] };
};
