import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { entryCollection, listOf, textValue } from '../../../shared/fields';

/*
 * The fields of a template card (template_card), used by Message → Send and by Message → Update
 * Template Card (to replace a whole card). They carry no routing: helpers/templateCard.ts builds
 * WeCom's nested card object from them.
 */

const INTERACTIVE = ['button_interaction', 'vote_interaction', 'multiple_interaction'];
/** The card types that open something when tapped (card_action). */
const CLICKABLE = ['text_notice', 'news_notice', 'button_interaction'];

const fieldsShown = { cardDefinition: ['fields'] };

/** A top-level field for some card types, when the card is defined by fields. */
const forTypes = (...cardTypes: string[]) => ({ show: { ...fieldsShown, cardType: cardTypes } });
/** A Card Options entry for some card types. */
const rootTypes = (...cardTypes: string[]) => ({ show: { '/cardType': cardTypes } });
/** A Click Action detail, for one action type. */
const clickShown = (actionType: string) => ({
	show: { ...fieldsShown, cardActionType: [actionType], cardType: CLICKABLE },
});

/** The mini program fields of a link target, shown when the entry's type is miniprogram. */
const miniProgramFields: INodeProperties[] = [
	textValue('Mini Program App ID', 'appid', { displayOptions: { show: { type: ['miniprogram'] } } }),
	textValue('Mini Program Page', 'pagepath', { displayOptions: { show: { type: ['miniprogram'] } } }),
];

const urlField = textValue('URL', 'url', { displayOptions: { show: { type: ['url'] } } });
const titleValue = textValue('Title', 'title');
const textOption = textValue('Text', 'text');

/** Where an optional area links to. */
const optionalLinkType: INodeProperties = {
	displayName: 'Link Type',
	name: 'type',
	type: 'options',
	options: [
		{ name: 'Mini Program', value: 'miniprogram' },
		{ name: 'None', value: 'none' },
		{ name: 'URL', value: 'url' },
	],
	default: 'none',
};

/** Where a jump link goes. */
const jumpType: INodeProperties = {
	displayName: 'Type',
	name: 'type',
	type: 'options',
	options: [
		{ name: 'Mini Program', value: 'miniprogram' },
		{ name: 'URL', value: 'url' },
	],
	default: 'url',
};

const choiceId = textValue('ID', 'id', { description: 'Sent back in the callback when chosen' });

const choiceOptions = entryCollection(
	{
		displayName: 'Options',
		name: 'options',
		typeOptions: listOf(),
		placeholder: 'Add Option',
		description: 'One to ten options',
	},
	{ displayName: 'Option', name: 'option' },
	[choiceId, textOption],
);

