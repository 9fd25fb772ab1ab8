import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fitUtf8, markdownBody, templateCardBody } from '../../shared/aiBot/replies';
import { aiBotStreams } from '../../shared/aiBot/streamStore';
import { mediaFileOf, replyImagesOf } from '../helpers/binary';
import { templateCardOf } from '../helpers/card';
import { postToResponseUrl } from '../helpers/responseUrl';
import type { Relay } from '../helpers/relay';
import type { TriggerMessage } from '../helpers/triggerItem';

/**
 * Reply: the answer to a user message (wecom-new-features.md §1.4, §2.3). Long connection: handed
 * to the trigger, which finishes the placeholder bubble (or sends it proactively after 6 min).
 * Callback: into the bubble when the refresh is answered by this process, else via response_url.
 */
export async function reply(
	context: IExecuteFunctions,
	itemIndex: number,
	message: TriggerMessage,
	relay: Relay,
): Promise<IDataObject> {
	const replyType = context.getNodeParameter('replyType', itemIndex, 'markdown');
	const withMarkdown = replyType === 'markdown' || replyType === 'markdownAndCard';
	const fitted = withMarkdown ? fitUtf8(String(context.getNodeParameter('markdown', itemIndex, ''))) : undefined;
	if (fitted !== undefined && fitted.text.trim() === '') {
		throw new NodeOperationError(context.getNode(), 'The markdown answer is empty', {
			description: 'WeCom ignores an empty or blank answer. Check the expression in Markdown, e.g. {{ $json.output }}.',
			itemIndex,
		});
	}
	const card = replyType === 'markdown' ? undefined : templateCardOf(context, itemIndex);
	const images = withMarkdown ? await replyImagesOf(context, itemIndex) : [];
	const attached = context.getNodeParameter('attachMedia', itemIndex, false) === true ? await mediaFileOf(context, itemIndex) : undefined;
	if (attached !== undefined && message.connection !== 'longConnection') {
		throw new NodeOperationError(context.getNode(), 'Attach Media works over the long connection only', {
			description: 'In callback mode WeCom takes markdown, a card or images in the bubble as the answer, with no files. Turn Attach Media off, or switch the trigger to Long Connection.',
			itemIndex,
		});
	}
	const feedbackId = String(context.getNodeParameter('feedbackId', itemIndex, '')).trim() || undefined;
	const result: IDataObject = { operation: 'reply', connection: message.connection, truncated: fitted?.truncated ?? false, images: images.length, media: attached?.filename };

	if (message.connection === 'longConnection') {
		await relay.send(itemIndex, {
			action: 'reply',
			req_id: message.reqId ?? '',
			markdown: fitted?.text,
			template_card: card,
			feedback_id: feedbackId,
			msg_item: images.length > 0 ? images : undefined,
			media: attached && { type: attached.type, filename: attached.filename, base64: attached.data.toString('base64') },
		});
		return { ...result, req_id: message.reqId, deliveredVia: 'long connection' };
	}

	const inBubble = fitted !== undefined && message.streamId !== undefined && aiBotStreams.finish(message.streamId, fitted.text, feedbackId, images);
	if (inBubble && card === undefined) return { ...result, stream_id: message.streamId, deliveredVia: 'stream' };
	if (!inBubble && images.length > 0) {
		throw new NodeOperationError(context.getNode(), 'Images need the answer bubble, which this n8n process cannot reach', {
			description:
				'WeCom shows images only on the answer bubble; response_url takes markdown or a card. This happens in queue mode (the bubble lives in the webhook process) or when the bubble is already closed. Leave Images empty here.',
			itemIndex,
		});
	}
	if (!message.responseUrl) {
		throw new NodeOperationError(context.getNode(), 'This message has no response_url to answer through', {
			description: 'In callback mode, answers that do not fit in the bubble go through the message’s response_url.',
			itemIndex,
		});
	}
	if (!inBubble && fitted !== undefined && card !== undefined) {
		throw new NodeOperationError(context.getNode(), 'Markdown and Card needs the answer bubble, which this n8n process cannot reach', {
			description:
				'response_url takes one reply only. This happens in queue mode (the bubble lives in the webhook process) or when the bubble is already closed. Reply with Markdown or with a Template Card.',
			itemIndex,
		});
	}
	const body = card !== undefined ? templateCardBody(card) : markdownBody(fitted?.text ?? '');
	await postToResponseUrl(context, message.responseUrl, body, itemIndex);
	return { ...result, deliveredVia: inBubble ? 'stream and response_url' : 'response_url' };
}
