import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { AiBotCommandError, AiBotNotConnectedError, AiBotOutcomeUnknownError } from '../../shared/aiBot/errors';

/** What to do about the AI bot's errcodes (wecom-new-features.md §2.8). */
const HINTS: Record<number, string> = {
	846605:
		'WeCom did not accept an answer for this req_id: each callback takes one kind of answer (a message: Reply; Entered Chat: Welcome; Card Clicked: Update Card), only within its time (5 s for events).',
	846608:
		'The answer came after WeCom’s 6-minute stream window. The trigger sends late answers as a new markdown message by itself; Send does the same.',
	40008:
		'WeCom does not accept this message type here: proactive messages (Send) take markdown or a template card, not text.',
	45009: 'The bot sent too many messages; WeCom limits replies and sends per bot. Slow down and try again.',
};

export function aiBotNodeError(node: INode, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof AiBotCommandError) {
		return new NodeOperationError(node, `WeCom refused the AI bot's ${error.cmd}: ${error.errcode} ${error.errmsg}`, {
			description: HINTS[error.errcode] ?? 'See WeCom’s error code page for this errcode.',
			itemIndex,
		});
	}
	if (error instanceof AiBotOutcomeUnknownError) {
		return new NodeOperationError(node, error.message, {
			description: 'The frame went out but WeCom did not confirm it; it was not sent again, to avoid a duplicate. Check the chat before retrying.',
			itemIndex,
		});
	}
	if (error instanceof AiBotNotConnectedError) {
		return new NodeOperationError(node, error.message, { description: 'The long connection was reconnecting. Try again in a few seconds.', itemIndex });
	}
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error), { itemIndex });
}
