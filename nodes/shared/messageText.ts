import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, INodeProperties } from 'n8n-workflow';

import { splitMessage } from './splitText';

/*
 * The text and markdown rules both nodes share: WeCom refuses content that is empty or only
 * whitespace (errcode 44004), so it is refused before anything is sent, the same way in both; and
 * content over WeCom's byte limit is either refused or, with "Split Long Messages", sent as
 * several messages (splitText.ts).
 */

/** True for '' and for text of spaces, tabs and line breaks only. */
export function isBlankText(text: string): boolean {
	return text.trim() === '';
}

/** The content of a text or markdown field as a string ('' when missing). */
export function contentText(raw: unknown): string {
	return typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw);
}

/**
 * Throws `<label> is empty` when the content is empty or only whitespace.
 * @param label how the node names the content, e.g. "The text message" or "Text content"
 */
export function refuseBlankText(node: INode, itemIndex: number, label: string, content: string): void {
	if (!isBlankText(content)) return;
	throw new NodeOperationError(node, `${label} is empty`, {
		itemIndex,
		description:
			'WeCom refuses messages that are empty or only spaces (errcode 44004). Check the field or the expression that fills it for this item.',
	});
}

/** The hint of a "too long" error while Split Long Messages is off. */
export const SPLIT_LONG_MESSAGES_HINT =
	'Turn on Options → Split Long Messages to send it as several messages, or shorten it. WeCom counts UTF-8 bytes: a Chinese character takes 3, an emoji 4.';

/**
 * The messages to send for content over maxBytes: parts that each fit, cut at line breaks where
 * possible. Parts of only blank lines are dropped (WeCom would refuse them, and they show nothing).
 */
export function messageParts(content: string, maxBytes: number): string[] {
	return splitMessage(content, maxBytes).filter((part) => !isBlankText(part));
}

/** The "Split Long Messages" option; `limits` says which content and how many bytes. */
export function splitLongMessagesOption(limits: string): INodeProperties {
	return {
		displayName: 'Split Long Messages',
		name: 'splitLongMessages',
		type: 'boolean',
		default: false,
		description: `Whether to send ${limits} as several messages, split at line breaks (never inside a link or a character). When off, such an item fails before anything is sent.`,
	};
}

/**
 * When part `index` (0-based) of a message split into `total` parts fails, says which parts
 * already went out. `arrived` is how the node says it: "posted" for a group bot, "sent" for an app.
 */
export function withPartsSentNote(
	node: INode,
	error: unknown,
	part: { index: number; total: number; itemIndex: number; arrived: string },
): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(node, error instanceof Error ? error.message : String(error), {
					itemIndex: part.itemIndex,
				});
	const { index, total, arrived } = part;
	if (total > 1) {
		const sent =
			index === 0 ? 'No part was' : index === 1 ? 'Part 1 was' : `Parts 1 to ${index} were`;
		const note = `This message was split into ${total} parts and part ${index + 1} failed. ${sent} ${arrived}.`;
		nodeError.description = nodeError.description ? `${note}\n${nodeError.description}` : note;
	}
	return nodeError;
}
