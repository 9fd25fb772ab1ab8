import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { isDataObject, ownTextField } from '../shared/dataObject';

/** What AI-bot users send (wecom-new-features.md §1.2). */
export const AI_BOT_MESSAGE_TYPES: INodePropertyOptions[] = [
	{ name: 'File', value: 'file', description: 'Single chat only' },
	{ name: 'Image', value: 'image', description: 'Single chat only' },
	{ name: 'Mixed (Text and Images)', value: 'mixed' },
	{ name: 'Text', value: 'text' },
	{ name: 'Video', value: 'video' },
	{ name: 'Voice (Transcribed)', value: 'voice', description: 'Single chat only; WeCom sends the text, not the audio' },
];

/** AI-bot events (wecom-new-features.md §1.3). disconnected_event is handled by the trigger itself. */
export const AI_BOT_EVENTS: INodePropertyOptions[] = [
	{ name: 'Card Clicked', value: 'template_card_event', description: 'Event template_card_event: answer with Update Card within 5 s' },
	{ name: 'Entered Chat', value: 'enter_chat', description: 'Event enter_chat: first visit of the day; answer with Welcome' },
	{ name: 'Feedback Given', value: 'feedback_event', description: 'Event feedback_event: thumbs up or down under an answer' },
];

export const AI_BOT_CHAT_TYPES: INodePropertyOptions[] = [
	{ name: 'Group Chat (@Bot)', value: 'group' },
	{ name: 'Single Chat', value: 'single' },
];

export interface AiBotFilter {
	messageTypes: string[];
	events: string[];
	chatTypes: string[];
}

/** Whether a message or event passes the node's filters. Stream refreshes are never items. */
export function passesAiBotFilter(body: IDataObject, filter: AiBotFilter): boolean {
	const msgtype = ownTextField(body, 'msgtype') ?? '';
	if (msgtype === 'stream') return false;
	const chattype = ownTextField(body, 'chattype');
	if (chattype !== undefined && !filter.chatTypes.includes(chattype)) return false;
	if (msgtype !== 'event') return filter.messageTypes.includes(msgtype);
	const event = isDataObject(body.event) ? body.event : {};
	return filter.events.includes(ownTextField(event, 'eventtype') ?? '');
}

function stringList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

export function aiBotFilterOf(read: (name: string, fallback: unknown) => unknown): AiBotFilter {
	return {
		messageTypes: stringList(read('messageTypes', [])),
		events: stringList(read('events', [])),
		chatTypes: stringList(read('chatTypes', ['single', 'group'])),
	};
}
