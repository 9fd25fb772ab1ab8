import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { maxFileSizeField, optionsCollection } from '../../../shared/fields';

/** Runs as a custom operation (helpers/mediaDownload.ts): see the comment there. */
export const option: INodePropertyOptions = {
	name: 'Download',
	value: 'download',
	action: 'Download media',
	description: 'Download temporary media into a binary field, with its file name and type (media/get)',
};

const fields: INodeProperties[] = [
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		default: '',
		required: true,
		description: 'A media_id from an upload or from a received message (valid 3 days)',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
	optionsCollection([maxFileSizeField]),
];

export const description = updateDisplayOptions({ show: { resource: ['media'], operation: ['download'] } }, fields);
