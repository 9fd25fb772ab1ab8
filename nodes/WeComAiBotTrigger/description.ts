import type { INodeProperties } from 'n8n-workflow';

import { AI_BOT_CHAT_TYPES, AI_BOT_EVENTS, AI_BOT_MESSAGE_TYPES } from './filters';

const whenLongConnection = { show: { connection: ['longConnection'] } };
const whenCallback = { show: { connection: ['callback'] } };

/** Why the bubble fills in once, not token by token; the README says the same. */
export const TOKEN_STREAMING_NOTE =
	'The bubble shows the placeholder at once and the whole answer when the workflow replies. It cannot fill in token by token: n8n 2.41 passes an AI Agent’s streamed chunks only to an HTTP response (a Webhook or Chat Trigger set to stream), never to a trigger node, and a community node has no other channel back from a running execution.';

export const aiBotTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Connection',
		name: 'connection',
		type: 'options',
		options: [
			{
				name: 'Long Connection',
				value: 'longConnection',
				description: 'Connects out from n8n to WeCom over a WebSocket: no public URL, no trusted IP, no encryption keys',
			},
			{
				name: 'Callback URL',
				value: 'callback',
				description: 'WeCom calls this node’s Production URL (needs n8n reachable from the internet)',
			},
		],
		default: 'longConnection',
	},
	{
		displayName:
			'Set up in WeCom: open the bot (智能机器人) in the admin console, choose API mode with Long Connection (长连接), and copy its Bot ID and Secret into the credential. WeCom keeps one connection per bot: while you Listen for a test event here, the published version of this workflow pauses and resumes when the test ends; any other client with the same Bot ID (another n8n, the WeCom SDK) disconnects this one, and the trigger then stops with an error that says so.',
		name: 'longConnectionNotice',
		type: 'notice',
		default: '',
		displayOptions: whenLongConnection,
	},
	{
		displayName:
			'Set up in WeCom: publish this workflow, then in the bot’s API mode choose Callback URL (回调地址) and paste this node’s Production URL with the Token and EncodingAESKey of the WeCom Callback API credential (leave its Receive ID empty). n8n must be reachable from the internet.',
		name: 'callbackNotice',
		type: 'notice',
		default: '',
		displayOptions: whenCallback,
	},
	{
		displayName: 'Bot ID',
		name: 'botId',
		type: 'string',
		default: '',
		displayOptions: whenCallback,
		description:
			'Optional. When set, callbacks for any other bot (aibotid) are refused, e.g. when two bots share one Token and EncodingAESKey by mistake.',
	},
	{
		displayName: 'Message Types',
		name: 'messageTypes',
		type: 'multiOptions',
		options: AI_BOT_MESSAGE_TYPES,
		default: ['file', 'image', 'mixed', 'text', 'video', 'voice'],
		description: 'Which messages start the workflow',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: AI_BOT_EVENTS,
		default: ['template_card_event', 'enter_chat', 'feedback_event'],
		description: 'Which events start the workflow',
	},
	{
		displayName: 'Chat Types',
		name: 'chatTypes',
		type: 'multiOptions',
		options: AI_BOT_CHAT_TYPES,
		default: ['group', 'single'],
		description: 'Single chats with the bot, group chats where a member @mentions it, or both',
	},
	{
		displayName: 'Placeholder',
		name: 'placeholder',
		type: 'string',
		default: 'Thinking…',
		description:
			'Shown in the answer bubble the moment a message arrives, until the workflow’s WeCom AI Bot node replies. Leave empty to show nothing until the answer.',
	},
	{
		displayName: TOKEN_STREAMING_NOTE,
		name: 'streamingNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Welcome Message',
		name: 'welcomeText',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description:
			'When set, the trigger itself answers Entered Chat (enter_chat) with this text at once. Leave empty to answer with a WeCom AI Bot node’s Welcome operation (long connection only: in callback mode WeCom wants the welcome within the same 5-second answer).',
	},
	{
		displayName: 'Download Media',
		name: 'downloadMedia',
		type: 'boolean',
		default: true,
		description:
			'Whether to download and decrypt images, files and videos into binary data. WeCom’s media links work for 5 minutes only.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Answer Timeout (Minutes)',
				name: 'answerTimeout',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 60 },
				default: 30,
				description:
					'How long the trigger waits for the workflow’s reply to a message. WeCom lets the bubble fill in for 6 minutes; a later reply arrives as a new markdown message.',
			},
			{
				displayName: 'No Answer Text',
				name: 'noAnswerText',
				type: 'string',
				default: 'Sorry, I have no answer this time.',
				description:
					'Closes the placeholder bubble when the workflow ends (or fails, or times out) without a Reply',
			},
			{
				displayName: 'Put Media in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'Binary property for the first file; the images of a mixed message follow as data_1, data_2, …',
			},
		],
	},
];
