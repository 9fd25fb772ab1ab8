import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { templateCardFields } from './templateCard';

/*
 * The content fields of a message, shared by Message → Send (message/send) and Chat → Send
 * (appchat/send), which take the same payloads. Plain values route straight into the body;
 * media, mpnews articles and template cards are finished by the operation's preSend
 * (helpers/appMessage.ts), because they need uploads or structure that routing cannot build.
 */

export type MessageType =
	| 'text'
	| 'markdown'
	| 'textcard'
	| 'image'
	| 'voice'
	| 'video'
	| 'file'
	| 'news'
	| 'mpnews'
	| 'miniprogram_notice'
	| 'template_card';

export const MEDIA_MESSAGE_TYPES = ['image', 'voice', 'video', 'file'] as const;

const TYPE_OPTIONS: Record<MessageType, INodePropertyOptions> = {
	file: { name: 'File', value: 'file', description: 'Any file up to 20 MB' },
	image: { name: 'Image', value: 'image', description: 'A JPG or PNG image up to 10 MB' },
	markdown: {
		name: 'Markdown',
		value: 'markdown',
		description: 'Markdown subset, up to 2048 bytes; shown in the WeCom app only (not in WeChat)',
	},
	miniprogram_notice: {
		name: 'Mini Program Notice',
		value: 'miniprogram_notice',
		description: 'A notice that opens a mini program linked to this app',
	},
	mpnews: {
		name: 'Articles (Mpnews)',
		value: 'mpnews',
		description: 'Articles stored in WeCom with HTML bodies, composed here (the former "news material")',
	},
	news: { name: 'News (Link Cards)', value: 'news', description: 'One to eight articles that link to web pages' },
	template_card: {
		name: 'Template Card',
		value: 'template_card',
		description: 'A notice or an interactive card with buttons, a vote or a selection',
	},
	text: { name: 'Text', value: 'text', description: 'Plain text up to 2048 bytes; links allowed' },
	textcard: { name: 'Text Card', value: 'textcard', description: 'A title, a description and a link' },
	video: { name: 'Video', value: 'video', description: 'An MP4 video up to 10 MB' },
	voice: { name: 'Voice', value: 'voice', description: 'An AMR recording up to 2 MB and 60 seconds' },
};

const show = (types: MessageType[]) => ({ show: { msgtype: types } });

const mediaFields = (types: MessageType[]): INodeProperties[] => [
	{
		displayName: 'Media Source',
		name: 'mediaSource',
		type: 'options',
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: 'Upload a file from the input item and send it in the same step',
			},
			{ name: 'Media ID', value: 'mediaId', description: 'A media_id from an earlier upload (valid 3 days)' },
		],
		default: 'binary',
		displayOptions: show(types),
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the file',
		description: 'WeCom’s type and size limits are checked before anything is uploaded',
		displayOptions: { show: { msgtype: types, mediaSource: ['binary'] } },
	},
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		default: '',
		required: true,
		description: 'The media_id returned by Media → Upload (temporary media lasts 3 days)',
		displayOptions: { show: { msgtype: types, mediaSource: ['mediaId'] } },
	},
];

