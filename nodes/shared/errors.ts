import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

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

/** What to do about the common errcodes, in the words of WeCom's admin console. */
const HINTS: Record<number, string> = {
	[-1]: 'WeCom was busy and kept failing after retries. Try again in a minute.',
	40001:
		'The secret is wrong, was reset, or belongs to another company. Copy the secret again from App Management → your app → Secret (or Contacts Sync → Secret) and check the Corp ID.',
	40003: 'The user ID does not exist in this company. Check it under Contacts.',
	40004: 'WeCom does not accept this media type. Upload as image, voice, video or file.',
	40005: 'WeCom does not accept this file format for the chosen type: images must be JPG or PNG, voice AMR, video MP4. Send other formats as a file.',
	40006: 'The file size is not accepted: files must be over 5 bytes and at most 20 MB (voice 2 MB). Larger files can go through Media → Upload by URL.',
	40007:
		'The media ID is unknown or expired. Media IDs last 3 days and work only for the app or group bot that uploaded them; upload the file again.',
	40008: 'WeCom does not accept this message type here. Group bots and app messages support different types; check the message type.',
	40009: 'The image is too large or empty for WeCom (at most 10 MB; article images 2 MB).',
	40011: 'The video is too large or empty for WeCom (at most 10 MB, MP4).',
	40013: 'The Corp ID is wrong. Copy it from My Company → Company Information → Corp ID (企业ID).',
	40014: 'The access token was rejected even after a refresh. Check that the secret belongs to this Corp ID.',
	40050: 'The customer group (chat ID) does not exist or is not visible to this app. Take the chat_id from Get Many Customer Groups.',
	40056: 'The Agent ID does not belong to this app’s secret. Use the AgentId shown under App Management → your app, or leave the node’s Agent ID empty to use the credential’s.',
	40058: 'A parameter is missing or has the wrong format. Check the fields of this operation.',
	40088: 'The job ID is unknown. Use the jobid that Upload by URL returned; job results are kept only for a while.',
	41001: 'No access token was sent. Re-save the WeCom API credential.',
	42001: 'The access token expired and could not be refreshed. Re-save the WeCom API credential.',
	44001: 'WeCom received no file. The upload must be multipart with a part named "media"; check that the binary field holds the file.',
	44004: 'The message is empty. Fill in its text, or check the expression that fills it.',
	45002: 'The content is too long for WeCom. Shorten the text or split it into several messages.',
	45008: 'Too many articles: a news or mpnews message holds at most 8.',
	45009:
		'WeCom rejected the call because its frequency limit was reached. Slow down: add a Wait node, use batching in the node settings, or send fewer items per minute.',
	45032: 'An article’s author is too long: at most 64 bytes.',
	45033:
		'Too many concurrent calls to this WeCom API. Lower the concurrency (batching in the node settings) and try again.',
	48002:
		'This secret has no permission for this API. Contact writes need the Contacts Sync secret (通讯录同步); customer groups need the Customer Contact secret (客户联系) or an app added to its Callable Apps (可调用应用); check the app’s API permissions in the admin console.',
	48009:
		'The Contacts Sync secret cannot read contact details from a new IP since 2022-08-15. Use List User IDs and Get Many Departments (simple list) instead, or call from an IP that was already allowed.',
	60011:
		'The app has no privilege for this member, department or tag. Add it to the app’s Visible Range (可见范围) under App Management → your app, or use the secret of the app that created it.',
	60020:
		'This n8n server’s IP is not in the app’s trusted IP list. Add it under App Management → your app → Trusted IP (企业可信IP); the change takes about a minute.',
	60111: 'The user ID was not found. Check it under Contacts, or pick the user from the list.',
	81013: 'None of the users, departments or tags can receive this message. Check the recipients and the app’s Visible Range.',
	81017: 'This company has more than 1000 members visible to the app: filter customer groups by owner (up to 100 owners).',
	82001: 'No recipient was given. Set users, departments or tags.',
	82002: 'Too many departments: a message takes at most 100.',
	82003: 'Too many tags: a message takes at most 100.',
	86001: 'The chat ID is not valid or already taken. A chat ID is 1 to 32 letters or digits.',
	86003: 'The chat does not exist for this app. WeCom lets an app read and post only to group chats it created itself (there is no chat list); use the chat ID that Chat → Create returned.',
	86004: 'The chat name is not valid. Use up to 50 characters.',
	86005: 'The owner is not valid: the owner must be a member of the chat. When removing the owner, set a new one.',
	86006: 'A group chat needs at least 2 and at most 2000 members.',
	86007: 'A member of the chat is not valid. Check the user IDs under Contacts.',
	86008: 'This chat was not created by this app. An app may change or post only to chats it created.',
	93000: 'The group bot webhook key is invalid. Copy the webhook URL again from the group chat’s bot settings.',
	301017: 'Voice messages must be AMR. Convert the recording to AMR, or send it as a file.',
	830002: 'The file is over 20 MB and cannot be downloaded in one piece; WeCom requires Range requests of up to 20 MB for it.',
};

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
	const hint = HINTS[errcode];
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
