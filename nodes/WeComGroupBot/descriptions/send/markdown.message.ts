import type { INodePropertyOptions } from 'n8n-workflow';

import { planContent } from '../../helpers/content';
import { MARKDOWN_MAX_BYTES } from '../../helpers/limits';
import { contentMessageFields } from './content';

export const option: INodePropertyOptions = {
	name: 'Markdown',
	value: 'markdown',
	description: 'Formatted text up to 4,096 bytes, with colors and &lt;@userid&gt; mentions',
};

export const description = contentMessageFields('markdown', {
	displayName: 'Markdown',
	rows: 6,
	placeholder: '## Daily report\n> Orders: <font color="info">128</font>\n[Open dashboard](https://example.com)',
	description:
		'Up to 4,096 bytes of UTF-8. Supports headings, bold, links, quotes, inline code, &lt;font color="info|comment|warning"&gt; and &lt;@userid&gt; mentions. Longer text fails unless Options → Split Long Messages is on.',
});

export const plan = planContent('markdown', MARKDOWN_MAX_BYTES);
