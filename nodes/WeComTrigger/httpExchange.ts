import { sleep } from 'n8n-workflow';
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/*
 * The few parts of n8n's express request and response the trigger needs, read through type
 * guards: the exact body bytes, the query exactly as sent, and a way to answer with a chosen
 * status, content type and body.
 */

interface ReplyChannel {
	status(code: number): unknown;
	setHeader(name: string, value: string): unknown;
	end(body?: string): unknown;
}

function isReplyChannel(value: unknown): value is ReplyChannel {
	return (
		typeof value === 'object' &&
		value !== null &&
		'status' in value &&
		typeof value.status === 'function' &&
		'setHeader' in value &&
		typeof value.setHeader === 'function' &&
		'end' in value &&
		typeof value.end === 'function'
	);
}

/** Standard reason phrases only: a refused request learns nothing about why. */
const REASON: Record<number, string> = {
	200: '',
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	413: 'Payload Too Large',
	503: 'Service Unavailable',
};

/**
 * Answers the request directly, and returns what webhook() gives back so that n8n does not answer
 * it again. Should the response object ever lack express's methods, n8n sends the body instead.
 */
export function answer(
	context: IWebhookFunctions,
	status: number,
	body: string = REASON[status] ?? '',
	contentType = 'text/plain; charset=utf-8',
): IWebhookResponseData {
	const response: unknown = context.getResponseObject();
	if (!isReplyChannel(response)) return { webhookResponse: body };
	response.status(status);
	response.setHeader('Content-Type', contentType);
	response.setHeader('Content-Length', String(Buffer.byteLength(body, 'utf8')));
	response.setHeader('Cache-Control', 'no-store');
	response.end(body);
	return { noWebhookResponse: true };
}

/**
 * Sets the headers of the answer n8n sends for the trigger (the body is the webhookResponse that
 * webhook() returns). express keeps a Content-Type that is already set when it sends a string.
 */
export function prepareAnswer(context: IWebhookFunctions, contentType = 'text/plain; charset=utf-8'): void {
	const response: unknown = context.getResponseObject();
	if (!isReplyChannel(response)) return;
	response.setHeader('Content-Type', contentType);
	response.setHeader('Cache-Control', 'no-store');
}

/** The parts of Node's ServerResponse that say whether, and with what status, it was answered. */
interface ObservableResponse {
	statusCode: number;
	writableEnded: boolean;
	writableFinished: boolean;
	once(event: 'finish' | 'close', listener: () => void): unknown;
}

function isObservableResponse(value: unknown): value is ObservableResponse {
	return (
		typeof value === 'object' &&
		value !== null &&
		'statusCode' in value &&
		typeof value.statusCode === 'number' &&
		'writableEnded' in value &&
		typeof value.writableEnded === 'boolean' &&
		'writableFinished' in value &&
		typeof value.writableFinished === 'boolean' &&
		'once' in value &&
		typeof value.once === 'function'
	);
}

/** After the caller hung up: how often, and how long, to look whether n8n wrote its answer. */
const LATE_ANSWER_POLL_MS = 250;
const LATE_ANSWER_WAIT_MS = 10 * 60 * 1000;

/**
 * The status n8n answers the request with, once it has answered: n8n sends 200 for the trigger
 * only after it has created the execution, and an error status when it could not. When WeCom
 * hung up first, n8n still writes its answer (into the closed connection) when it is done, so
 * the status is read then. Undefined: the response cannot be observed, or n8n never answered.
 */
export async function answeredStatus(context: IWebhookFunctions): Promise<number | undefined> {
	const response: unknown = context.getResponseObject();
	if (!isObservableResponse(response)) return undefined;
	if (!response.writableFinished) {
		await new Promise<void>((resolve) => {
			response.once('finish', resolve);
			response.once('close', resolve);
		});
	}
	for (let waited = 0; !response.writableEnded && waited < LATE_ANSWER_WAIT_MS; waited += LATE_ANSWER_POLL_MS) {
		await sleep(LATE_ANSWER_POLL_MS);
	}
	return response.writableEnded ? response.statusCode : undefined;
}

function hasRawBody(value: unknown): value is { rawBody: Buffer } {
	return typeof value === 'object' && value !== null && 'rawBody' in value && Buffer.isBuffer(value.rawBody);
}

function canReadRawBody(value: unknown): value is { readRawBody(): Promise<void> } {
	return (
		typeof value === 'object' &&
		value !== null &&
		'readRawBody' in value &&
		typeof value.readRawBody === 'function'
	);
}

/**
 * The request body as received. n8n keeps it in `rawBody`; for content types it does not parse
 * it has not read the body yet, and `readRawBody()` does.
 */
export async function rawBodyOf(context: IWebhookFunctions): Promise<Buffer | undefined> {
	const request: unknown = context.getRequestObject();
	if (hasRawBody(request)) return request.rawBody;
	if (canReadRawBody(request)) {
		await request.readRawBody();
		if (hasRawBody(request)) return request.rawBody;
	}
	return undefined;
}

function urlOf(request: unknown): string | undefined {
	if (typeof request !== 'object' || request === null) return undefined;
	if ('originalUrl' in request && typeof request.originalUrl === 'string') return request.originalUrl;
	if ('url' in request && typeof request.url === 'string') return request.url;
	return undefined;
}

/**
 * Query parameters decoded the way WeCom encodes them: percent-decoding only. echostr and the
 * signature are base64 and hex; express's parser would turn a literal "+" into a space and
 * break the signature. The first occurrence of a name wins.
 */
export function queryOf(context: IWebhookFunctions): Record<string, string> {
	const url = urlOf(context.getRequestObject());
	const result: Record<string, string> = {};
	if (url === undefined) {
		for (const [name, value] of Object.entries(context.getQueryData())) {
			if (typeof value === 'string') result[name] = value;
		}
		return result;
	}
	const queryStart = url.indexOf('?');
	if (queryStart === -1) return result;
	for (const pair of url.slice(queryStart + 1).split('&')) {
		const separator = pair.indexOf('=');
		const name = decodeOrUndefined(separator === -1 ? pair : pair.slice(0, separator));
		const value = separator === -1 ? '' : decodeOrUndefined(pair.slice(separator + 1));
		if (name === undefined || value === undefined || name === '__proto__') continue;
		if (!Object.prototype.hasOwnProperty.call(result, name)) result[name] = value;
	}
	return result;
}

function decodeOrUndefined(text: string): string | undefined {
	try {
		return decodeURIComponent(text);
	} catch {
		return undefined;
	}
}
