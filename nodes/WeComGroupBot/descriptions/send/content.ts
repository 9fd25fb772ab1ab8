import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import type { ContentMessageType } from '../../helpers/content';

interface ContentFieldText {
	displayName: string;
	rows: number;
	placeholder: string;
	description: string;
}

/**
 * The fields of a text or markdown message: `content`, routed to `<msgtype>.content` (the planner in
 * helpers/content.ts checks and splits it), then any fields of that type alone.
 */
export function contentMessageFields(
	msgtype: ContentMessageType,
	text: ContentFieldText,
	extraFields: INodeProperties[] = [],
): INodeProperties[] {
	const content: INodeProperties = {
		displayName: text.displayName,
		name: 'content',
		type: 'string',
		typeOptions: { rows: text.rows },
		default: '',
		required: true,
		placeholder: text.placeholder,
		description: text.description,
		routing: { send: { type: 'body', property: `${msgtype}.content` } },
	};
	return updateDisplayOptions({ show: { operation: ['send'], messageType: [msgtype] } }, [content, ...extraFields]);
}
