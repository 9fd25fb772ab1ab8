import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { isDataObject, ownTextField } from '../shared/dataObject';
import {
	ANY_MESSAGE,
	LISTED_EVENTS,
	LISTED_MESSAGE_TYPES,
	MESSAGE_PREFIX,
	UNLISTED,
} from './eventCatalogue';

/**
 * What the trigger lets through: catalogue values (eventCatalogue.ts), and for the events that
 * carry a change type, which change types (empty = all of them).
 */
export interface CallbackFilter {
	events: string[];
	/** Keyed by Event name: the allowed ChangeType (or StatuChangeEvent) values. */
	changeTypes: Partial<Record<string, string[]>>;
}

/** The sub-filter parameter of each event that has one, and where the event keeps its value. */
export const CHANGE_TYPE_FILTERS: ReadonlyArray<{ event: string; parameter: string }> = [
	{ event: 'change_contact', parameter: 'changeTypes' },
	{ event: 'change_external_contact', parameter: 'customerChangeTypes' },
	{ event: 'change_external_chat', parameter: 'customerGroupChangeTypes' },
	{ event: 'change_external_tag', parameter: 'customerTagChangeTypes' },
	{ event: 'sys_approval_change', parameter: 'approvalChangeEvents' },
];

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

/**
 * What a callback is: app XML (MsgType/Event) or AI-bot JSON (msgtype/event.eventtype). The change
 * type is ChangeType, or for sys_approval_change the StatuChangeEvent inside ApprovalInfo.
 */
export function kindOf(message: IDataObject): CallbackKind {
	const msgType = ownTextField(message, 'MsgType', 'msgtype') ?? '';
	if (msgType !== 'event') return { kind: 'message', type: msgType };
	const event =
		ownTextField(message, 'Event') ??
		ownTextField(objectField(message, 'event') ?? {}, 'eventtype') ??
		'';
	const changeType =
		event === 'sys_approval_change'
			? ownTextField(objectField(message, 'ApprovalInfo') ?? {}, 'StatuChangeEvent')
			: ownTextField(message, 'ChangeType');
	return { kind: 'event', type: event, changeType };
}

export function passesFilter(message: IDataObject, filter: CallbackFilter): boolean {
	const { kind, type, changeType } = kindOf(message);
	const selected = new Set(filter.events);
	if (kind === 'message') {
		if (selected.has(ANY_MESSAGE)) return true;
		return LISTED_MESSAGE_TYPES.has(type)
			? selected.has(`${MESSAGE_PREFIX}${type}`)
			: selected.has(UNLISTED);
	}
	if (!LISTED_EVENTS.has(type)) return selected.has(UNLISTED);
	if (!selected.has(type)) return false;
	const allowed = filter.changeTypes[type] ?? [];
	return allowed.length === 0 || (changeType !== undefined && allowed.includes(changeType.trim()));
}

function stringList(value: unknown): string[] {
	return Array.isArray(value)
		? value.filter((entry): entry is string => typeof entry === 'string')
		: [];
}

/** The filter as the trigger's parameters set it; a sub-filter counts only while its event is selected. */
export function filterOf(context: IWebhookFunctions): CallbackFilter {
	const events = stringList(context.getNodeParameter('events', []));
	const changeTypes: CallbackFilter['changeTypes'] = {};
	for (const { event, parameter } of CHANGE_TYPE_FILTERS) {
		if (events.includes(event))
			changeTypes[event] = stringList(context.getNodeParameter(parameter, []));
	}
	return { events, changeTypes };
}
