import type { INodeProperties } from 'n8n-workflow';

import { maxFileSizeField, optionsCollection } from '../shared/fields';
import { CHANGE_EVENT, codeOptions } from '../shared/approvalCodes';
import { APPROVAL_DETAIL_TIMEOUT_MS } from './approvalEvent';
import {
	ANY_MESSAGE,
	CONTACT_CHANGE_TYPES,
	CUSTOMER_CHANGE_TYPES,
	CUSTOMER_GROUP_CHANGE_TYPES,
	CUSTOMER_TAG_CHANGE_TYPES,
	EVENT_OPTIONS,
} from './eventCatalogue';
import { MAX_ARTICLES } from './passiveReply';

const whenPassiveReply = { show: { respond: ['passiveReply'] } };

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Set up in WeCom: 1) Publish this workflow. 2) In the admin console open App Management → your app → Receive Messages (接收消息) → Set API Receive (设置API接收). 3) Paste this node’s Production URL, and the Token and EncodingAESKey of the credential, then save. WeCom checks the URL at once, so n8n must be reachable from the internet: a public URL, or a reverse proxy to n8n’s /webhook/ path (set WEBHOOK_URL to the public address). One app per URL: WeCom has one callback URL per app, so use one trigger per app and branch with a Switch node.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName:
			'WeCom re-sends a callback that got no answer within 5 seconds. A re-send never runs the nodes after this trigger twice: the n8n process that took the first delivery answers it at once, and in queue mode a re-send that reaches another webhook process starts an execution that stops at this trigger (checked in n8n’s database). Test events are not checked. Each item carries a dedupKey, the same for every delivery of a callback. To answer bursts of callbacks within the 5 seconds, run n8n with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (in queue mode, on the webhook processes).',
		name: 'retryNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: [ANY_MESSAGE],
		description:
			'Which callbacks start the workflow. The app must also receive them: most events are switched on in the admin console, e.g. approvals under the app’s Receive Messages page. Other callbacks are acknowledged without starting anything.',
	},
	{
		displayName: 'Contact Change Types',
		name: 'changeTypes',
		type: 'multiOptions',
		options: CONTACT_CHANGE_TYPES,
		default: [],
		description: 'Which contact changes start the workflow (ChangeType). Leave empty for all.',
		displayOptions: { show: { events: ['change_contact'] } },
	},
	{
		displayName: 'Customer Change Types',
		name: 'customerChangeTypes',
		type: 'multiOptions',
		options: CUSTOMER_CHANGE_TYPES,
		default: [],
		description: 'Which customer changes start the workflow (ChangeType). Leave empty for all.',
		displayOptions: { show: { events: ['change_external_contact'] } },
	},
	{
		displayName: 'Customer Group Change Types',
		name: 'customerGroupChangeTypes',
		type: 'multiOptions',
		options: CUSTOMER_GROUP_CHANGE_TYPES,
		default: [],
		description: 'Which customer group changes start the workflow (ChangeType). Leave empty for all.',
		displayOptions: { show: { events: ['change_external_chat'] } },
	},
	{
		displayName: 'Customer Tag Change Types',
		name: 'customerTagChangeTypes',
		type: 'multiOptions',
		options: CUSTOMER_TAG_CHANGE_TYPES,
		default: [],
		description: 'Which customer tag changes start the workflow (ChangeType). Leave empty for all.',
		displayOptions: { show: { events: ['change_external_tag'] } },
	},
	{
		displayName: 'Approval Changes',
		name: 'approvalChangeEvents',
		type: 'multiOptions',
		options: codeOptions(CHANGE_EVENT),
		default: [],
		description:
			'Which approval changes start the workflow (StatuChangeEvent), e.g. only Approved. Leave empty for all.',
		displayOptions: { show: { events: ['sys_approval_change'] } },
	},
	{
		displayName: 'Fetch Approval Details',
		name: 'fetchApprovalDetails',
		type: 'boolean',
		default: false,
		description: `Whether to add the application's form data (getapprovaldetail) to approval events, in a field approvalDetail. Needs a WeCom API credential whose app may read approvals. WeCom waits only 5 seconds for the answer, so the fetch gets ${APPROVAL_DETAIL_TIMEOUT_MS / 1000} seconds; if it fails the event still starts the workflow, with the reason in approvalDetailError.`,
		displayOptions: { show: { events: ['sys_approval_change'] } },
	},
	{
		displayName: 'Respond',
		name: 'respond',
		type: 'options',
		options: [
			{
				name: 'Immediately',
				value: 'immediately',
				description: 'Answer WeCom at once with an empty 200 (reply later with a Send Message node)',
			},
			{
				name: 'With a Passive Reply',
				value: 'passiveReply',
				description: 'Answer at once with an encrypted reply built from the fields below',
			},
			{
				name: "Using 'Respond to Webhook' Node",
				value: 'responseNode',
				description: 'Wait for a Respond to Webhook node in this workflow',
			},
		],
		default: 'immediately',
	},
	{
		displayName:
			'The workflow starts at once, and WeCom gets its answer only when a node of the workflow sends the response. Trade-off: WeCom waits 5 seconds; with no answer by then it drops the request and sends it again (three times, 5 seconds apart). The workflow never starts twice: a re-send is answered 503 while the first run has not answered, and an empty 200 once it has. What the first run sends after WeCom dropped its request is lost. The response must be an empty body or a reply already encrypted for WeCom. n8n’s Respond to Webhook node accepts this trigger only in its version 1 (later versions require n8n’s own Webhook trigger). For replies that take time, choose Immediately and send them with a message node.',
		name: 'responseNodeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { respond: ['responseNode'] } },
	},
	{
		displayName: 'Reply Type',
		name: 'replyType',
		type: 'options',
		options: [
			{ name: 'Image', value: 'image' },
			{ name: 'News (Articles)', value: 'news' },
			{ name: 'Text', value: 'text' },
			{
				name: 'Update Card Button',
				value: 'update_button',
				description: 'Answer a card button click (template_card_event) by renaming the clicked button',
			},
		],
		default: 'text',
		displayOptions: whenPassiveReply,
	},
	{
		displayName: 'Text',
		name: 'replyText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Got it: {{ $json.Content }}',
		description:
			'In expressions the incoming callback is the current item, so its fields are available under their WeCom names (Content, FromUserName, EventKey…). An empty result sends no reply.',
		displayOptions: { show: { respond: ['passiveReply'], replyType: ['text'] } },
	},
	{
		displayName: 'Media ID',
		name: 'replyMediaId',
		type: 'string',
		default: '',
		description: 'The media_id of an image uploaded to WeCom in the last 3 days',
		displayOptions: { show: { respond: ['passiveReply'], replyType: ['image'] } },
	},
	{
		displayName: 'Articles',
		name: 'replyArticles',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: MAX_ARTICLES },
		default: {},
		placeholder: 'Add Article',
		description: `Up to ${MAX_ARTICLES} articles. In expressions the incoming callback is the current item.`,
		displayOptions: { show: { respond: ['passiveReply'], replyType: ['news'] } },
		options: [
			{
				displayName: 'Article',
				name: 'article',
				values: [
					{ displayName: 'Title', name: 'title', type: 'string', default: '' },
					{ displayName: 'Description', name: 'description', type: 'string', default: '' },
					{ displayName: 'URL', name: 'url', type: 'string', default: '', description: 'Opened when the article is tapped' },
					{ displayName: 'Picture URL', name: 'picUrl', type: 'string', default: '', description: 'JPG or PNG' },
				],
			},
		],
	},
	{
		displayName: 'New Button Text',
		name: 'replyButtonText',
		type: 'string',
		default: '',
		placeholder: 'e.g. Approved',
		description:
			'Replaces the text of the clicked button on the member’s card. Sent only for card button clicks.',
		displayOptions: { show: { respond: ['passiveReply'], replyType: ['update_button'] } },
	},
	{
		displayName: 'Download Media',
		name: 'downloadMedia',
		type: 'boolean',
		default: false,
		description:
			'Whether to download the file of image, voice, video and file messages into a binary property. Needs a WeCom API credential.',
	},
	optionsCollection([
		{
			displayName: 'Binary Property',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'Where Download Media puts the file',
		},
		{ ...maxFileSizeField, displayName: 'Max Media Size (MB)' },
		{
			displayName: 'Include Raw XML',
			name: 'includeRawXml',
			type: 'boolean',
			default: false,
			description: 'Whether to add the decrypted message as received, in a field rawXml',
		},
		{
			displayName: 'Timestamp Tolerance (Seconds)',
			name: 'timestampTolerance',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 300,
			description:
				'Callbacks whose signed timestamp differs more than this from the n8n server’s clock are refused as replays. 0 turns the check off.',
		},
	]),
];
