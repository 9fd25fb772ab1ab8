import type { INodePropertyOptions } from 'n8n-workflow';

import { mediaMessageFields, planMediaMessage } from './media';

export const option: INodePropertyOptions = {
	name: 'Voice',
	value: 'voice',
	description: 'An AMR voice clip of up to 2 MB and 60 seconds, from binary data or a media ID',
};

export const description = mediaMessageFields('voice');

export const plan = planMediaMessage('voice');
