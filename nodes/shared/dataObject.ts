import type { IDataObject } from 'n8n-workflow';

/*
 * Type guards for untyped values (parameters, parsed JSON, WeCom's answers, callbacks), shared by
 * every node so one rule decides what counts as an object.
 */

/** Any non-array object. Parsed JSON holds only JSON values, which IDataObject allows. */
export function isDataObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The first of `names` that the object itself holds as a string or a number, as text; inherited
 * properties (e.g. `constructor`) never count.
 */
export function ownTextField(source: IDataObject, ...names: string[]): string | undefined {
	for (const name of names) {
		const value = Object.prototype.hasOwnProperty.call(source, name) ? source[name] : undefined;
		if (typeof value === 'string') return value;
		if (typeof value === 'number') return String(value);
	}
	return undefined;
}
