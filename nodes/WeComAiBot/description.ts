import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { binaryPropertyField } from '../shared/fields';

const show = (operation: string[], extra: Record<string, Array<string | boolean>> = {}) => ({
	show: { operation, ...extra },
});

const CARD_EXAMPLE = JSON.stringify(
	{
		card_type: 'button_interaction',
		task_id: 'order_42',
		main_title: { title: 'Approve order 42?' },
		button_list: [
			{ text: 'Approve', style: 1, key: 'approve' },
			{ text: 'Decline', style: 2, key: 'decline' },
		],
	},
	null,
	2,
);

const MARKDOWN = { name: 'Markdown', value: 'markdown' };
const TEMPLATE_CARD = { name: 'Template Card', value: 'templateCard' };

/** What an operation sends: markdown or text, a card, or more; the first choice is the default. */
function kindChoice(displayName: string, name: string, operation: string, options: INodePropertyOptions[]): INodeProperties {
	// The lint rule wants a literal default in the literal; the real one is the first choice.
	const choice: INodeProperties = { displayName, name, type: 'options', options, default: '', displayOptions: show([operation]) };
	return { ...choice, default: options[0].value };
}

/** The markdown of an answer or a message; `description` adds what is special to the operation. */
function markdownField(operation: string[], extra: Record<string, string[]>, description: string): INodeProperties {
	return {
		displayName: 'Markdown',
		name: 'markdown',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: '={{ $json.output }}',
		displayOptions: show(operation, extra),
		description,
	};
}

function cardField(operation: string[], extra: Record<string, string[]> = {}): INodeProperties {
	return {
		displayName: 'Template Card (JSON)',
		name: 'templateCard',
		type: 'json',
		default: CARD_EXAMPLE,
		required: true,
		displayOptions: show(operation, extra),
		description:
			'The card as WeCom defines it: card_type (text_notice, news_notice, button_interaction, vote_interaction, multiple_interaction), task_id (unique per bot) for cards with buttons, main_title, and the fields of its type',
	};
}

/** The media types of an upload and WeCom's size limit for each (wecom-new-features.md §2.7). */
const MEDIA_TYPE_NAMES: Record<string, string> = {
	file: 'File (Up to 20 MB)',
	image: 'Image (JPG/PNG, up to 10 MB)',
	video: 'Video (MP4, up to 10 MB)',
	voice: 'Voice (AMR, up to 2 MB)',
};

/** Which binary field holds the media and what WeCom should take it for. */
function mediaFields(displayOptions: INodeProperties['displayOptions']): INodeProperties[] {
	const mediaType = kindChoice('Media Type', 'mediaType', '', Object.entries(MEDIA_TYPE_NAMES).map(([value, name]) => ({ name, value })));
	return [
		{ ...mediaType, default: 'image', displayOptions },
		binaryPropertyField('The binary field of the input item that holds the file', { displayOptions }),
	];
}

export const aiBotProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Reply', value: 'reply', action: 'Reply to the message', description: 'Finish the answer bubble of the message that started this run' },
			{ name: 'Send', value: 'send', action: 'Send a message to a chat', description: 'Send markdown or a card to a user or group the bot has talked in (long connection)' },
			{ name: 'Update Card', value: 'updateCard', action: 'Update the clicked card', description: 'Replace the card a member clicked (within 5 seconds of the click)' },
			{ name: 'Welcome', value: 'welcome', action: 'Welcome a member', description: 'Greet a member who opened the chat (enter_chat)' },
		],
		default: 'reply',
	},
	kindChoice('Reply With', 'replyType', 'reply', [
		MARKDOWN,
		TEMPLATE_CARD,
		{ name: 'Markdown and Card', value: 'markdownAndCard', description: 'The answer in the bubble, then the card' },
	]),
	markdownField(
		['reply'],
		{ replyType: ['markdown', 'markdownAndCard'] },
		'The answer. Up to 20,480 bytes (UTF-8) fit in the bubble; longer text is cut and ends with "…". After an AI Agent node, drag in its output field.',
	),
	{
		displayName: 'Images (Input Binary Fields)',
		name: 'images',
		type: 'string',
		default: '',
		placeholder: 'e.g. data, chart',
		displayOptions: show(['reply'], { replyType: ['markdown', 'markdownAndCard'] }),
		description:
			'Optional. Comma-separated binary fields of the input item whose images WeCom shows under the answer: up to 10, JPG or PNG, at most 10 MB each. In callback mode this needs the bubble in this n8n process (not queue mode).',
	},
	cardField(['reply'], { replyType: ['templateCard', 'markdownAndCard'] }),
	{
		displayName: 'Attach Media',
		name: 'attachMedia',
		type: 'boolean',
		default: false,
		displayOptions: show(['reply']),
		description:
			'Whether to send an image, file, voice clip or video from binary data after the answer. Long connection only: the trigger uploads it and answers the message with it.',
	},
	...mediaFields(show(['reply'], { attachMedia: [true] })),
	{
		displayName: 'Feedback ID',
		name: 'feedbackId',
		type: 'string',
		default: '',
		displayOptions: show(['reply']),
		description:
			'Optional. Shows thumbs up/down under the answer; a click arrives as a Feedback Given event with this ID (up to 256 bytes).',
	},
	kindChoice('Welcome With', 'welcomeType', 'welcome', [{ name: 'Text', value: 'text' }, TEMPLATE_CARD]),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		displayOptions: show(['welcome'], { welcomeType: ['text'] }),
		description: 'Plain text. The welcome is the only answer where WeCom accepts text (elsewhere markdown).',
	},
	cardField(['welcome'], { welcomeType: ['templateCard'] }),
	{
		displayName:
			'WeCom takes the update only within 5 seconds of the click, so keep the nodes before this one quick. The card must keep the clicked card’s task_id ({{ $json.event.template_card_event.task_id }}).',
		name: 'updateNotice',
		type: 'notice',
		default: '',
		displayOptions: show(['updateCard']),
	},
	cardField(['updateCard']),
	{
		displayName: 'Only for User IDs',
		name: 'userIds',
		type: 'string',
		default: '',
		displayOptions: show(['updateCard']),
		description: 'Comma-separated user IDs whose copy changes. Leave empty to change the card for everyone in that chat.',
	},
	{
		displayName: 'Chat',
		name: 'chatId',
		type: 'string',
		default: '={{ $json.chat }}',
		required: true,
		displayOptions: show(['send']),
		description:
			'A user ID for a single chat, or a group chat ID. WeCom delivers only to chats where someone already talked to the bot.',
	},
	kindChoice('Send', 'sendType', 'send', [
		MARKDOWN,
		TEMPLATE_CARD,
		{ name: 'Media (From Binary Data)', value: 'media', description: 'An image, file, voice clip or video, uploaded over the long connection in the same step' },
	]),
	...mediaFields(show(['send'], { sendType: ['media'] })),
	markdownField(['send'], { sendType: ['markdown'] }, 'The message, in WeCom markdown. WeCom refuses plain text here (40008).'),
	cardField(['send'], { sendType: ['templateCard'] }),
	{
		displayName:
			'Send uses the long connection that a published WeCom AI Bot Trigger holds in this n8n process (WeCom allows one per bot). It does not work in callback mode, and in queue mode it works only where that trigger runs (the main instance), not on a worker: there, answer with Reply.',
		name: 'sendNotice',
		type: 'notice',
		default: '',
		displayOptions: show(['send']),
	},
];
