import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

/*
 * The fields of a template card (template_card), used by Message → Send and by Message → Update
 * Template Card (to replace a whole card). They carry no routing: helpers/templateCard.ts builds
 * WeCom's nested card object from them.
 */

const types = (...cardTypes: string[]) => ({ show: { cardType: cardTypes } });
const rootTypes = (...cardTypes: string[]) => ({ show: { '/cardType': cardTypes } });

const INTERACTIVE = ['button_interaction', 'vote_interaction', 'multiple_interaction'];

/** The mini program fields of a link target, shown when the entry's type is miniprogram. */
const miniProgramFields: INodeProperties[] = [
	{
		displayName: 'Mini Program App ID',
		name: 'appid',
		type: 'string',
		default: '',
		displayOptions: { show: { type: ['miniprogram'] } },
	},
	{
		displayName: 'Mini Program Page',
		name: 'pagepath',
		type: 'string',
		default: '',
		displayOptions: { show: { type: ['miniprogram'] } },
	},
];

const urlField: INodeProperties = {
	displayName: 'URL',
	name: 'url',
	type: 'string',
	default: '',
	displayOptions: { show: { type: ['url'] } },
};

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

const choiceOptions = (name: string, description: string): INodeProperties => ({
	displayName: 'Options',
	name,
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Option',
	default: {},
	description,
	options: [
		{
			displayName: 'Option',
			name: 'option',
			values: [
				{ displayName: 'ID', name: 'id', type: 'string', default: '', description: 'Sent back in the callback when chosen' },
				{ displayName: 'Text', name: 'text', type: 'string', default: '' },
			],
		},
	],
});