/** The msgtype selector and every content field for the given message types. */
export function messageContentFields(types: MessageType[]): INodeProperties[] {
	const offered = (candidates: MessageType[]) => candidates.filter((type) => types.includes(type));
	const media = offered([...MEDIA_MESSAGE_TYPES]);
	const fields: INodeProperties[] = [
		{
			displayName: 'Message Type',
			name: 'msgtype',
			type: 'options',
			noDataExpression: true,
			options: types.map((type) => TYPE_OPTIONS[type]).sort((a, b) => a.name.localeCompare(b.name)),
			default: 'text',
			routing: { send: { type: 'body', property: 'msgtype' } },
		},
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			description: 'Up to 2048 bytes (about 680 Chinese characters). Line breaks and &lt;a href&gt; links work.',
			displayOptions: show(['text']),
			routing: { send: { type: 'body', property: 'text.content' } },
		},
		{
			displayName: 'Markdown',
			name: 'markdown',
			type: 'string',
			typeOptions: { rows: 6 },
			default: '',
			required: true,
			description:
				'WeCom’s markdown subset (headings, bold, links, quotes, &lt;font color="info|comment|warning"&gt;), up to 2048 bytes',
			displayOptions: show(['markdown']),
			routing: { send: { type: 'body', property: 'markdown.content' } },
		},
	];

	if (types.includes('textcard')) {
		fields.push(
			{
				displayName: 'Title',
				name: 'textcardTitle',
				type: 'string',
				default: '',
				required: true,
				description: 'Up to 128 bytes',
				displayOptions: show(['textcard']),
				routing: { send: { type: 'body', property: 'textcard.title' } },
			},
			{
				displayName: 'Description',
				name: 'textcardDescription',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				required: true,
				description:
					'Up to 512 bytes. &lt;div class="gray|normal|highlight"&gt; sets the color of a line.',
				displayOptions: show(['textcard']),
				routing: { send: { type: 'body', property: 'textcard.description' } },
			},
			{
				displayName: 'URL',
				name: 'textcardUrl',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'https://example.com/report',
				description: 'The page the card opens, with http:// or https://',
				displayOptions: show(['textcard']),
				routing: { send: { type: 'body', property: 'textcard.url' } },
			},
			{
				displayName: 'Button Text',
				name: 'textcardButtonText',
				type: 'string',
				default: '',
				placeholder: '详情',
				description: 'Up to 4 characters; WeCom shows 详情 (Details) when empty',
				displayOptions: show(['textcard']),
				routing: { send: { type: 'body', property: 'textcard.btntxt', value: '={{ $value || undefined }}' } },
			},
		);
	}

	if (media.length) fields.push(...mediaFields(media));

	if (types.includes('video')) {
		fields.push(
			{
				displayName: 'Video Title',
				name: 'videoTitle',
				type: 'string',
				default: '',
				description: 'Up to 128 bytes',
				displayOptions: show(['video']),
				routing: { send: { type: 'body', property: 'video.title', value: '={{ $value || undefined }}' } },
			},
			{
				displayName: 'Video Description',
				name: 'videoDescription',
				type: 'string',
				default: '',
				description: 'Up to 512 bytes',
				displayOptions: show(['video']),
				routing: { send: { type: 'body', property: 'video.description', value: '={{ $value || undefined }}' } },
			},
		);
	}

	if (types.includes('news')) {
		const article = (
			displayName: string,
			property: string,
			extra: Pick<INodeProperties, 'description' | 'placeholder' | 'required'>,
		): INodeProperties => ({
			displayName,
			name: property,
			type: 'string',
			default: '',
			...extra,
			routing: {
				send: {
					type: 'body',
					property: `=news.articles[{{$index}}].${property}`,
					value: '={{ $value || undefined }}',
				},
			},
		});
		fields.push({
			displayName: 'Articles',
			name: 'newsArticles',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, maxAllowedFields: 8 },
			placeholder: 'Add Article',
			default: {},
			required: true,
			description: 'One to eight link cards',
			displayOptions: show(['news']),
			options: [
				{
					displayName: 'Article',
					name: 'article',
					values: [
						article('Title', 'title', { description: 'Up to 128 bytes', required: true }),
						article('Description', 'description', { description: 'Up to 512 bytes' }),
						article('URL', 'url', {
							placeholder: 'https://example.com/post',
							description: 'The page the article opens (or leave empty and set a mini program)',
						}),
						article('Picture URL', 'picurl', {
							description: 'JPG or PNG; 1068×455 for the first article, 150×150 for the others',
						}),
						article('Mini Program App ID', 'appid', {
							description: 'Open a mini program linked to this app instead of a URL',
						}),
						article('Mini Program Page', 'pagepath', { description: 'The page of the mini program to open' }),
					],
				},
			],
		});
	}

	if (types.includes('mpnews')) {
		fields.push({
			displayName: 'Articles',
			name: 'mpnewsArticles',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, maxAllowedFields: 8 },
			placeholder: 'Add Article',
			default: {},
			required: true,
			description:
				'One to eight articles stored in WeCom. Images inside the HTML must be uploaded first with Media → Upload Image.',
			displayOptions: show(['mpnews']),
			options: [
				{
					displayName: 'Article',
					name: 'article',
					values: [
						{ displayName: 'Author', name: 'author', type: 'string', default: '', description: 'Up to 64 bytes' },
						{
							displayName: 'Content (HTML)',
							name: 'content',
							type: 'string',
							typeOptions: { rows: 6 },
							default: '',
							required: true,
							description: 'The article body in HTML, up to 666 KB',
						},
						{
							displayName: 'Digest',
							name: 'digest',
							type: 'string',
							default: '',
							description: 'The summary shown in the chat, up to 512 bytes (the content’s start when empty)',
						},
						{
							displayName: 'Source URL',
							name: 'contentSourceUrl',
							type: 'string',
							default: '',
							description: 'Opened by “Read the original” below the article',
						},
						{
							displayName: 'Thumbnail Binary Field',
							name: 'thumbBinaryProperty',
							type: 'string',
							default: 'data',
							description: 'The input binary field holding the cover image (JPG or PNG)',
							displayOptions: { show: { thumbSource: ['binary'] } },
						},
						{
							displayName: 'Thumbnail Media ID',
							name: 'thumbMediaId',
							type: 'string',
							default: '',
							displayOptions: { show: { thumbSource: ['mediaId'] } },
						},
						{
							displayName: 'Thumbnail Source',
							name: 'thumbSource',
							type: 'options',
							options: [
								{ name: 'Binary File', value: 'binary', description: 'Upload a JPG or PNG from the input item' },
								{ name: 'Media ID', value: 'mediaId', description: 'The media_id of an uploaded image' },
							],
							default: 'binary',
						},
						{ displayName: 'Title', name: 'title', type: 'string', default: '', required: true, description: 'Up to 128 bytes' },
					],
				},
			],
		});
	}

	if (types.includes('miniprogram_notice')) {
		const notice = show(['miniprogram_notice']);
		fields.push(
			{
				displayName: 'Mini Program App ID',
				name: 'miniprogramAppId',
				type: 'string',
				default: '',
				required: true,
				description: 'The mini program must be linked to this app',
				displayOptions: notice,
				routing: { send: { type: 'body', property: 'miniprogram_notice.appid' } },
			},
			{
				displayName: 'Page',
				name: 'miniprogramPage',
				type: 'string',
				default: '',
				placeholder: 'pages/index?userid=zhangsan',
				description: 'The page to open, with query if needed',
				displayOptions: notice,
				routing: { send: { type: 'body', property: 'miniprogram_notice.page', value: '={{ $value || undefined }}' } },
			},
			{
				displayName: 'Notice Title',
				name: 'miniprogramTitle',
				type: 'string',
				default: '',
				required: true,
				description: '4 to 12 characters',
				displayOptions: notice,
				routing: { send: { type: 'body', property: 'miniprogram_notice.title' } },
			},
			{
				displayName: 'Notice Description',
				name: 'miniprogramDescription',
				type: 'string',
				default: '',
				description: '4 to 12 characters, e.g. a date',
				displayOptions: notice,
				routing: {
					send: { type: 'body', property: 'miniprogram_notice.description', value: '={{ $value || undefined }}' },
				},
			},
			{
				displayName: 'Emphasize First Item',
				name: 'miniprogramEmphasisFirstItem',
				type: 'boolean',
				default: false,
				description: 'Whether to show the first content item larger',
				displayOptions: notice,
				routing: { send: { type: 'body', property: 'miniprogram_notice.emphasis_first_item' } },
			},
			{
				displayName: 'Content Items',
				name: 'miniprogramContentItems',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, maxAllowedFields: 10 },
				placeholder: 'Add Item',
				default: {},
				description: 'Up to ten key/value lines',
				displayOptions: notice,
				options: [
					{
						displayName: 'Item',
						name: 'item',
						values: [
							{
								displayName: 'Key',
								name: 'key',
								type: 'string',
								default: '',
								description: 'Up to 10 characters',
								routing: {
									send: { type: 'body', property: '=miniprogram_notice.content_item[{{$index}}].key' },
								},
							},
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
								description: 'Up to 30 characters',
								routing: {
									send: { type: 'body', property: '=miniprogram_notice.content_item[{{$index}}].value' },
								},
							},
						],
					},
				],
			},
		);
	}

	if (types.includes('template_card')) fields.push(...templateCardFields(show(['template_card'])));

	return fields;
}
