import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isDataObject, ownTextField } from '../../shared/dataObject';

/*
 * What a reply answers: the item the WeCom AI Bot Trigger emitted. After an AI Agent or any other
 * node the input item no longer holds it, so it is read from the trigger's output in this run.
 */

const TRIGGER_TYPE_SUFFIX = '.weComAiBotTrigger';

export interface TriggerMessage {
	connection: 'longConnection' | 'callback';
	json: IDataObject;
	/** Long connection: the callback frame's req_id. */
	reqId?: string;
	/** Callback mode: the placeholder stream the trigger opened. */
	streamId?: string;
	/** Callback mode: WeCom's one-time reply URL (1 hour). */
	responseUrl?: string;
	/** Where a proactive message goes: the group chatid or the user's userid. */
	chat: string;
}

function messageFrom(json: IDataObject): TriggerMessage | undefined {
	const connection = ownTextField(json, 'connection');
	if (connection !== 'longConnection' && connection !== 'callback') return undefined;
	return {
		connection,
		json,
		reqId: ownTextField(json, 'req_id'),
		streamId: ownTextField(json, 'stream_id'),
		responseUrl: ownTextField(json, 'response_url'),
		chat: ownTextField(json, 'chat') ?? '',
	};
}

export function triggerMessageOf(context: IExecuteFunctions, itemIndex: number): TriggerMessage {
	const direct = messageFrom(context.getInputData()[itemIndex]?.json ?? {});
	if (direct) return direct;
	const trigger = context
		.getParentNodes(context.getNode().name)
		.find((parent) => parent.type.endsWith(TRIGGER_TYPE_SUFFIX));
	if (trigger !== undefined) {
		const value: unknown = context.evaluateExpression(`{{ $(${JSON.stringify(trigger.name)}).first().json }}`, itemIndex);
		const found = isDataObject(value) ? messageFrom(value) : undefined;
		if (found) return found;
	}
	throw new NodeOperationError(context.getNode(), 'There is no AI-bot message to answer', {
		description:
			'Reply, Welcome and Update Card answer the message or event that started this run, so the workflow must start with a WeCom AI Bot Trigger (and this node must come after it). To message a chat at any time, use Send.',
		itemIndex,
	});
}

/** The operations that answer the callback that started the run. */
export type AnswerOperation = 'reply' | 'welcome' | 'updateCard';

/** Which callback each answer fits; WeCom refuses any other pairing with 846605 (wecom-new-features.md §2.3). */
const ANSWER_FITS: Record<AnswerOperation, { fits: (json: IDataObject) => boolean; refusal: string; hint: string }> = {
	reply: {
		fits: (json) => json.msgtype !== 'event',
		refusal: 'Reply answers messages, and this run started with an event',
		hint: 'Answer Entered Chat with Welcome and Card Clicked with Update Card; WeCom refuses other answers to events (846605).',
	},
	welcome: {
		fits: (json) => json.eventtype === 'enter_chat',
		refusal: 'Welcome answers the Entered Chat event only',
		hint: 'WeCom accepts a welcome only as the answer to enter_chat (846605 otherwise). Use Reply for messages.',
	},
	updateCard: {
		fits: (json) => json.eventtype === 'template_card_event',
		refusal: 'Update Card answers the Card Clicked event only',
		hint: 'WeCom accepts a card update only as the answer to template_card_event (846605 otherwise).',
	},
};

/** The message or event this operation answers; an error before anything is sent when it does not fit. */
export function answeredMessageOf(context: IExecuteFunctions, itemIndex: number, operation: AnswerOperation): TriggerMessage {
	const message = triggerMessageOf(context, itemIndex);
	const rule = ANSWER_FITS[operation];
	if (!rule.fits(message.json)) {
		throw new NodeOperationError(context.getNode(), rule.refusal, { description: rule.hint, itemIndex });
	}
	return message;
}