const fieldsShown = { cardDefinition: ['fields'] };

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
	{
		displayName: 'Task ID',
		name: 'cardTaskId',
		type: 'string',
		default: '',
		placeholder: 'approval-2024-0001',
		description:
			'Unique per app, up to 128 bytes of letters, digits, _ - @. Required for interactive cards and cards with an action menu; the callback and card updates refer to it.',
		displayOptions: { show: fieldsShown },
	},
	{
		displayName: 'Title',
		name: 'cardTitle',
		type: 'string',
		default: '',
		description: 'The main title (up to 26 characters are shown)',
		displayOptions: { show: fieldsShown },
	},
	{
		displayName: 'Description',
		name: 'cardDescription',
		type: 'string',
		default: '',
		description: 'The line under the title (up to 30 characters are shown)',
		displayOptions: { show: fieldsShown },
	},
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
		displayOptions: { show: { ...fieldsShown, ...types('text_notice', 'news_notice', 'button_interaction').show } },
	},
	{
		displayName: 'Click URL',
		name: 'cardActionUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/ticket/42',
		description: 'Required for text and news notices; optional for button cards',
		displayOptions: {
			show: {
				...fieldsShown,
				cardActionType: ['url'],
				...types('text_notice', 'news_notice', 'button_interaction').show,
			},
		},
	},
	{
		displayName: 'Click Mini Program App ID',
		name: 'cardActionAppId',
		type: 'string',
		default: '',
		displayOptions: {
			show: {
				...fieldsShown,
				cardActionType: ['miniprogram'],
				...types('text_notice', 'news_notice', 'button_interaction').show,
			},
		},
	},
	{
		displayName: 'Click Mini Program Page',
		name: 'cardActionPagePath',
		type: 'string',
		default: '',
		displayOptions: {
			show: {
				...fieldsShown,
				cardActionType: ['miniprogram'],
				...types('text_notice', 'news_notice', 'button_interaction').show,
			},
		},
	},
	{
		displayName: 'Buttons',
		name: 'cardButtons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: 6 },
		placeholder: 'Add Button',
		default: {},
		required: true,
		description: 'One to six buttons',
		displayOptions: { show: { ...fieldsShown, ...types('button_interaction').show } },
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
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
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						description: 'The EventKey of the callback, up to 1024 bytes',
						displayOptions: { show: { type: ['callback'] } },
					},
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
					{ displayName: 'Text', name: 'text', type: 'string', default: '', description: 'Up to 10 characters are shown' },
					urlField,
				],
			},
		],
	},
	{
		displayName: 'Question Key',
		name: 'cardQuestionKey',
		type: 'string',
		default: '',
		required: true,
		description: 'Identifies the vote in the callback',
		displayOptions: { show: { ...fieldsShown, ...types('vote_interaction').show } },
	},
	{
		displayName: 'Vote Mode',
		name: 'cardVoteMode',
		type: 'options',
		options: [
			{ name: 'Single Choice', value: 0 },
			{ name: 'Multiple Choice', value: 1 },
		],
		default: 0,
		displayOptions: { show: { ...fieldsShown, ...types('vote_interaction').show } },
	},
	{
		displayName: 'Vote Options',
		name: 'cardVoteOptions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: 20 },
		placeholder: 'Add Option',
		default: {},
		required: true,
		description: 'One to twenty choices',
		displayOptions: { show: { ...fieldsShown, ...types('vote_interaction').show } },
		options: [
			{
				displayName: 'Option',
				name: 'option',
				values: [
					{
						displayName: 'Checked',
						name: 'checked',
						type: 'boolean',
						default: false,
						description: 'Whether the option starts selected',
					},
					{ displayName: 'ID', name: 'id', type: 'string', default: '', description: 'Sent back in the callback when chosen' },
					{ displayName: 'Text', name: 'text', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Questions',
		name: 'cardSelects',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: 3 },
		placeholder: 'Add Question',
		default: {},
		required: true,
		description: 'One to three drop-down questions',
		displayOptions: { show: { ...fieldsShown, ...types('multiple_interaction').show } },
		options: [
			{
				displayName: 'Question',
				name: 'select',
				values: [
					choiceOptions('options', 'One to ten options'),
					{ displayName: 'Question Key', name: 'questionKey', type: 'string', default: '' },
					{
						displayName: 'Selected Option ID',
						name: 'selectedId',
						type: 'string',
						default: '',
						description: 'The option chosen at first (the first one when empty)',
					},
					{ displayName: 'Title', name: 'title', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Submit Button Text',
		name: 'cardSubmitText',
		type: 'string',
		default: 'Submit',
		displayOptions: { show: { ...fieldsShown, ...types('vote_interaction', 'multiple_interaction').show } },
	},
	{
		displayName: 'Submit Button Key',
		name: 'cardSubmitKey',
		type: 'string',
		default: 'submit',
		description: 'The EventKey of the callback when the card is submitted',
		displayOptions: { show: { ...fieldsShown, ...types('vote_interaction', 'multiple_interaction').show } },
	},
	{
		displayName: 'Card Options',
		name: 'cardOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: fieldsShown },
		options: [
			{
				displayName: 'Action Menu Description',
				name: 'actionMenuDescription',
				type: 'string',
				default: '',
				description: 'The text of the "…" menu in the card’s corner; needs a Task ID',
			},
			{
				displayName: 'Action Menu Entries',
				name: 'actionMenuEntries',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, maxAllowedFields: 3 },
				placeholder: 'Add Entry',
				default: {},
				description: 'One to three entries of the "…" menu; each calls back with its key',
				options: [
					{
						displayName: 'Entry',
						name: 'entry',
						values: [
							{ displayName: 'Key', name: 'key', type: 'string', default: '' },
							{ displayName: 'Text', name: 'text', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Button Selection',
				name: 'buttonSelection',
				type: 'fixedCollection',
				default: {},
				description: 'A drop-down above the buttons',
				displayOptions: rootTypes('button_interaction'),
				options: [
					{
						displayName: 'Selection',
						name: 'selection',
						values: [
							choiceOptions('options', 'One to ten options'),
							{ displayName: 'Question Key', name: 'questionKey', type: 'string', default: '' },
							{ displayName: 'Selected Option ID', name: 'selectedId', type: 'string', default: '' },
							{ displayName: 'Title', name: 'title', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Card Image Aspect Ratio',
				name: 'cardImageAspectRatio',
				type: 'number',
				typeOptions: { minValue: 1.3, maxValue: 2.25, numberPrecision: 2 },
				default: 1.3,
				displayOptions: rootTypes('news_notice'),
			},
			{
				displayName: 'Card Image URL',
				name: 'cardImageUrl',
				type: 'string',
				default: '',
				description: 'The big picture of a news notice (or use Image Text Area)',
				displayOptions: rootTypes('news_notice'),
			},
			{
				displayName: 'Emphasis Description',
				name: 'emphasisDescription',
				type: 'string',
				default: '',
				displayOptions: rootTypes('text_notice'),
			},
			{
				displayName: 'Emphasis Title',
				name: 'emphasisTitle',
				type: 'string',
				default: '',
				description: 'Big text, e.g. a number such as 100%',
				displayOptions: rootTypes('text_notice'),
			},
			{
				displayName: 'Horizontal Content',
				name: 'horizontalContent',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, maxAllowedFields: 6 },
				placeholder: 'Add Row',
				default: {},
				description: 'Up to six "key: value" rows',
				options: [
					{
						displayName: 'Row',
						name: 'row',
						values: [
							{ displayName: 'Key', name: 'keyname', type: 'string', default: '' },
							{
								displayName: 'Media ID',
								name: 'mediaId',
								type: 'string',
								default: '',
								displayOptions: { show: { type: [2] } },
							},
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
							{
								displayName: 'User ID',
								name: 'userId',
								type: 'string',
								default: '',
								displayOptions: { show: { type: [3] } },
							},
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Image Text Area',
				name: 'imageTextArea',
				type: 'fixedCollection',
				default: {},
				description: 'A picture with text beside it, instead of the big Card Image',
				displayOptions: rootTypes('news_notice'),
				options: [
					{
						displayName: 'Area',
						name: 'area',
						values: [
							{ displayName: 'Description', name: 'desc', type: 'string', default: '' },
							{ displayName: 'Image URL', name: 'imageUrl', type: 'string', default: '' },
							optionalLinkType,
							...miniProgramFields,
							{ displayName: 'Title', name: 'title', type: 'string', default: '' },
							urlField,
						],
					},
				],
			},
			{
				displayName: 'Jump Links',
				name: 'jumpLinks',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, maxAllowedFields: 3 },
				placeholder: 'Add Link',
				default: {},
				description: 'Up to three links at the bottom of the card',
				options: [
					{
						displayName: 'Link',
						name: 'link',
						values: [
							...miniProgramFields,
							{ displayName: 'Title', name: 'title', type: 'string', default: '' },
							jumpType,
							urlField,
						],
					},
				],
			},
			{
				displayName: 'Quote',
				name: 'quote',
				type: 'fixedCollection',
				default: {},
				description: 'A quoted block under the title',
				options: [
					{
						displayName: 'Quote',
						name: 'area',
						values: [
							optionalLinkType,
							...miniProgramFields,
							{ displayName: 'Text', name: 'quoteText', type: 'string', default: '' },
							{ displayName: 'Title', name: 'title', type: 'string', default: '' },
							urlField,
						],
					},
				],
			},
			{
				displayName: 'Replace Text',
				name: 'replaceText',
				type: 'string',
				default: '',
				description: 'The text shown on the card once it has been answered (interactive cards)',
				displayOptions: rootTypes(...INTERACTIVE),
			},
			{
				displayName: 'Source',
				name: 'source',
				type: 'fixedCollection',
				default: {},
				description: 'The small source line at the top of the card',
				options: [
					{
						displayName: 'Source',
						name: 'source',
						values: [
							{ displayName: 'Icon URL', name: 'iconUrl', type: 'string', default: '' },
							{ displayName: 'Text', name: 'desc', type: 'string', default: '' },
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
					},
				],
			},
			{
				displayName: 'Sub Title',
				name: 'subTitle',
				type: 'string',
				default: '',
				description: 'Secondary text under the main content (up to 112 characters are shown)',
			},
			{
				displayName: 'Vertical Content',
				name: 'verticalContent',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, maxAllowedFields: 4 },
				placeholder: 'Add Row',
				default: {},
				description: 'Up to four title/description rows',
				displayOptions: rootTypes('news_notice'),
				options: [
					{
						displayName: 'Row',
						name: 'row',
						values: [
							{ displayName: 'Description', name: 'desc', type: 'string', default: '' },
							{ displayName: 'Title', name: 'title', type: 'string', default: '' },
						],
					},
				],
			},
		],
	},
];

/** The card fields, shown where `displayOptions` says (e.g. msgtype = template_card). */
export function templateCardFields(displayOptions: IDisplayOptions): INodeProperties[] {
	return updateDisplayOptions(displayOptions, fields);
}
