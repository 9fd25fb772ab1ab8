import { NodeOperationError } from 'n8n-workflow';

import { splitMessage, utf8Length } from './split';
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
		const raw = payload.content;
		const content = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw);
		if (content.trim() === '') {
			throw new NodeOperationError(context.getNode(), `The ${LABELS[msgtype]} message is empty`, {
				itemIndex,
				description:
					'WeCom refuses empty messages (errcode 44004). Check the field or the expression that fills it for this item.',
			});
		}
		const bytes = utf8Length(content);
		if (bytes <= maxBytes) return { messages: [{ ...body, [msgtype]: { ...payload, content } }] };
		if (options.splitLongMessages !== true) {
			throw new NodeOperationError(
				context.getNode(),
				`The ${LABELS[msgtype]} is ${bytes} bytes, over WeCom’s limit of ${maxBytes} bytes`,
				{
					itemIndex,
					description: `Turn on Options → Split Long Messages to send it as several messages, or shorten it. WeCom counts UTF-8 bytes: a Chinese character takes 3.`,
				},
			);
		}
		const rest = { ...payload };
		delete rest.mentioned_list;
		delete rest.mentioned_mobile_list;
		// A part of only blank lines would be refused as empty (44004) and shows nothing anyway.
		const parts = splitMessage(content, maxBytes).filter((part) => part.trim() !== '');
		return {
			messages: parts.map((part, index) => ({
				...body,
				[msgtype]: { ...(index === 0 ? payload : rest), content: part },
			})),
		};
	};
}
