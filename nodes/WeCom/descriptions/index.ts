import type { INodeProperties } from 'n8n-workflow';

import { transportCarrier } from '../../shared/fields';
import { apiCallDescription } from './apiCall/ApiCall.resource';
import { approvalDescription } from './approval/Approval.resource';
import { chatDescription } from './chat/Chat.resource';
import { departmentDescription } from './department/Department.resource';
import { mediaDescription } from './media/Media.resource';
import { messageDescription } from './message/Message.resource';
import { smartSheetDescription } from './smartSheet/SmartSheet.resource';
import { tagDescription } from './tag/Tag.resource';
import { userDescription } from './user/User.resource';

export const resourceSelector: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'API Call', value: 'apiCall' },
		{ name: 'Approval', value: 'approval' },
		{ name: 'Chat', value: 'chat' },
		{ name: 'Department', value: 'department' },
		{ name: 'Media', value: 'media' },
		{ name: 'Message', value: 'message' },
		{ name: 'Smart Sheet', value: 'smartSheet' },
		{ name: 'Tag', value: 'tag' },
		{ name: 'User', value: 'user' },
	],
	default: 'user',
};

/**
 * n8n's standard request options, read by RoutingNode itself: batching paces items (WeCom's
 * frequency limits). The transport applies the timeout (DEFAULT_TIMEOUT_MS when unset) and
 * decides what a cut-off call means (repeatSafety.ts).
 */
export const requestOptions: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Batching',
			name: 'batching',
			placeholder: 'Add Batching',
			type: 'fixedCollection',
			typeOptions: { multipleValues: false },
			default: { batch: {} },
			options: [
				{
					displayName: 'Batching',
					name: 'batch',
					values: [
						{
							displayName: 'Items per Batch',
							name: 'batchSize',
							type: 'number',
							typeOptions: { minValue: -1 },
							default: 50,
							description: 'How many items to send before waiting; -1 sends all at once',
						},
						{
							displayName: 'Batch Interval (Ms)',
							name: 'batchInterval',
							type: 'number',
							typeOptions: { minValue: 0 },
							default: 1000,
							description: 'How long to wait between batches, in milliseconds',
						},
					],
				},
			],
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 10000,
			description:
				'Milliseconds to wait for WeCom to answer; without this option a call is cut off after 10 seconds (file uploads and downloads: at least 120). A cut-off read or update is tried again (3 tries in all). A cut-off send, create, delete or upload is not repeated, because WeCom may have done it: the item fails with an error saying the outcome is unknown.',
		},
	],
};

export const weComProperties: INodeProperties[] = [
	transportCarrier,
	resourceSelector,
	...userDescription,
	...departmentDescription,
	...tagDescription,
	...messageDescription,
	...chatDescription,
	...mediaDescription,
	...approvalDescription,
	...smartSheetDescription,
	...apiCallDescription,
	requestOptions,
];
