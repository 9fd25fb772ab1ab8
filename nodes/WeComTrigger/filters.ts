import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { isDataObject, ownTextField } from '../shared/dataObject';

/** Message types a WeCom app receives (MsgType). */
export const MESSAGE_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Image', value: 'image' },
	{ name: 'Link', value: 'link' },
	{ name: 'Location', value: 'location' },
	{ name: 'Text', value: 'text' },
	{ name: 'Video', value: 'video' },
	{ name: 'Voice', value: 'voice' },
];

/** Events (MsgType "event", Event field) the trigger can select one by one. */
export const EVENT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Batch Job Finished', value: 'batch_job_result', description: 'Event batch_job_result' },
	{ name: 'Card Button Clicked', value: 'template_card_event', description: 'Event template_card_event' },
	{ name: 'Card Menu Clicked', value: 'template_card_menu_event', description: 'Event template_card_menu_event' },
	{ name: 'Contact Changed', value: 'change_contact', description: 'Event change_contact' },
	{ name: 'Customer Changed', value: 'change_external_contact', description: 'Event change_external_contact' },
	{ name: 'Customer Group Changed', value: 'change_external_chat', description: 'Event change_external_chat' },
	{ name: 'Entered App', value: 'enter_agent', description: 'Event enter_agent' },
	{ name: 'Location Reported', value: 'LOCATION', description: 'Event LOCATION' },
	{ name: 'Location Selected', value: 'location_select', description: 'Event location_select' },
	{ name: 'Menu Click', value: 'click', description: 'Event click' },
	{ name: 'Menu Link Opened', value: 'view', description: 'Event view' },
	{ name: 'Photo From Album or Camera', value: 'pic_photo_or_album', description: 'Event pic_photo_or_album' },
	{ name: 'Photo From Camera', value: 'pic_sysphoto', description: 'Event pic_sysphoto' },
	{ name: 'Photo From WeChat Album', value: 'pic_weixin', description: 'Event pic_weixin' },
	{ name: 'Scan Code', value: 'scancode_push', description: 'Event scancode_push' },
	{ name: 'Scan Code and Wait', value: 'scancode_waitmsg', description: 'Event scancode_waitmsg' },
	{ name: 'Subscribed', value: 'subscribe', description: 'Event subscribe' },
	{ name: 'Unsubscribed', value: 'unsubscribe', description: 'Event unsubscribe' },
];

/** ChangeType values of change_contact. */
export const CHANGE_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Department Created', value: 'create_party' },
	{ name: 'Department Deleted', value: 'delete_party' },
	{ name: 'Department Updated', value: 'update_party' },
	{ name: 'Member Created', value: 'create_user' },
	{ name: 'Member Deleted', value: 'delete_user' },
	{ name: 'Member Updated', value: 'update_user' },
	{ name: 'Tag Members Changed', value: 'update_tag' },
];

const KNOWN_MESSAGE_TYPES = new Set(MESSAGE_TYPE_OPTIONS.map((option) => String(option.value)));
const KNOWN_EVENTS = new Set(EVENT_OPTIONS.map((option) => String(option.value)));

export interface CallbackFilter {
	messageTypes: string[];
	events: string[];
	/** Empty means every ChangeType. */
	changeTypes: string[];
	includeOther: boolean;
}

export interface CallbackKind {
	kind: 'message' | 'event';
	/** MsgType of a message, or Event of an event ('' when absent). */
	type: string;
	changeType?: string;
}

export function objectField(source: IDataObject, name: string): IDataObject | undefined {
	const value = Object.prototype.hasOwnProperty.call(source, name) ? source[name] : undefined;
	return isDataObject(value) ? value : undefined;
}

/** What a callback is: app XML (MsgType/Event) or AI-bot JSON (msgtype/event.eventtype). */
export function kindOf(message: IDataObject): CallbackKind {
	const msgType = ownTextField(message, 'MsgType', 'msgtype') ?? '';
	if (msgType !== 'event') return { kind: 'message', type: msgType };
	const event =
		ownTextField(message, 'Event') ?? ownTextField(objectField(message, 'event') ?? {}, 'eventtype') ?? '';
	return { kind: 'event', type: event, changeType: ownTextField(message, 'ChangeType') };
}

export function passesFilter(message: IDataObject, filter: CallbackFilter): boolean {
	const { kind, type, changeType } = kindOf(message);
	if (kind === 'message') {
		return KNOWN_MESSAGE_TYPES.has(type) ? filter.messageTypes.includes(type) : filter.includeOther;
	}
	if (!KNOWN_EVENTS.has(type)) return filter.includeOther;
	if (!filter.events.includes(type)) return false;
	if (type === 'change_contact' && filter.changeTypes.length > 0) {
		return changeType !== undefined && filter.changeTypes.includes(changeType);
	}
	return true;
}