const fields: INodeProperties[] = [
	{
		displayName: 'Define Card',
		name: 'cardDefinition',
		type: 'options',
		options: [
			{ name: 'Using Fields', value: 'fields' },
			{ name: 'Using JSON', value: 'json', description: 'WeCom’s template_card object, for parts the fields do not cover' },
		],
		default: 'fields',
	},
	{
		displayName: 'Card JSON',
		name: 'cardJson',
		type: 'json',
		default:
			'{\n  "card_type": "text_notice",\n  "main_title": { "title": "Title" },\n  "card_action": { "type": 1, "url": "https://example.com" }\n}',
		required: true,
		description: 'The template_card object as WeCom documents it (doc 90236)',
		displayOptions: { show: { cardDefinition: ['json'] } },
	},
	{
		displayName: 'Card Type',
		name: 'cardType',
		type: 'options',
		options: [
			{ name: 'Button Interaction', value: 'button_interaction', description: 'Up to six buttons that call back' },
			{ name: 'Multiple Interaction', value: 'multiple_interaction', description: 'Up to three drop-down questions' },
			{ name: 'News Notice', value: 'news_notice', description: 'A notice with a picture' },
			{ name: 'Text Notice', value: 'text_notice', description: 'A notice with emphasised text' },
			{ name: 'Vote Interaction', value: 'vote_interaction', description: 'A single or multiple choice vote' },
		],
		default: 'text_notice',
		displayOptions: { show: fieldsShown },
	},
	textValue('Task ID', 'cardTaskId', {
		placeholder: 'approval-2024-0001',
		description:
			'Unique per app, up to 128 bytes of letters, digits, _ - @. Required for interactive cards and cards with an action menu; the callback and card updates refer to it.',
		displayOptions: { show: fieldsShown },
	}),
	textValue('Title', 'cardTitle', {
		description: 'The main title (up to 26 characters are shown)',
		displayOptions: { show: fieldsShown },
	}),
	textValue('Description', 'cardDescription', {
		description: 'The line under the title (up to 30 characters are shown)',
		displayOptions: { show: fieldsShown },
	}),
	{
		displayName: 'Click Action',
		name: 'cardActionType',
		type: 'options',
		options: [
			{ name: 'Mini Program', value: 'miniprogram' },
			{ name: 'None', value: 'none', description: 'Only for button cards' },
			{ name: 'URL', value: 'url' },
		],
		default: 'url',
		description: 'What a tap on the card opens. Text and news notices need one.',
		displayOptions: forTypes(...CLICKABLE),
	},
	textValue('Click URL', 'cardActionUrl', {
		placeholder: 'https://example.com/ticket/42',
		description: 'Required for text and news notices; optional for button cards',
		displayOptions: clickShown('url'),
	}),
	textValue('Click Mini Program App ID', 'cardActionAppId', { displayOptions: clickShown('miniprogram') }),
	textValue('Click Mini Program Page', 'cardActionPagePath', { displayOptions: clickShown('miniprogram') }),
	entryCollection(
		{
			displayName: 'Buttons',
			name: 'cardButtons',
			typeOptions: listOf(6),
			placeholder: 'Add Button',
			required: true,
			description: 'One to six buttons',
			displayOptions: forTypes('button_interaction'),
		},
		{ displayName: 'Button', name: 'button' },
		[
			{
				displayName: 'Action',
				name: 'type',
				type: 'options',
				options: [
					{ name: 'Call Back', value: 'callback', description: 'Send a template_card_event with the key' },
					{ name: 'Open URL', value: 'url' },
				],
				default: 'callback',
			},
			textValue('Key', 'key', {
				description: 'The EventKey of the callback, up to 1024 bytes',
				displayOptions: { show: { type: ['callback'] } },
			}),
			{
				displayName: 'Style',
				name: 'style',
				type: 'options',
				options: [
					{ name: 'Blue (1)', value: 1 },
					{ name: 'Gray (2)', value: 2 },
					{ name: 'Red (3)', value: 3 },
					{ name: 'White (4)', value: 4 },
				],
				default: 1,
			},
			textValue('Text', 'text', { description: 'Up to 10 characters are shown' }),
			urlField,
		],
	),
	textValue('Question Key', 'cardQuestionKey', {
		required: true,
		description: 'Identifies the vote in the callback',
		displayOptions: forTypes('vote_interaction'),
	}),
	{
		displayName: 'Vote Mode',
		name: 'cardVoteMode',
		type: 'options',
		options: [
			{ name: 'Single Choice', value: 0 },
			{ name: 'Multiple Choice', value: 1 },
		],
		default: 0,
		displayOptions: forTypes('vote_interaction'),
	},
	entryCollection(
		{
			displayName: 'Vote Options',
			name: 'cardVoteOptions',
			typeOptions: listOf(20),
			placeholder: 'Add Option',
			required: true,
			description: 'One to twenty choices',
			displayOptions: forTypes('vote_interaction'),
		},
		{ displayName: 'Option', name: 'option' },
		[
			{
				displayName: 'Checked',
				name: 'checked',
				type: 'boolean',
				default: false,
				description: 'Whether the option starts selected',
			},
			choiceId,
			textOption,
		],
	),
	entryCollection(
		{
			displayName: 'Questions',
			name: 'cardSelects',
			typeOptions: listOf(3),
			placeholder: 'Add Question',
			required: true,
			description: 'One to three drop-down questions',
			displayOptions: forTypes('multiple_interaction'),
		},
		{ displayName: 'Question', name: 'select' },
		[
			choiceOptions,
			textValue('Question Key', 'questionKey'),
			textValue('Selected Option ID', 'selectedId', {
				description: 'The option chosen at first (the first one when empty)',
			}),
			titleValue,
		],
	),
	textValue('Submit Button Text', 'cardSubmitText', {
		default: 'Submit',
		displayOptions: forTypes('vote_interaction', 'multiple_interaction'),
	}),
	textValue('Submit Button Key', 'cardSubmitKey', {
		default: 'submit',
		description: 'The EventKey of the callback when the card is submitted',
		displayOptions: forTypes('vote_interaction', 'multiple_interaction'),
	}),
	{
		displayName: 'Card Options',
		name: 'cardOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: fieldsShown },
		options: [
			textValue('Action Menu Description', 'actionMenuDescription', {
				description: 'The text of the "…" menu in the card’s corner; needs a Task ID',
			}),
			entryCollection(
				{
					displayName: 'Action Menu Entries',
					name: 'actionMenuEntries',
					typeOptions: listOf(3),
					placeholder: 'Add Entry',
					description: 'One to three entries of the "…" menu; each calls back with its key',
				},
				{ displayName: 'Entry', name: 'entry' },
				[textValue('Key', 'key'), textOption],
			),
			entryCollection(
				{
					displayName: 'Button Selection',
					name: 'buttonSelection',
					description: 'A drop-down above the buttons',
					displayOptions: rootTypes('button_interaction'),
				},
				{ displayName: 'Selection', name: 'selection' },
				[choiceOptions, textValue('Question Key', 'questionKey'), textValue('Selected Option ID', 'selectedId'), titleValue],
			),
			{
				displayName: 'Card Image Aspect Ratio',
				name: 'cardImageAspectRatio',
				type: 'number',
				typeOptions: { minValue: 1.3, maxValue: 2.25, numberPrecision: 2 },
				default: 1.3,
				displayOptions: rootTypes('news_notice'),
			},
			textValue('Card Image URL', 'cardImageUrl', {
				description: 'The big picture of a news notice (or use Image Text Area)',
				displayOptions: rootTypes('news_notice'),
			}),
			textValue('Emphasis Description', 'emphasisDescription', { displayOptions: rootTypes('text_notice') }),
			textValue('Emphasis Title', 'emphasisTitle', {
				description: 'Big text, e.g. a number such as 100%',
				displayOptions: rootTypes('text_notice'),
			}),
			entryCollection(
				{
					displayName: 'Horizontal Content',
					name: 'horizontalContent',
					typeOptions: listOf(6),
					placeholder: 'Add Row',
					description: 'Up to six "key: value" rows',
				},
				{ displayName: 'Row', name: 'row' },
				[
					textValue('Key', 'keyname'),
					textValue('Media ID', 'mediaId', { displayOptions: { show: { type: [2] } } }),
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'File (Media ID)', value: 2 },
							{ name: 'Link', value: 1 },
							{ name: 'Member (User ID)', value: 3 },
							{ name: 'Text', value: 0 },
						],
						default: 0,
					},
					{ ...urlField, displayOptions: { show: { type: [1] } } },
					textValue('User ID', 'userId', { displayOptions: { show: { type: [3] } } }),
					textValue('Value', 'value'),
				],
			),
			entryCollection(
				{
					displayName: 'Image Text Area',
					name: 'imageTextArea',
					description: 'A picture with text beside it, instead of the big Card Image',
					displayOptions: rootTypes('news_notice'),
				},
				{ displayName: 'Area', name: 'area' },
				[
					textValue('Description', 'desc'),
					textValue('Image URL', 'imageUrl'),
					optionalLinkType,
					...miniProgramFields,
					titleValue,
					urlField,
				],
			),
			entryCollection(
				{
					displayName: 'Jump Links',
					name: 'jumpLinks',
					typeOptions: listOf(3),
					placeholder: 'Add Link',
					description: 'Up to three links at the bottom of the card',
				},
				{ displayName: 'Link', name: 'link' },
				[...miniProgramFields, titleValue, jumpType, urlField],
			),
			entryCollection(
				{ displayName: 'Quote', name: 'quote', description: 'A quoted block under the title' },
				{ displayName: 'Quote', name: 'area' },
				[optionalLinkType, ...miniProgramFields, textValue('Text', 'quoteText'), titleValue, urlField],
			),
			textValue('Replace Text', 'replaceText', {
				description: 'The text shown on the card once it has been answered (interactive cards)',
				displayOptions: rootTypes(...INTERACTIVE),
			}),
			entryCollection(
				{ displayName: 'Source', name: 'source', description: 'The small source line at the top of the card' },
				{ displayName: 'Source', name: 'source' },
				[
					textValue('Icon URL', 'iconUrl'),
					textValue('Text', 'desc'),
					{
						displayName: 'Text Color',
						name: 'descColor',
						type: 'options',
						options: [
							{ name: 'Black', value: 3 },
							{ name: 'Gray', value: 0 },
							{ name: 'Green', value: 2 },
							{ name: 'Red', value: 1 },
						],
						default: 0,
					},
				],
			),
			textValue('Sub Title', 'subTitle', {
				description: 'Secondary text under the main content (up to 112 characters are shown)',
			}),
			entryCollection(
				{
					displayName: 'Vertical Content',
					name: 'verticalContent',
					typeOptions: listOf(4),
					placeholder: 'Add Row',
					description: 'Up to four title/description rows',
					displayOptions: rootTypes('news_notice'),
				},
				{ displayName: 'Row', name: 'row' },
				[textValue('Description', 'desc'), titleValue],
			),
		],
	},
];

/** The card fields, shown where `displayOptions` says (e.g. msgtype = template_card). */
export function templateCardFields(displayOptions: IDisplayOptions): INodeProperties[] {
	return updateDisplayOptions(displayOptions, fields);
}
