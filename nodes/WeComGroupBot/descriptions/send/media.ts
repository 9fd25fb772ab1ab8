import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { mediaUpload } from '../../helpers/media';
import { payloadOf } from '../../helpers/types';
import type { MediaType, Planner } from '../../helpers/types';
import { binaryPropertyField } from '../../../shared/fields';

const SIZE_NOTE: Record<MediaType, string> = {
	file: 'Any file type, 6 bytes to 20 MB',
	voice: 'An AMR file of at most 2 MB and 60 seconds',
};

/** The fields of a file or voice message: binary data uploaded in the same step, or a media ID. */
export function mediaMessageFields(type: MediaType): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Source',
			name: 'mediaSource',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Binary Data',
					value: 'binary',
					description: 'Upload the input binary data to WeCom first, then send it',
				},
				{
					name: 'Media ID',
					value: 'mediaId',
					description: 'Send a file this bot uploaded earlier (Upload Media), valid for 3 days',
				},
			],
			default: 'binary',
		},
		binaryPropertyField(SIZE_NOTE[type], { displayOptions: { show: { mediaSource: ['binary'] } } }),
		{
			displayName: 'Media ID',
			name: 'mediaId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The media_id from an Upload Media step of this same bot; a media ID from another bot or an app does not work',
			displayOptions: { show: { mediaSource: ['mediaId'] } },
			routing: { send: { type: 'body', property: `${type}.media_id` } },
		},
	];
	return updateDisplayOptions({ show: { operation: ['send'], messageType: [type] } }, fields);
}

export function planMediaMessage(type: MediaType): Planner {
	return async (context, body, options) => {
		const source = String(context.getNodeParameter('mediaSource', 'binary'));
		if (source === 'mediaId') {
			const mediaId = payloadOf(body, type).media_id;
			if (typeof mediaId !== 'string' || mediaId.trim() === '') {
				throw new NodeOperationError(context.getNode(), 'No media ID is set', {
					itemIndex: context.getItemIndex(),
					description: 'Enter the media_id returned by an Upload Media step of this bot.',
				});
			}
			return { messages: [{ ...body, [type]: { media_id: mediaId.trim() } }] };
		}
		const propertyName = String(context.getNodeParameter('binaryPropertyName', 'data'));
		return {
			messages: [{ ...body, [type]: {} }],
			upload: await mediaUpload(context, type, propertyName, options.fileName),
		};
	};
}
