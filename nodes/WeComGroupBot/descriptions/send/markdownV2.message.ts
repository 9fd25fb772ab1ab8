import type { INodePropertyOptions } from 'n8n-workflow';

import { planContent } from '../../helpers/content';
import { MARKDOWN_MAX_BYTES } from '../../helpers/limits';
import { contentMessageFields } from './content';

export const option: INodePropertyOptions = {
	name: 'Markdown (V2)',
	value: 'markdown_v2',
	description: 'WeCom’s newer markdown with tables, lists, code blocks and images',
};

export const description = contentMessageFields('markdown_v2', {
	displayName: 'Markdown',
	rows: 6,
	placeholder: '| Service | Status |\n| --- | --- |\n| api | ok |',
	description:
		'Up to 4,096 bytes of UTF-8. Rendered by recent WeCom clients; older clients show the raw text. Longer text fails unless Options → Split Long Messages is on.',
});

export const plan = planContent('markdown_v2', MARKDOWN_MAX_BYTES);
