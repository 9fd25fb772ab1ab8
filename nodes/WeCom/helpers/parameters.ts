import type { IDataObject, IExecuteFunctions, IExecuteSingleFunctions, NodeApiError } from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import { localCheckError } from '../../shared/errors';

/* Typed reads of node parameters for preSend/postReceive code, which gets them untyped. */

/** The parameters of one item: what preSend code gets, and what programmatic operations build per item. */
export type ItemParameters = Pick<IExecuteSingleFunctions, 'getNode' | 'getItemIndex' | 'getNodeParameter'>;

/** One item's parameters of a programmatic operation, readable by the same helpers as preSend code. */
export function itemParameters(context: IExecuteFunctions, itemIndex: number): ItemParameters {
	return {
		getNode: () => context.getNode(),
		getItemIndex: () => itemIndex,
		getNodeParameter: (name: string, fallback?: unknown) => context.getNodeParameter(name, itemIndex, fallback),
	};
}

/** A parameter that is a string (numbers are accepted and turned into text). */
export function stringParameter(context: ItemParameters, name: string, fallback = ''): string {
	const value = context.getNodeParameter(name, fallback);
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return fallback;
}

export function booleanParameter(context: ItemParameters, name: string, fallback = false): boolean {
	const value = context.getNodeParameter(name, fallback);
	return typeof value === 'boolean' ? value : fallback;
}

/** A collection or fixedCollection parameter as a plain object ({} when unset). */
export function objectParameter(context: ItemParameters, name: string): IDataObject {
	const value = context.getNodeParameter(name, {});
	return isDataObject(value) ? value : {};
}

/** The entries of a multiple-value fixedCollection group, e.g. entriesOf(recipients, 'users'). */
export function entriesOf(collection: IDataObject, group: string): IDataObject[] {
	const value = collection[group];
	if (Array.isArray(value)) return value.filter(isDataObject);
	return isDataObject(value) ? [value] : [];
}

/** The value of a resource locator (or a plain value), as trimmed text. */
export function locatorValue(value: unknown): string {
	if (isDataObject(value) && '__rl' in value) return locatorValue(value.value);
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number') return String(value);
	return '';
}

export function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return '';
}

/**
 * IDs from one value: comma, |, space or newline separated, so one picker or field may carry several
 * (an expression such as `{{ $json.ids.join('|') }}`). User IDs never contain those characters,
 * department and tag IDs are numbers. Arrays are split entry by entry.
 */
export function splitIdList(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap((entry) => splitIdList(entry));
	return textOf(value)
		.split(/[|,\s]+/)
		.filter((id) => id !== '');
}

/**
 * The IDs of the `field` picker of every entry of a fixedCollection group, each ID once, in the
 * order given. `ignoreCase` for user IDs where WeCom treats ZhangSan and zhangsan as one member.
 */
export function pickedIds(entries: IDataObject[], field: string, ignoreCase: boolean): string[] {
	const seen = new Set<string>();
	const ids: string[] = [];
	for (const entry of entries) {
		for (const id of splitIdList(locatorValue(entry[field]))) {
			const key = ignoreCase ? id.toLowerCase() : id;
			if (seen.has(key)) continue;
			seen.add(key);
			ids.push(id);
		}
	}
	return ids;
}

/** The request body RoutingNode has built so far, as an object to add to. */
export function requestBodyOf(body: unknown): IDataObject {
	return isDataObject(body) && !Buffer.isBuffer(body) ? body : {};
}

/** An input error for the current item (shown with the item index). */
export function inputError(
	context: ItemParameters,
	message: string,
	description?: string,
): NodeApiError {
	return localCheckError(context.getNode(), message, { description, itemIndex: context.getItemIndex() });
}
