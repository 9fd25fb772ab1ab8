import type { INodePropertyOptions } from 'n8n-workflow';

import { planContent } from '../../helpers/content';
import { TEXT_MAX_BYTES } from '../../helpers/limits';
import { contentMessageFields } from './content';
import { AS_STRING_LIST } from '../../../shared/routing/valueTransforms';

export const option: INodePropertyOptions = {
	name: 'Text',
	value: 'text',
	description: 'Plain text up to 2,048 bytes, with @mentions',
};


export const description = contentMessageFields(
	'text',
	{
		displayName: 'Text',
		rows: 4,
		placeholder: 'Disk usage on db-1 is at 91%',
		description:
			'Up to 2,048 bytes of UTF-8 (a Chinese character takes 3). Longer text fails unless Options → Split Long Messages is on.',
	},
	[
		{
			displayName: 'Mentions',
			name: 'mentions',
			type: 'collection',
			placeholder: 'Add Mention',
			default: {},
			options: [
				{
					displayName: 'User IDs',
					name: 'userIds',
					type: 'string',
					default: '',
					placeholder: 'zhangsan, lisi',
					description:
						'Members to @mention by user ID, separated by commas. Enter @all to mention everyone in the group.',
					routing: { send: { type: 'body', property: 'text.mentioned_list', value: AS_STRING_LIST } },
				},
				{
					displayName: 'Mobile Numbers',
					name: 'mobiles',
					type: 'string',
					default: '',
					placeholder: '13800000001, 13800000002',
					description:
						'Members to @mention by mobile number, separated by commas. Enter @all to mention everyone in the group.',
					routing: {
						send: { type: 'body', property: 'text.mentioned_mobile_list', value: AS_STRING_LIST },
					},
				},
			],
		},
	],
);

export const plan = planContent('text', TEXT_MAX_BYTES);
