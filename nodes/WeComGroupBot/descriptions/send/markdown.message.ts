import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { planContent } from '../../helpers/content';
import { MARKDOWN_MAX_BYTES } from '../../helpers/limits';

export const option: INodePropertyOptions = {
	name: 'Markdown',
	value: 'markdown',
	description: 'Formatted text up to 4,096 bytes, with colors and &lt;@userid&gt; mentions',
};

const fields: INodeProperties[] = [
	{
		displayName: 'Markdown',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: '## Daily report\n> Orders: <font color="info">128</font>\n[Open dashboard](https://example.com)',
		description:
			'Up to 4,096 bytes of UTF-8. Supports headings, bold, links, quotes, inline code, &lt;font color="info|comment|warning"&gt; and &lt;@userid&gt; mentions. Longer text fails unless Options → Split Long Messages is on.',
		routing: { send: { type: 'body', property: 'markdown.content' } },
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['send'], messageType: ['markdown'] } },
	fields,
);

export const plan = planContent('markdown', MARKDOWN_MAX_BYTES);
