import type { GenericValue, IDataObject } from 'n8n-workflow';

import { isDataObject } from '../dataObject';

/*
 * Writing request values at paths such as `text.content` or `articles[2].title`, and merging one
 * property's contribution into the request, the way n8n's declarative routing does (lodash set
 * and merge semantics for plain objects and arrays).
 */

type Container = IDataObject | unknown[];

function segmentsOf(path: string): Array<string | number> {
	const segments: Array<string | number> = [];
	for (const part of path.split('.')) {
		const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
		if (!match) {
			segments.push(part);
			continue;
		}
		if (match[1] !== '') segments.push(match[1]);
		for (const index of match[2].matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
	}
	return segments;
}

function childOf(container: Container, key: string | number): unknown {
	return Array.isArray(container) ? container[Number(key)] : container[String(key)];
}

/** Anything JSON-like a parameter can hold (functions and symbols never reach a request). */
function isGenericValue(value: unknown): value is GenericValue {
	return typeof value !== 'function' && typeof value !== 'symbol' && typeof value !== 'bigint';
}

function assign(container: Container, key: string | number, value: unknown): void {
	if (Array.isArray(container)) container[Number(key)] = value;
	else if (isGenericValue(value)) container[String(key)] = value;
}

/** Sets `value` under `key` itself (a name that may contain dots). */
export function setKey(target: IDataObject, key: string, value: unknown): void {
	assign(target, key, value);
}

/** Sets `value` at `path` in `target`, creating objects (or arrays for numeric segments) on the way. */
export function setAtPath(target: IDataObject, path: string, value: unknown): void {
	const segments = segmentsOf(path);
	let current: Container = target;
	segments.forEach((segment, position) => {
		if (position === segments.length - 1) {
			assign(current, segment, value);
			return;
		}
		const existing = childOf(current, segment);
		if (isDataObject(existing) || Array.isArray(existing)) {
			current = existing;
			return;
		}
		const created: Container = typeof segments[position + 1] === 'number' ? [] : {};
		assign(current, segment, created);
		current = created;
	});
}

/** Deep-merges `source` into `target`: objects and arrays merge by key, other values replace. */
export function mergeInto(target: Container, source: Container): void {
	// Arrays may be sparse (an entry set at [2] leaves [0] and [1] empty): only set slots count.
	const entries: Array<[string | number, unknown]> = Array.isArray(source)
		? Object.keys(source).map((key) => [Number(key), source[Number(key)]])
		: Object.entries(source);
	for (const [key, value] of entries) {
		const existing = childOf(target, key);
		const sourceIsContainer = isDataObject(value) || Array.isArray(value);
		if (sourceIsContainer && (isDataObject(existing) || Array.isArray(existing)) && Array.isArray(existing) === Array.isArray(value)) {
			mergeInto(existing, value);
		} else if (value !== undefined || !(Array.isArray(target) ? Number(key) < target.length : String(key) in target)) {
			assign(target, key, value);
		}
	}
}
