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
	40013: 'The Corp ID is wrong. Copy it from My Company → Company Information → Corp ID (企业ID).',
	40014: 'The access token was rejected even after a refresh. Check that the secret belongs to this Corp ID.',
	40058: 'A parameter is missing or has the wrong format. Check the fields of this operation.',
	41001: 'No access token was sent. Re-save the WeCom API credential.',
	42001: 'The access token expired and could not be refreshed. Re-save the WeCom API credential.',
	45002: 'The content is too long for WeCom. Shorten the text or split it into several messages.',
	45009:
		'WeCom rejected the call because its frequency limit was reached. Slow down: add a Wait node, use batching in the node settings, or send fewer items per minute.',
	45033:
		'Too many concurrent calls to this WeCom API. Lower the concurrency (batching in the node settings) and try again.',
	48002:
		'This secret has no permission for this API. Contact writes need the Contacts Sync secret (通讯录同步); check the app’s API permissions in the admin console.',
	48009:
		'The Contacts Sync secret cannot read contact details from a new IP since 2022-08-15. Use List User IDs and Get Many Departments (simple list) instead, or call from an IP that was already allowed.',
	60011:
		'The app has no privilege for this member, department or tag. Add it to the app’s Visible Range (可见范围) under App Management → your app, or use the secret of the app that created it.',
	60020:
		'This n8n server’s IP is not in the app’s trusted IP list. Add it under App Management → your app → Trusted IP (企业可信IP); the change takes about a minute.',
	60111: 'The user ID was not found. Check it under Contacts, or pick the user from the list.',
	81013: 'None of the users, departments or tags can receive this message. Check the recipients and the app’s Visible Range.',
	82001: 'No recipient was given. Set users, departments or tags.',
	93000: 'The group bot webhook key is invalid. Copy the webhook URL again from the group chat’s bot settings.',
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

/** Removes access tokens, secrets and webhook keys from text that may be shown or logged. */
export function redactSecrets(text: string, extraSecrets: string[] = []): string {
	let clean = text;
	for (const pattern of SECRET_PATTERNS) clean = clean.replace(pattern, '$1***');
	for (const secret of extraSecrets) {
		if (secret.length >= 6) clean = clean.split(secret).join('***');
	}
	return clean;
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

/** One message for an errcode, used by the credential and the nodes alike. */
export function describeErrcode(body: WeComErrorBody): { message: string; description: string } {
	const errmsg = redactSecrets(body.errmsg ?? '');
	const shortErrmsg = errmsg.split(', hint:')[0].trim();
	const hint = hintForErrcode(body.errcode, errmsg);
	const message = `WeCom error ${body.errcode}: ${shortErrmsg || 'no message'}`;
	const description = [
		hint,
		`Errcode ${body.errcode}: ${ERRCODE_QUERY_URL}${body.errcode} · all codes: ${WECOM_ERROR_CODES_URL}`,
	]
		.filter((part) => part !== undefined)
		.join('\n');
	return { message, description };
}

/** Turns a WeCom body with errcode != 0 into a NodeApiError that carries errcode and errmsg. */
export function weComApiError(
	node: INode,
	body: WeComErrorBody,
	itemIndex?: number,
): NodeApiError {
	const { message, description } = describeErrcode(body);
	const errorBody: JsonObject = { errcode: body.errcode, errmsg: redactSecrets(body.errmsg ?? '') };
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
