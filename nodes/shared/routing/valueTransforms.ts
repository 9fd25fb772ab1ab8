import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { isDataObject } from '../dataObject';

/*
 * The `routing.send.value` expressions of the package's descriptions, each with the code that
 * runs it. n8n's RoutingNode evaluated every one in the expression sandbox for every item (a large
 * share of a send's CPU time); they are fixed transforms of the field's value, so the router runs
 * them as code. Descriptions use the constants below (or a short form such as `={{$value}}`),
 * and a description with an expression not listed here fails the routing test
 * (test/unit/routing.test.ts) before it can ship.
 */

export interface TransformKeys {
	credentials: ICredentialDataDecryptedObject;
}

type Transform = (value: unknown, keys: TransformKeys) => unknown;

/** The field's value unchanged. */
export const AS_IS = '={{$value}}';
/** A comma/semicolon/space separated list (or an array from an expression) as a string array. */
export const AS_STRING_LIST =
	'={{ (Array.isArray($value) ? $value : String($value).split(/[,，;；\\s]+/)).map(entry => String(entry).trim()).filter(entry => entry !== "") }}';
/** A URL as a card action that opens it. */
export const AS_URL_ACTION = '={{ { type: 1, url: $value } }}';
/** Label–value entries as a card's horizontal_content_list. */
export const AS_CARD_DETAILS = '={{ ($value.detail || []).map(line => ({ keyname: line.label, value: line.value })) }}';
/** Title–URL entries as a card's jump_list. */
export const AS_CARD_LINKS = '={{ ($value.link || []).map(link => ({ type: 1, title: link.title, url: link.url })) }}';

function entries(value: unknown, group: string): IDataObject[] {
	const list = isDataObject(value) ? value[group] : undefined;
	return Array.isArray(list) ? list.filter(isDataObject) : [];
}

function stringList(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value).split(/[,，;；\s]+/);
	return list.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
}

/** The code of `={{ … }}` without white space, or undefined for anything else. */
function expressionBody(expression: string): string | undefined {
	const match = /^=\{\{([\s\S]*)\}\}$/.exec(expression.trim());
	return match ? match[1].replace(/\s+/g, '') : undefined;
}

const TRANSFORMS = new Map<string | undefined, Transform>([
	[expressionBody(AS_IS), (value) => value],
	[expressionBody('={{Number($value)}}'), (value) => Number(value)],
	[expressionBody('={{$value ? 1 : 0}}'), (value) => (value ? 1 : 0)],
	[expressionBody('={{$value || undefined}}'), (value) => value || undefined],
	[expressionBody('={{$value.article}}'), (value) => (isDataObject(value) ? value.article : undefined)],
	[
		expressionBody('={{Number($value || $credentials.agentId) || 0}}'),
		(value, keys) => Number(value || keys.credentials.agentId) || 0,
	],
	[expressionBody(AS_STRING_LIST), stringList],
	[expressionBody(AS_URL_ACTION), (value) => ({ type: 1, url: value })],
	[expressionBody(AS_CARD_DETAILS), (value) => entries(value, 'detail').map((line) => ({ keyname: line.label, value: line.value }))],
	[
		expressionBody(AS_CARD_LINKS),
		(value) => entries(value, 'link').map((link) => ({ type: 1, title: link.title, url: link.url })),
	],
]);

/** Whether a routing value expression can run as code. */
export function isKnownTransform(expression: string): boolean {
	const body = expressionBody(expression);
	return body !== undefined && TRANSFORMS.has(body);
}

/** Runs a routing value expression on a parameter's value. */
export function applyTransform(expression: string, value: unknown, keys: TransformKeys): unknown {
	const transform = TRANSFORMS.get(expressionBody(expression));
	if (!transform) throw new Error(`Unsupported routing value expression ${expression}`);
	return transform(value, keys);
}

/**
 * A routed property name, which may hold the entry index of a fixedCollection
 * (`=content_item[{{$index}}].key`) or a value of that entry (`={{ $parent.name }}`, read with
 * `readEntry`).
 */
export function propertyNameOf(name: string, index: number | undefined, readEntry: (key: string) => unknown): string {
	if (!name.startsWith('=')) return name;
	return name.slice(1).replace(/\{\{\s*\$(index|parent\.([A-Za-z0-9_]+))\s*\}\}/g, (_match, _what: string, key?: string) => {
		if (key === undefined) return String(index ?? 0);
		const value = readEntry(key);
		return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
	});
}
