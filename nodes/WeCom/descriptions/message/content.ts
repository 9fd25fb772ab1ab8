import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	OMIT_WHEN_EMPTY,
	binaryPropertyField,
	entryCollection,
	listOf,
	textValue,
	toBody,
} from '../../../shared/fields';
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
	binaryPropertyField('WeCom’s type and size limits are checked before anything is uploaded', {
		displayOptions: { show: { msgtype: types, mediaSource: ['binary'] } },
	}),
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
			routing: toBody('msgtype'),
		},
		textValue('Text', 'text', {
			typeOptions: { rows: 4 },
			required: true,
			description: 'Up to 2048 bytes (about 680 Chinese characters). Line breaks and &lt;a href&gt; links work.',
			displayOptions: show(['text']),
			routing: toBody('text.content'),
		}),
		textValue('Markdown', 'markdown', {
			typeOptions: { rows: 6 },
			required: true,
			description:
				'WeCom’s markdown subset (headings, bold, links, quotes, &lt;font color="info|comment|warning"&gt;), up to 2048 bytes',
			displayOptions: show(['markdown']),
			routing: toBody('markdown.content'),
		}),
	];

	if (types.includes('textcard')) {
		fields.push(
			textValue('Title', 'textcardTitle', {
				required: true,
				description: 'Up to 128 bytes',
				displayOptions: show(['textcard']),
				routing: toBody('textcard.title'),
			}),
			textValue('Description', 'textcardDescription', {
				typeOptions: { rows: 3 },
				required: true,
				description: 'Up to 512 bytes. &lt;div class="gray|normal|highlight"&gt; sets the color of a line.',
				displayOptions: show(['textcard']),
				routing: toBody('textcard.description'),
			}),
			textValue('URL', 'textcardUrl', {
				required: true,
				placeholder: 'https://example.com/report',
				description: 'The page the card opens, with http:// or https://',
				displayOptions: show(['textcard']),
				routing: toBody('textcard.url'),
			}),
			textValue('Button Text', 'textcardButtonText', {
				placeholder: '详情',
				description: 'Up to 4 characters; WeCom shows 详情 (Details) when empty',
				displayOptions: show(['textcard']),
				routing: toBody('textcard.btntxt', OMIT_WHEN_EMPTY),
			}),
		);
	}

	if (media.length) fields.push(...mediaFields(media));

	if (types.includes('video')) {
		fields.push(
			textValue('Video Title', 'videoTitle', {
				description: 'Up to 128 bytes',
				displayOptions: show(['video']),
				routing: toBody('video.title', OMIT_WHEN_EMPTY),
			}),
			textValue('Video Description', 'videoDescription', {
				description: 'Up to 512 bytes',
				displayOptions: show(['video']),
				routing: toBody('video.description', OMIT_WHEN_EMPTY),
			}),
		);
	}

	if (types.includes('news')) {
		const article = (
			displayName: string,
			property: string,
			extra: Pick<INodeProperties, 'description' | 'placeholder' | 'required'>,
		): INodeProperties =>
			textValue(displayName, property, {
				...extra,
				routing: toBody(`=news.articles[{{$index}}].${property}`, OMIT_WHEN_EMPTY),
			});
		fields.push(
			entryCollection(
				{
					displayName: 'Articles',
					name: 'newsArticles',
					typeOptions: listOf(8),
					placeholder: 'Add Article',
					required: true,
					description: 'One to eight link cards',
					displayOptions: show(['news']),
				},
				{ displayName: 'Article', name: 'article' },
				[
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
			),
		);
	}

	if (types.includes('mpnews')) {
		fields.push(
			entryCollection(
				{
					displayName: 'Articles',
					name: 'mpnewsArticles',
					typeOptions: listOf(8),
					placeholder: 'Add Article',
					required: true,
					description:
						'One to eight articles stored in WeCom. Images inside the HTML must be uploaded first with Media → Upload Image.',
					displayOptions: show(['mpnews']),
				},
				{ displayName: 'Article', name: 'article' },
				[
					textValue('Author', 'author', { description: 'Up to 64 bytes' }),
					textValue('Content (HTML)', 'content', {
						typeOptions: { rows: 6 },
						required: true,
						description: 'The article body in HTML, up to 666 KB',
					}),
					textValue('Digest', 'digest', {
						description: 'The summary shown in the chat, up to 512 bytes (the content’s start when empty)',
					}),
					textValue('Source URL', 'contentSourceUrl', {
						description: 'Opened by “Read the original” below the article',
					}),
					textValue('Thumbnail Binary Field', 'thumbBinaryProperty', {
						default: 'data',
						description: 'The input binary field holding the cover image (JPG or PNG)',
						displayOptions: { show: { thumbSource: ['binary'] } },
					}),
					textValue('Thumbnail Media ID', 'thumbMediaId', { displayOptions: { show: { thumbSource: ['mediaId'] } } }),
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
					textValue('Title', 'title', { required: true, description: 'Up to 128 bytes' }),
				],
			),
		);
	}

	if (types.includes('miniprogram_notice')) {
		const notice = show(['miniprogram_notice']);
		fields.push(
			textValue('Mini Program App ID', 'miniprogramAppId', {
				required: true,
				description: 'The mini program must be linked to this app',
				displayOptions: notice,
				routing: toBody('miniprogram_notice.appid'),
			}),
			textValue('Page', 'miniprogramPage', {
				placeholder: 'pages/index?userid=zhangsan',
				description: 'The page to open, with query if needed',
				displayOptions: notice,
				routing: toBody('miniprogram_notice.page', OMIT_WHEN_EMPTY),
			}),
			textValue('Notice Title', 'miniprogramTitle', {
				required: true,
				description: '4 to 12 characters',
				displayOptions: notice,
				routing: toBody('miniprogram_notice.title'),
			}),
			textValue('Notice Description', 'miniprogramDescription', {
				description: '4 to 12 characters, e.g. a date',
				displayOptions: notice,
				routing: toBody('miniprogram_notice.description', OMIT_WHEN_EMPTY),
			}),
			{
				displayName: 'Emphasize First Item',
				name: 'miniprogramEmphasisFirstItem',
				type: 'boolean',
				default: false,
				description: 'Whether to show the first content item larger',
				displayOptions: notice,
				routing: toBody('miniprogram_notice.emphasis_first_item'),
			},
			entryCollection(
				{
					displayName: 'Content Items',
					name: 'miniprogramContentItems',
					typeOptions: listOf(10),
					placeholder: 'Add Item',
					description: 'Up to ten key/value lines',
					displayOptions: notice,
				},
				{ displayName: 'Item', name: 'item' },
				[
					textValue('Key', 'key', {
						description: 'Up to 10 characters',
						routing: toBody('=miniprogram_notice.content_item[{{$index}}].key'),
					}),
					textValue('Value', 'value', {
						description: 'Up to 30 characters',
						routing: toBody('=miniprogram_notice.content_item[{{$index}}].value'),
					}),
				],
			),
		);
	}

	if (types.includes('template_card')) fields.push(...templateCardFields(show(['template_card'])));

	return fields;
}
