import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { addMediaExpiry, attachUpload } from '../../helpers/media';
import { binaryPropertyField } from '../../../shared/fields';

export const option: INodePropertyOptions = {
	name: 'Upload',
	value: 'upload',
	action: 'Upload temporary media',
	description: 'Upload a file from binary data as temporary media, valid 3 days (media/upload)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/media/upload' },
		send: { preSend: [attachUpload('mediaType')] },
		output: { postReceive: [addMediaExpiry] },
	},
};

const fields: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'mediaType',
		type: 'options',
		options: [
			{ name: 'File', value: 'file', description: 'Any file up to 20 MB' },
			{ name: 'Image', value: 'image', description: 'JPG or PNG up to 10 MB' },
			{ name: 'Video', value: 'video', description: 'MP4 up to 10 MB' },
			{ name: 'Voice', value: 'voice', description: 'AMR up to 2 MB and 60 seconds' },
		],
		default: 'file',
		description: 'What the media will be sent as; WeCom checks the format and size per type',
		routing: { send: { type: 'query', property: 'type' } },
	},
	binaryPropertyField(),
];

export const description = updateDisplayOptions({ show: { resource: ['media'], operation: ['upload'] } }, fields);
