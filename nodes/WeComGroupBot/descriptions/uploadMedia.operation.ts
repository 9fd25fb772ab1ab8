import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryPropertyField, optionsCollection } from '../../shared/fields';
import { UPLOAD_PATH } from '../helpers/limits';
import { mediaUpload } from '../helpers/media';
import type { Planner } from '../helpers/types';

export const option: INodePropertyOptions = {
	name: 'Upload Media',
	value: 'uploadMedia',
	action: 'Upload a file or voice clip for the group bot',
	description: 'Upload binary data and get a media ID that this bot can send within 3 days',
	routing: { request: { method: 'POST', url: UPLOAD_PATH } },
};

const fields: INodeProperties[] = [
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'File', value: 'file', description: 'Any file type, 6 bytes to 20 MB' },
			{ name: 'Voice', value: 'voice', description: 'AMR, at most 2 MB and 60 seconds' },
		],
		default: 'file',
		routing: { send: { type: 'query', property: 'type' } },
	},
	binaryPropertyField('The file to upload'),
	optionsCollection([
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			description: 'The name shown in the chat. Defaults to the binary data’s file name.',
		},
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['uploadMedia'] } }, fields);

export const plan: Planner = async (context, _body, options) => {
	const type = context.getNodeParameter('mediaType', 'file') === 'voice' ? 'voice' : 'file';
	const propertyName = String(context.getNodeParameter('binaryPropertyName', 'data'));
	return { messages: [], upload: await mediaUpload(context, type, propertyName, options.fileName) };
};
