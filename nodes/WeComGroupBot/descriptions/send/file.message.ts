import type { INodePropertyOptions } from 'n8n-workflow';

import { mediaMessageFields, planMediaMessage } from './media';

export const option: INodePropertyOptions = {
	name: 'File',
	value: 'file',
	description: 'A file of up to 20 MB, from binary data or an uploaded media ID',
};

export const description = mediaMessageFields('file');

export const plan = planMediaMessage('file');
