import { NodeApiError, sleep } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';

import { forgetRecentToken } from './accessToken';
import { normalizeBaseUrl } from './baseUrl';
import { ConcurrencyLimit } from './concurrencyLimit';
import { isDataObject } from './dataObject';
import {
	errcodeOf,
	isTokenErrcode,
	isTransientErrcode,
	isWeComErrorBody,
	redactSecrets,
	weComApiError,
} from './errors';
import { SingleFlight } from './singleFlight';
import { storedTokenIsNewer } from './tokenInUse';

/*
 * The one transport every WeCom call goes through.
 *
 * n8n refreshes an expirable credential only when a request fails with HTTP 401, but WeCom answers
 * an expired token with HTTP 200 and errcode 40014/42001. Declarative operations therefore route
 * every request through `sendDeclarativeRequest` (installed as the node's pagination hook, the one
 * place RoutingNode lets code wrap a request and still run the operation's postReceive), and
 * programmatic code calls `weComApiRequest`. Both use `withWeComRetries`, which:
 *  - refreshes the token once and replays once on a token errcode. The refresh goes through n8n's
 *    own credential path (preAuthentication with the expirable field blanked), so the new token is
 *    persisted in n8n's credential store and shared by executions and queue-mode workers;
 *  - lets many parallel items that meet the same stale token share ONE refresh;
 *  - retries -1, 45033, HTTP 5xx, timeouts and dropped connections, at most 3 tries in all;
 *  - never loops on 45009 (frequency limit) and never passes a token or secret on in an error.
 * When n8n ships a body-based refresh hook for declarative nodes, the refresh can move there.
 */

export const MAX_ATTEMPTS = 3;
export const BACKOFF_BASE_MS = 200;

/**
 * WeCom answers 45033 when one company calls one API too many times at once. n8n starts every
 * item of a node at the same moment, so the transport caps the calls in flight per credential:
 * items beyond the cap wait for a free slot instead of failing. Shared by all executions in this
 * process. This is where the package's concurrency limit is set.
 */
export const MAX_CONCURRENT_REQUESTS = 50;

export const API_CREDENTIAL = 'weComApi';

type WeComContext =
	| IExecuteFunctions
	| IExecuteSingleFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions;

interface TokenState {
	/** Bumped after every completed refresh, so a late token error can tell it was already handled. */
	generation: number;
}

const tokenStates = new Map<string, TokenState>();
const requestSlots = new Map<string, ConcurrencyLimit>();

function slotsFor(credentialKey: string): ConcurrencyLimit {
	let slots = requestSlots.get(credentialKey);
	if (!slots) {
		slots = new ConcurrencyLimit(MAX_CONCURRENT_REQUESTS);
		requestSlots.set(credentialKey, slots);
	}
	return slots;
}
/** adopted: another process had already stored a newer token, and no gettoken was made. */
type RefreshOutcome = 'refreshed' | 'adopted';
const tokenRefreshes = new SingleFlight<RefreshOutcome>();

function tokenStateFor(credentialKey: string): TokenState {
	let state = tokenStates.get(credentialKey);
	if (!state) {
		state = { generation: 0 };
		tokenStates.set(credentialKey, state);
	}
	return state;
}

function apiCredentialOf(node: INode): { id: string | null; name: string } | undefined {
	return node.credentials?.[API_CREDENTIAL];
}

function credentialKeyOf(node: INode): string {
	const reference = apiCredentialOf(node);
	return reference ? `${reference.id ?? ''}/${reference.name}` : `node/${node.id}`;
}

/**
 * Makes n8n fetch and persist a new token: a request with the expirable field blanked runs the
 * credential's preAuthentication and stores its result. The request itself is WeCom's cheapest
 * authenticated read, so the refresh never repeats a call that has side effects. First the stored
 * credential is read again: when another process (a queue-mode worker) already stored a newer
 * token, that one is used and WeCom is not asked (`mayAdopt`: once per call, so a stored token
 * that fails too is then refreshed).
 */
async function refreshAccessToken(
	context: WeComContext,
	credentialKey: string,
	generationSeen: number,
	mayAdopt: boolean,
): Promise<RefreshOutcome> {
	const state = tokenStateFor(credentialKey);
	if (state.generation !== generationSeen) return 'refreshed';
	return await tokenRefreshes.run(credentialKey, async () => {
		const credentials = await context.getCredentials(API_CREDENTIAL);
		if (mayAdopt && storedTokenIsNewer(credentials)) {
			state.generation++;
			return 'adopted';
		}
		forgetRecentToken(credentials);
		const reference = apiCredentialOf(context.getNode());
		await context.helpers.httpRequestWithAuthentication.call(
			context,
			API_CREDENTIAL,
			{
				method: 'GET',
				url: `${normalizeBaseUrl(credentials.baseUrl)}/cgi-bin/get_api_domain_ip`,
				json: true,
			},
			{
				credentialsDecrypted: {
					id: reference?.id ?? '',
					name: reference?.name ?? '',
					type: API_CREDENTIAL,
					data: { ...credentials, accessToken: '' },
				},
			},
		);
		state.generation++;
		return 'refreshed';
	});
}

const RETRIABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'UND_ERR_SOCKET',
	'EAI_AGAIN',
]);

function networkCodeOf(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
		if ('code' in current && typeof current.code === 'string' && current.code.startsWith('E')) {
			return current.code;
		}
		current = 'cause' in current ? current.cause : undefined;
	}
	return undefined;
}

function httpStatusOf(error: unknown): number | undefined {
	if (error instanceof NodeApiError && error.httpCode) {
		const status = Number(error.httpCode);
		return Number.isInteger(status) ? status : undefined;
	}
	return undefined;
}

function isRetriable(error: unknown): boolean {
	const errcode = errcodeOf(error);
	if (errcode !== undefined) return isTransientErrcode(errcode);
	const status = httpStatusOf(error);
	if (status !== undefined && status >= 500) return true;
	const code = networkCodeOf(error);
	if (code !== undefined && RETRIABLE_NETWORK_CODES.has(code)) return true;
	const message = error instanceof Error ? error.message.toLowerCase() : '';
	return message.includes('socket hang up') || message.includes('timeout');
}

function descriptionOf(error: unknown): string | undefined {
	if (typeof error !== 'object' || error === null || !('description' in error)) return undefined;
	return typeof error.description === 'string' ? error.description : undefined;
}

/**
 * Gives back an error that is safe to show: WeCom errors as built by weComApiError, anything else
 * rebuilt from its message alone, because errors from the HTTP layer keep the request URL (and
 * with it the access token) in their cause.
 */
export function toSafeError(node: INode, error: unknown, itemIndex?: number): NodeApiError {
	if (errcodeOf(error) !== undefined && error instanceof NodeApiError) return error;
	const status = httpStatusOf(error);
	const rawMessage = error instanceof Error ? error.message : String(error);
	const rawDescription = descriptionOf(error);
	const code = networkCodeOf(error);
	const message = redactSecrets(rawMessage);
	const description =
		rawDescription !== undefined && rawDescription !== ''
			? redactSecrets(rawDescription)
			: code
				? `The connection to WeCom failed (${code}) after ${MAX_ATTEMPTS} tries. Check the API Base URL and this server’s network.`
				: undefined;
	const body: JsonObject = { message };
	if (code) body.code = code;
	return new NodeApiError(node, body, {
		message,
		description,
		httpCode: status !== undefined ? String(status) : undefined,
		itemIndex,
	});
}

export interface RetryOptions {
	/** Off for the group bot, whose key is not a token that can be refreshed. */
	refreshToken?: boolean;
	itemIndex?: number;
}

/** Runs one WeCom call with the refresh, retry and redaction rules described at the top. */
export async function withWeComRetries<T>(
	context: WeComContext,
	send: () => Promise<T>,
	options: RetryOptions = {},
): Promise<T> {
	const refreshToken = options.refreshToken ?? true;
	const credentialKey = credentialKeyOf(context.getNode());
	let generation = tokenStateFor(credentialKey).generation;
	let refreshed = false;
	let adopted = false;
	const slots = slotsFor(credentialKey);
	let attempt = 1;
	for (;;) {
		try {
			// Only the call itself holds a slot: backoff sleeps and token refreshes do not.
			return await slots.run(send);
		} catch (error) {
			const errcode = errcodeOf(error);
			if (refreshToken && !refreshed && errcode !== undefined && isTokenErrcode(errcode)) {
				try {
					const outcome = await refreshAccessToken(context, credentialKey, generation, !adopted);
					if (outcome === 'adopted') adopted = true;
					else refreshed = true;
				} catch (refreshError) {
					throw toSafeError(context.getNode(), refreshError, options.itemIndex);
				}
				generation = tokenStateFor(credentialKey).generation;
				continue;
			}
			if (attempt < MAX_ATTEMPTS && isRetriable(error)) {
				await sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1));
				attempt++;
				continue;
			}
			throw toSafeError(context.getNode(), error, options.itemIndex);
		}
	}
}

/**
 * postReceive for every declarative operation: a body with errcode != 0 becomes a NodeApiError,
 * and the errcode/errmsg envelope is dropped from successful output.
 */
