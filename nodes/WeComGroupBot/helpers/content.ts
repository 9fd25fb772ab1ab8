import { NodeOperationError } from 'n8n-workflow';

import { contentText, messageParts, refuseBlankText, SPLIT_LONG_MESSAGES_HINT } from '../../shared/messageText';
import { utf8Length } from '../../shared/splitText';
import { payloadOf } from './types';
import type { Planner } from './types';

export type ContentMessageType = 'text' | 'markdown' | 'markdown_v2';

const LABELS: Record<ContentMessageType, string> = {
	text: 'text',
	markdown: 'markdown',
	markdown_v2: 'markdown (v2)',
};

/**
 * The planner of text and markdown messages: refuses empty content, and content over WeCom's byte
 * limit unless "Split Long Messages" is on, in which case each part becomes its own message.
 * @mentions go with the first part only, so people are notified once.
 */
export function planContent(msgtype: ContentMessageType, maxBytes: number): Planner {
	return async (context, body, options) => {
		const itemIndex = context.getItemIndex();
		const payload = payloadOf(body, msgtype);
		const content = contentText(payload.content);
		refuseBlankText(context.getNode(), itemIndex, `The ${LABELS[msgtype]} message`, content);
		const bytes = utf8Length(content);
		if (bytes <= maxBytes) return { messages: [{ ...body, [msgtype]: { ...payload, content } }] };
		if (options.splitLongMessages !== true) {
			throw new NodeOperationError(
				context.getNode(),
				`The ${LABELS[msgtype]} is ${bytes} bytes, over WeCom’s limit of ${maxBytes} bytes`,
				{
					itemIndex,
					description: SPLIT_LONG_MESSAGES_HINT,
				},
			);
		}
		const rest = { ...payload };
		delete rest.mentioned_list;
		delete rest.mentioned_mobile_list;
		const parts = messageParts(content, maxBytes);
		return {
			messages: parts.map((part, index) => ({
				...body,
				[msgtype]: { ...(index === 0 ? payload : rest), content: part },
			})),
		};
	};
}
