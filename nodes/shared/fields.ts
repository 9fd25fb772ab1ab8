import type { INodeProperties } from 'n8n-workflow';

import { assertWeComOk } from './transport';

/*
 * Builders for the description shapes the nodes repeat most: a plain text value, body routing and
 * a fixedCollection with one kind of entry. They fill in only the fixed parts (type, default, the
 * entry group); names, texts and display options stay at the call site.
 */

/** A text field that is empty by default. */
export function textValue(displayName: string, name: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return { displayName, name, type: 'string', default: '', ...extra };
}

/** Routing that puts the field's value at `property` of the JSON body, or `value` (an expression of $value). */
export function toBody(property: string, value?: string): NonNullable<INodeProperties['routing']> {
	return { send: value === undefined ? { type: 'body', property } : { type: 'body', property, value } };
}

/** The `value` of toBody() that leaves an empty optional field out of the body. */
export const OMIT_WHEN_EMPTY = '={{ $value || undefined }}';

/** typeOptions of a fixedCollection that holds a list of entries: at most `max` when given. */
export function listOf(max?: number): INodeProperties['typeOptions'] {
	return max === undefined ? { multipleValues: true } : { multipleValues: true, maxAllowedFields: max };
}

/**
 * A fixedCollection with one kind of entry, stored as `{ [entry.name]: values }` (or a list of them
 * when `field.typeOptions` is listOf()).
 */
export function entryCollection(
	field: Omit<INodeProperties, 'type' | 'default' | 'options'>,
	entry: { displayName: string; name: string },
	values: INodeProperties[],
): INodeProperties {
	return { ...field, type: 'fixedCollection', default: {}, options: [{ ...entry, values }] };
}

/** Which input binary field holds the file to upload (both nodes read n8n binary data the same way). */
export function binaryPropertyField(description?: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the file',
		...(description === undefined ? {} : { description }),
		...extra,
	};
}

/** The "Options" collection of an operation: optional settings, each added on demand. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options };
}

/** The "Filters" collection of a list operation. */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, options };
}

/**
 * Always shown and never seen: its routing puts every request of every operation through the node's
 * request hook (paginate → the weCom node's pagination hook, the group bot's helpers/deliver.ts),
 * and checks WeCom's errcode on every answer.
 */
export const transportCarrier: INodeProperties = {
	displayName: 'WeCom Transport',
	name: 'weComTransport',
	type: 'hidden',
	default: '',
	routing: {
		send: { paginate: true },
		output: { postReceive: [assertWeComOk] },
	},
};

/**
 * The download limit of Media → Download and of the trigger's Download Media, in MB (read with
 * maxBytesOf). WeCom serves at most 20 MB in one answer; a larger answer is refused unread.
 */
export const maxFileSizeField: INodeProperties = {
	displayName: 'Max File Size (MB)',
	name: 'maxFileSizeMb',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 20,
	description:
		'A larger file is refused and not read, so it cannot fill this server’s memory. WeCom sends at most 20 MB in one piece.',
};

/** The limit in bytes for a Max File Size (MB) value; the default for anything not a positive number. */
export function maxBytesOf(megabytes: unknown): number {
	const value = typeof megabytes === 'number' && Number.isFinite(megabytes) && megabytes > 0 ? megabytes : 20;
	return Math.round(value * 1024 * 1024);
}
