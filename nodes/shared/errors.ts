import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { ERRCODE_HINTS } from './errcodeHints';

/** WeCom's global error-code page. */
export const WECOM_ERROR_CODES_URL = 'https://developer.work.weixin.qq.com/document/path/90313';

/** Errcodes meaning "this access token is no longer good": refresh it once and replay the call. */
const TOKEN_ERRCODES = new Set([40014, 42001, 40001]);

/** Errcodes meaning "WeCom is busy right now": worth a bounded retry. */
const TRANSIENT_ERRCODES = new Set([-1, 45033]);

export function isTokenErrcode(errcode: number): boolean {
	return TOKEN_ERRCODES.has(errcode);
}

export function isTransientErrcode(errcode: number): boolean {
	return TRANSIENT_ERRCODES.has(errcode);
}

const ERRCODE_QUERY_URL = 'https://open.work.weixin.qq.com/devtool/query?e=';

/** The IP WeCom saw, from an errmsg such as "... from ip: 1.2.3.4, more info at ...". */
export function callerIpFromErrmsg(errmsg: string): string | undefined {
	const match = /from ip:\s*([0-9a-fA-F:.]+)/.exec(errmsg);
	return match?.[1];
}

/** Patterns for the secrets WeCom URLs and messages may carry. */
const SECRET_PATTERNS: RegExp[] = [
	/(access_token=)[^&\s"']+/gi,
	/(corpsecret=)[^&\s"']+/gi,
	/([?&]key=)[^&\s"']+/gi,
	/("access_token"\s*:\s*")[^"]+/gi,
];

/**
 * The shortest value redacted by value. WeCom's callback Token may be as short as 3 characters;
 * redacting a few innocent matches is the price of never showing it.
 */
const MIN_SECRET_LENGTH = 3;

/** The forms a secret can take in text: as is, and URL-encoded as in a logged request URL. */
function secretForms(secrets: Iterable<string>): string[] {
	const forms = new Set<string>();
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
		forms.add(secret);
		forms.add(encodeURIComponent(secret));
	}
	// Longest first, so a secret that contains another is removed whole.
	return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Removes access tokens, secrets and webhook keys from text that may be shown or logged: by
 * pattern (access_token=…, corpsecret=…, key=…) and by value for every secret in `extraSecrets`,
 * wherever it appears.
 */
export function redactSecrets(text: string, extraSecrets: Iterable<string> = []): string {
	let clean = text;
	for (const pattern of SECRET_PATTERNS) clean = clean.replace(pattern, '$1***');
	for (const secret of secretForms(extraSecrets)) clean = clean.split(secret).join('***');
	return clean;
}

/**
 * A copy of a JSON-like value (strings, arrays, plain objects) with every secret removed from
 * every string, keys included. Other values (numbers, Buffers, class instances) are kept as they
 * are; cycles are cut.
 */
export function redactValue(value: unknown, secrets: Iterable<string>): unknown {
	const forms = secretForms(secrets);
	const seen = new WeakSet<object>();
	const visit = (current: unknown): unknown => {
		if (typeof current === 'string') return redactSecrets(current, forms);
		if (typeof current !== 'object' || current === null) return current;
		if (seen.has(current)) return '[circular]';
		if (Array.isArray(current)) {
			seen.add(current);
			return current.map(visit);
		}
		const prototype: unknown = Object.getPrototypeOf(current);
		if (prototype !== Object.prototype && prototype !== null) return current;
		seen.add(current);
		return Object.fromEntries(
			Object.entries(current).map(([key, entry]) => [redactSecrets(key, forms), visit(entry)]),
		);
	};
	return visit(value);
}

/**
 * Removes every secret from every field of an n8n error in place: message, description, stack,
 * messages, context, errorResponse, httpCode, and its cause (an HTTP client error, which carries
 * the request URL and headers, is cut down to its redacted message).
 */
export function scrubError<E extends Error>(error: E, secrets: Iterable<string>): E {
	const forms = secretForms(secrets);
	error.message = redactSecrets(error.message, forms);
	if (error.stack) error.stack = redactSecrets(error.stack, forms);
	for (const name of ['description', 'httpCode', 'messages', 'context', 'errorResponse', 'extra', 'tags']) {
		const value: unknown = Reflect.get(error, name);
		if (value !== undefined && value !== null) Reflect.set(error, name, redactValue(value, forms));
	}
	if (error.cause !== undefined) {
		const cause =
			error.cause instanceof Error
				? { name: error.cause.name, message: redactSecrets(error.cause.message, forms) }
				: redactValue(error.cause, forms);
		Object.defineProperty(error, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
	}
	return error;
}

export interface WeComErrorBody {
	errcode: number;
	errmsg?: string;
}

/** The hint for an errcode, with the caller IP filled in where WeCom told us about it. */
export function hintForErrcode(errcode: number, errmsg = ''): string | undefined {
	const hint = ERRCODE_HINTS[errcode];
	if (errcode === 60020) {
		const ip = callerIpFromErrmsg(errmsg);
		if (ip) return `WeCom saw this n8n server calling from IP ${ip}. ${hint}`;
	}
	return hint;
}

export interface DescribedErrcode {
	/** "WeCom error 60020: not allow to access from your ip" */
	message: string;
	/** What to do, in the console's terms, when the table has a hint for the errcode. */
	hint?: string;
	/** The links to WeCom's pages about the errcode. */
	reference: string;
	/** The hint and the reference, one per line. */
	description: string;
}

/**
 * One message for an errcode, used by the credential and the nodes alike. `secrets` are removed
 * from WeCom's errmsg by value (a private deployment may echo what it received).
 */
export function describeErrcode(body: WeComErrorBody, secrets: Iterable<string> = []): DescribedErrcode {
	const errmsg = redactSecrets(body.errmsg ?? '', secrets);
	const shortErrmsg = errmsg.split(', hint:')[0].trim();
	const hint = hintForErrcode(body.errcode, errmsg);
	const message = `WeCom error ${body.errcode}: ${shortErrmsg || 'no message'}`;
	const reference = `Errcode ${body.errcode}: ${ERRCODE_QUERY_URL}${body.errcode} · all codes: ${WECOM_ERROR_CODES_URL}`;
	const description = hint ? `${hint}\n${reference}` : reference;
	return { message, hint, reference, description };
}

/**
 * The recipients fields WeCom adds to a message answer, in the node's terms: WeCom's "party" is a
 * department. Lists come as "a|b" (message/send) or as arrays (card updates, tag members).
 */
const RECIPIENT_FIELDS: Array<[string, string]> = [
	['invaliduser', 'users'],
	['invalidparty', 'departments'],
	['invalidtag', 'tags'],
	['unlicenseduser', 'users without an API license'],
	['invalidlist', 'users'],
];

function idsIn(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(idsIn);
	if (typeof value === 'number') return [String(value)];
	return typeof value === 'string' ? value.split('|').map((id) => id.trim()).filter((id) => id !== '') : [];
}

/** "users lisi, ghost; departments 999" for the recipients an answer names, or undefined. */
export function rejectedRecipientsOf(body: object): string | undefined {
	const parts: string[] = [];
	for (const [field, label] of RECIPIENT_FIELDS) {
		const ids = idsIn(Reflect.get(body, field));
		if (ids.length > 0) parts.push(`${label} ${ids.join(', ')}`);
	}
	return parts.length > 0 ? parts.join('; ') : undefined;
}

/** Turns a WeCom body with errcode != 0 into a NodeApiError that carries errcode and errmsg. */
export function weComApiError(
	node: INode,
	body: WeComErrorBody,
	itemIndex?: number,
): NodeApiError {
	const described = describeErrcode(body);
	const rejected = rejectedRecipientsOf(body);
	const message = rejected ? `${described.message} (not accepted: ${rejected})` : described.message;
	const description = described.description;
	const errorBody: JsonObject = { errcode: body.errcode, errmsg: redactSecrets(body.errmsg ?? '') };
	for (const [field] of RECIPIENT_FIELDS) {
		const ids = idsIn(Reflect.get(body, field));
		if (ids.length > 0) errorBody[field] = ids;
	}
	const error = new NodeApiError(node, errorBody, { message, description, itemIndex, httpCode: '200' });
	error.context.errcode = body.errcode;
	error.context.data = errorBody;
	return error;
}

/**
 * An error about the node's input, found before WeCom is called (a local check). Built as a
 * NodeApiError without an HTTP code because n8n's RoutingNode turns any other error of a
 * declarative operation into a NodeApiError with the code "none", which the editor then shows
 * as "Error code: none".
 */
export function localCheckError(
	node: INode,
	message: string,
	options: { description?: string; itemIndex?: number } = {},
): NodeApiError {
	const error = new NodeApiError(node, { message }, { message, ...options });
	error.httpCode = null;
	return error;
}

export function isWeComErrorBody(value: unknown): value is WeComErrorBody {
	return (
		typeof value === 'object' &&
		value !== null &&
		'errcode' in value &&
		typeof value.errcode === 'number'
	);
}

/** The errcode a NodeApiError built by weComApiError carries, if any. */
export function errcodeOf(error: unknown): number | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const errcode = error.context.errcode;
	return typeof errcode === 'number' ? errcode : undefined;
}
