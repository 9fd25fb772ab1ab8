import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { planContent } from '../../helpers/content';
import { MARKDOWN_MAX_BYTES } from '../../helpers/limits';

export const option: INodePropertyOptions = {
	name: 'Markdown (V2)',
	value: 'markdown_v2',
	description: 'WeCom’s newer markdown with tables, lists, code blocks and images',
};

const fields: INodeProperties[] = [
	{
		displayName: 'Markdown',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: '| Service | Status |\n| --- | --- |\n| api | ok |',
		description:
			'Up to 4,096 bytes of UTF-8. Rendered by recent WeCom clients; older clients show the raw text. Longer text fails unless Options → Split Long Messages is on.',
		routing: { send: { type: 'body', property: 'markdown_v2.content' } },
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['send'], messageType: ['markdown_v2'] } },
	fields,
);

export const plan = planContent('markdown_v2', MARKDOWN_MAX_BYTES);