export async function assertWeComOk(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const body = response.body;
	if (isWeComErrorBody(body) && body.errcode !== 0) {
		throw weComApiError(this.getNode(), body);
	}
	return items.map((item) => ({ ...item, json: withoutEnvelope(item.json) }));
}

function withoutEnvelope(json: IDataObject): IDataObject {
	const rest = { ...json };
	delete rest.errcode;
	delete rest.errmsg;
	return rest;
}

/** The pagination hook of declarative nodes: every request passes through the transport. */
export async function sendDeclarativeRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await withWeComRetries(this, async () => await this.makeRoutingRequest(requestData));
}

/** The API root of the node's weComApi credential, as the declarative requests use it. */
async function apiBaseUrlOf(context: WeComContext): Promise<string> {
	const credentials = await context.getCredentials(API_CREDENTIAL);
	return normalizeBaseUrl(credentials.baseUrl);
}

/** For programmatic code (list searches, uploads, the API call escape hatch). */
export async function weComApiRequest(
	this: WeComContext,
	options: IHttpRequestOptions,
	retryOptions: RetryOptions = {},
): Promise<IDataObject> {
	const baseURL = await apiBaseUrlOf(this);
	return await withWeComRetries(
		this,
		async () => {
			const body: unknown = await this.helpers.httpRequestWithAuthentication.call(
				this,
				API_CREDENTIAL,
				{ json: true, ...options, baseURL },
			);
			if (isWeComErrorBody(body) && body.errcode !== 0) {
				throw weComApiError(this.getNode(), body, retryOptions.itemIndex);
			}
			if (!isDataObject(body)) {
				throw new NodeApiError(
					this.getNode(),
					{ message: 'WeCom answered with something other than a JSON object' },
					{
						message: 'WeCom answered with something other than a JSON object',
						description: 'Check the API Base URL of the WeCom API credential: it should point at WeCom.',
						itemIndex: retryOptions.itemIndex,
					},
				);
			}
			return body;
		},
		retryOptions,
	);
}

export interface WeComDownload {
	body: Buffer;
	contentType: string;
	/** From Content-Disposition, when WeCom sent one. */
	fileName?: string;
}

/**
 * For binary reads such as media/get. WeCom answers their errors with HTTP 200 and a JSON body,
 * so a JSON answer carrying an errcode becomes a WeCom error here, inside the retry loop: an
 * expired token is refreshed and the download replayed like any other call.
 */
export async function weComApiDownload(
	this: WeComContext,
	options: IHttpRequestOptions,
	retryOptions: RetryOptions = {},
): Promise<WeComDownload> {
	const baseURL = await apiBaseUrlOf(this);
	return await withWeComRetries(
		this,
		async () => {
			const response: unknown = await this.helpers.httpRequestWithAuthentication.call(
				this,
				API_CREDENTIAL,
				{ ...options, baseURL, json: false, encoding: 'arraybuffer', returnFullResponse: true },
			);
			const body = bufferOf(isDataObject(response) ? response.body : response);
			const headers = isDataObject(response) && isDataObject(response.headers) ? response.headers : {};
			const contentType = headerText(headers, 'content-type') ?? 'application/octet-stream';
			if (contentType.toLowerCase().includes('json')) {
				const parsed = parseJsonSafely(body);
				if (isWeComErrorBody(parsed) && parsed.errcode !== 0) {
					throw weComApiError(this.getNode(), parsed, retryOptions.itemIndex);
				}
			}
			return { body, contentType, fileName: fileNameOf(headerText(headers, 'content-disposition')) };
		},
		retryOptions,
	);
}

function bufferOf(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.alloc(0);
}

function headerText(headers: IDataObject, name: string): string | undefined {
	const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
	const value: unknown = Array.isArray(entry?.[1]) ? entry?.[1][0] : entry?.[1];
	return typeof value === 'string' ? value : undefined;
}

function parseJsonSafely(body: Buffer): unknown {
	try {
		return JSON.parse(body.toString('utf8'));
	} catch {
		return undefined;
	}
}

/** The file name of `attachment; filename="a.jpg"` or `filename*=UTF-8''a.jpg`. */
function fileNameOf(disposition: string | undefined): string | undefined {
	if (!disposition) return undefined;
	const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
	if (extended) {
		try {
			return decodeURIComponent(extended[1].trim());
		} catch {
			return extended[1].trim();
		}
	}
	const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;\s]+)/.exec(disposition);
	const name = plain?.[1] ?? plain?.[2];
	return name ? name.trim() : undefined;
}
