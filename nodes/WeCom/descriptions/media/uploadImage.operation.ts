import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { attachUpload } from '../../helpers/media';
import { binaryPropertyField } from '../../../shared/fields';

export const option: INodePropertyOptions = {
	name: 'Upload Image',
	value: 'uploadImage',
	action: 'Upload an image for articles',
	description:
		'Upload a JPG or PNG (up to 2 MB) and get a permanent URL for use inside article HTML (media/uploadimg)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/media/uploadimg' },
		send: { preSend: [attachUpload('articleImage')] },
	},
};

const fields: INodeProperties[] = [
	{
		displayName:
			'The URL works only inside WeCom article content (Message → Send → Articles (Mpnews)). WeCom allows 1000 of these uploads a day and 3000 a month per company.',
		name: 'uploadImageNotice',
		type: 'notice',
		default: '',
	},
	binaryPropertyField(),
];

export const description = updateDisplayOptions({ show: { resource: ['media'], operation: ['uploadImage'] } }, fields);
