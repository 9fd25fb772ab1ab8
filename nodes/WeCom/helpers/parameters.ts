import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

/* Typed reads of node parameters for preSend/postReceive code, which gets them untyped. */

export function isDataObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A parameter that is a string (numbers are accepted and turned into text). */
export function stringParameter(context: IExecuteSingleFunctions, name: string, fallback = ''): string {
	const value = context.getNodeParameter(name, fallback);
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return fallback;
}

export function booleanParameter(context: IExecuteSingleFunctions, name: string, fallback = false): boolean {
	const value = context.getNodeParameter(name, fallback);
	return typeof value === 'boolean' ? value : fallback;
}

/** A collection or fixedCollection parameter as a plain object ({} when unset). */
export function objectParameter(context: IExecuteSingleFunctions, name: string): IDataObject {
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

/** The request body RoutingNode has built so far, as an object to add to. */
export function requestBodyOf(body: unknown): IDataObject {
	return isDataObject(body) && !Buffer.isBuffer(body) ? body : {};
}

/** An input error for the current item (shown with the item index). */
export function inputError(
	context: IExecuteSingleFunctions,
	message: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, {
		description,
		itemIndex: context.getItemIndex(),
	});
}
