import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
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
	redactValue,
	scrubError,
	weComApiError,
} from './errors';
import { isSafeToRepeat } from './repeatSafety';
import { requestSessionOf } from './requestSession';
import { SingleFlight } from './singleFlight';
import { storedTokenIsNewer } from './tokenInUse';
import { canLock, withProcessedDataLock } from './processedDataLock';
import { isUnknownOutcome, unknownOutcomeError } from './unknownOutcome';
import { webhookKeyOf } from './webhookKey';

/*
 * The one transport every WeCom call goes through.
 *
 * n8n refreshes an expirable credential only when a request fails with HTTP 401, but WeCom answers
 * an expired token with HTTP 200 and errcode 40014/42001. Declarative operations therefore route
 * every request through `sendRoutedRequest` (installed as the node's pagination hook, the one
 * place RoutingNode lets code wrap a request and still run the operation's postReceive), and
 * programmatic code calls `weComApiRequest`. Both use `withWeComRetries`, which:
 *  - refreshes the token once and replays once on a token errcode (WeCom refused the call). The
 *    refresh goes through n8n's own credential path (preAuthentication with the expirable field
 *    blanked), so the new token is persisted in n8n's credential store and shared by executions
 *    and queue-mode workers; many parallel items that meet the same stale token share ONE refresh;
 *  - retries, at most 3 tries in all, what proves WeCom did not act: errcode -1 or 45033, and a
 *    connection that was refused, not resolved, or closed before the request was fully written;
 *  - retries timeouts, HTTP 5xx and dropped connections only for calls that are safe to repeat
 *    (repeatSafety.ts). Any other call ends with an "outcome unknown" error (unknownOutcome.ts):
 *    a send is never delivered twice by the package's own retries;
 *  - never loops on 45009 (frequency limit);
 *  - removes every secret the call knows (access token, app secret, webhook key, callback Token
 *    and EncodingAESKey) from every error and every output item, by value.
 * Every request gets a timeout (DEFAULT_TIMEOUT_MS, longer for file transfers) and follows
 * redirects only on the API host.
 * When n8n ships a body-based refresh hook for declarative nodes, the refresh can move there.
 */

export const MAX_ATTEMPTS = 3;
export const BACKOFF_BASE_MS = 200;

/**
 * How long a JSON call may take when the node's Request Options → Timeout is not set. WeCom
 * answers in well under a second; a call still open after this is cut off.
 */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Uploads and downloads get at least this long: 20 MB over a slow uplink takes a while. */
export const TRANSFER_TIMEOUT_MS = 120_000;

/**
 * WeCom answers 45033 when one company calls one API too many times at once. n8n starts every
 * item of a node at the same moment, so the transport caps the calls in flight per credential:
 * items beyond the cap wait for a free slot instead of failing. Shared by all executions in this
 * process. This is where the package's concurrency limit is set.
 */
export const MAX_CONCURRENT_REQUESTS = 50;

export const API_CREDENTIAL = 'weComApi';

export type WeComContext =
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
/*
 * In queue mode every worker meets an expired token at about the same moment, and each
 * single-flight covers one process only. Two measures keep it to one gettoken:
 *  - in an execution, the refresh holds the node's lock (processedDataLock.ts, in n8n's
 *    database): executions of the same node on other workers wait for it, then find the stored
 *    token;
 *  - n8n 2.41 offers nothing atomic across nodes and workflows (or to list searches and
 *    webhooks), so a
 *    process also waits a random moment before asking WeCom, reading the credential store
 *    meanwhile: the first to wake refreshes and stores its token, the others adopt it.
 * The wait happens once per expiry (about every 2 hours), not per call.
 */
const ADOPT_WINDOW_MS = 2_000;
const ADOPT_POLL_MS = 50;

/** When the call WeCom refused for its token was sent and answered (ms since the epoch). */
interface RefusedCall {
	sentAt: number;
	refusedAt: number;
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
 * credential is read again: when another process (a queue-mode worker) already stored a token the
 * `refused` call cannot have carried, that one is used and WeCom is not asked (once per call: no
 * `refused` then, so a stored token that fails too is refreshed).
 */
async function refreshAccessToken(
	context: WeComContext,
	credentialKey: string,
	generationSeen: number,
	refused: RefusedCall | undefined,
): Promise<RefreshOutcome> {
	const mayAdopt = refused !== undefined;
	const state = tokenStateFor(credentialKey);
	if (state.generation !== generationSeen) return 'refreshed';
	const refresh = async (): Promise<RefreshOutcome> => {
		const credentials = mayAdopt
			? await storedNewerToken(context, refused)
			: await context.getCredentials(API_CREDENTIAL);
		if (credentials === 'adopted') {
			state.generation++;
			return 'adopted';
		}
		forgetRecentToken(credentials);
		const reference = apiCredentialOf(context.getNode());
		// gettoken and the probe are calls of this credential too: they wait for a slot like any
		// other, so the cap counts every request (the caller gave its own slot back first).
		await slotsFor(credentialKey).run(
			async () =>
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
				),
		);
		state.generation++;
		return 'refreshed';
	};
	return await tokenRefreshes.run(credentialKey, async () =>
		mayAdopt && canLock(context) ? await withProcessedDataLock(context, 'node', refresh) : await refresh(),
	);
}

/**
 * Reads the credential store until a random moment within ADOPT_WINDOW_MS has passed: 'adopted'
 * as soon as it holds a token another process stored, else the credential as last read.
 */
async function storedNewerToken(
	context: WeComContext,
	refused: RefusedCall,
): Promise<ICredentialDataDecryptedObject | 'adopted'> {
	const deadline = Date.now() + Math.random() * ADOPT_WINDOW_MS;
	for (;;) {
		const credentials = await context.getCredentials(API_CREDENTIAL);
		if (storedTokenIsNewer(credentials, refused.sentAt, refused.refusedAt)) return 'adopted';
		const left = deadline - Date.now();
		if (left <= 0) return credentials;
		await sleep(Math.min(ADOPT_POLL_MS, left));
	}
}

/** Connection failures that happen before anything reaches WeCom: it cannot have acted. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'EADDRNOTAVAIL',
	'UND_ERR_CONNECT_TIMEOUT',
]);

/** Failures after the request may have reached WeCom: repeated only when safe to repeat. */
const LOST_ANSWER_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'UND_ERR_SOCKET',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);

/** The errors of an error's cause chain, outermost first. */
function causeChainOf(error: unknown): object[] {
	const chain: object[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		chain.push(current);
		current = 'cause' in current ? current.cause : undefined;
	}
	return chain;
}

function networkCodeOf(error: unknown): string | undefined {
	for (const level of causeChainOf(error)) {
		if ('code' in level && typeof level.code === 'string' && level.code.startsWith('E')) return level.code;
		if ('code' in level && typeof level.code === 'string' && level.code.startsWith('UND_ERR')) return level.code;
	}
	return undefined;
}

/**
 * Whether the HTTP client's request object shows the request was never completely handed to the
 * network (still connecting, or the body still buffered). A server cannot act on a request it
 * never fully received. Node's ClientRequest sets `writableFinished` once the last byte is
 * flushed; axios keeps the request on its error (`request`, or follow-redirects' `_currentRequest`).
 */
function wasNeverWritten(error: unknown): boolean {
	for (const level of causeChainOf(error)) {
		if (!('request' in level) || typeof level.request !== 'object' || level.request === null) continue;
		const outer = level.request;
		const request =
			'_currentRequest' in outer && typeof outer._currentRequest === 'object' && outer._currentRequest !== null
				? outer._currentRequest
				: outer;
		if ('writableFinished' in request && request.writableFinished === false) return true;
		return false;
	}
	return false;
}

function httpStatusOf(error: unknown): number | undefined {
	if (error instanceof NodeApiError && error.httpCode) {
		const status = Number(error.httpCode);
		return Number.isInteger(status) ? status : undefined;
	}
	return undefined;
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message.toLowerCase() : '';
}

function isCancelled(error: unknown): boolean {
	return causeChainOf(error).some(
		(level) =>
			('code' in level && level.code === 'ERR_CANCELED') || ('name' in level && level.name === 'AbortError'),
	);
}

/** What a failed call proves. */
export type Verdict =
	/** WeCom refused it, or it never reached WeCom: repeating cannot do anything twice. */
	| 'notActed'
	/** WeCom may have acted and the answer was lost. */
	| 'unknown'
	/** A final answer (an errcode, HTTP 4xx, a local problem): repeating would not help. */
	| 'final';

/** What an error from n8n's HTTP helper (or a WeCom errcode error) proves about the call. */
export function verdictOf(error: unknown): Verdict {
	const errcode = errcodeOf(error);
	if (errcode !== undefined) return isTransientErrcode(errcode) ? 'notActed' : 'final';
	if (isCancelled(error)) return 'final';
	const code = networkCodeOf(error);
	if (code !== undefined && NOT_SENT_CODES.has(code)) return 'notActed';
	const status = httpStatusOf(error);
	if (status !== undefined && status < 500) return 'final';
	const lost =
		(status !== undefined && status >= 500) ||
		(code !== undefined && LOST_ANSWER_CODES.has(code)) ||
		messageOf(error).includes('socket hang up') ||
		messageOf(error).includes('timeout');
	if (!lost) return 'final';
	return wasNeverWritten(error) ? 'notActed' : 'unknown';
}

/** Why the answer was lost, in a few words for the unknown-outcome error. */
function lostAnswerReason(error: unknown, timeoutMs: number | undefined): string {
	const status = httpStatusOf(error);
	if (status !== undefined) return `HTTP ${status}`;
	const message = messageOf(error);
	if (message.includes('timeout') || networkCodeOf(error) === 'ECONNABORTED') {
		return timeoutMs ? `no answer within ${formatSeconds(timeoutMs)}` : 'timed out';
	}
	// No error code such as ECONNRESET in the text: n8n would replace the whole message with its
	// generic one for that code.
	return 'the connection broke after the request was sent';
}

function formatSeconds(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function descriptionOf(error: unknown): string | undefined {
	if (typeof error !== 'object' || error === null || !('description' in error)) return undefined;
	return typeof error.description === 'string' ? error.description : undefined;
}

/** The host of the API base URL, which is the only host requests and redirects may go to. */
function hostOf(url: string | undefined): string | undefined {
	try {
		return url ? new URL(url).hostname : undefined;
	} catch {
		return undefined;
	}
}

/**
 * n8n's HTTP helper refuses a redirect to a host outside `allowedDomains` with this message
 * (n8n-workflow assertUrlAllowed). The original host answered with a redirect instead of acting.
 */
const DOMAIN_REFUSAL = /^Domain not allowed: This credential is restricted from accessing (\S+)\./;

function redirectRefusal(error: unknown): { message: string; description: string } | undefined {
	for (const level of causeChainOf(error)) {
		const text = level instanceof Error ? level.message : '';
		const match = DOMAIN_REFUSAL.exec(text);
		if (!match) continue;
		return {
			message: `The WeCom API host redirected this call to another host (${match[1]}), which the node does not follow`,
			description:
				'Nothing was sent to the other host, and WeCom did not act on the call. Redirects are followed only on the API host, so the message body and the access token never leave it. Check the API Base URL of the credential; a private deployment or proxy should answer on one host.',
		};
	}
	return undefined;
}

/**
 * Gives back an error that is safe to show: WeCom errors as built by weComApiError, anything else
 * rebuilt from its message alone, because errors from the HTTP layer keep the request URL (and
 * with it the access token) in their cause. Secrets known by value are removed by the caller
 * (`scrubError`), since only it knows them.
 */
export function toSafeError(node: INode, error: unknown, itemIndex?: number): NodeApiError {
	if (error instanceof NodeApiError && (errcodeOf(error) !== undefined || isUnknownOutcome(error))) return error;
	const redirect = redirectRefusal(error);
	if (redirect) return new NodeApiError(node, { message: redirect.message }, { ...redirect, itemIndex });
	const status = httpStatusOf(error);
	const rawMessage = error instanceof Error ? error.message : String(error);
	const rawDescription = descriptionOf(error);
	const code = networkCodeOf(error);
	const message = redactSecrets(rawMessage);
	const description =
		rawDescription !== undefined && rawDescription !== ''
			? redactSecrets(rawDescription)
			: code
				? NOT_SENT_CODES.has(code)
					? `The node could not connect to WeCom (${code}) in ${MAX_ATTEMPTS} tries, so nothing was sent. Check the API Base URL of the credential and this server’s network.`
					: `The connection to WeCom failed (${code}) after ${MAX_ATTEMPTS} tries. Check the API Base URL and this server’s network.`
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
	/**
	 * The request (method and URL or path): decides with repeatSafety.ts whether a lost answer may
	 * be retried, and names the call in an unknown-outcome error.
	 */
	endpoint?: { method?: string; url?: string; timeout?: number };
	/**
	 * Overrides the table in repeatSafety.ts, for a caller that knows better (e.g. the user said
	 * an API call is safe to repeat). Without an endpoint and without this, a call is not safe.
	 */
	safeToRepeat?: boolean;
}

function safeToRepeatOf(options: RetryOptions): boolean {
	if (options.safeToRepeat !== undefined) return options.safeToRepeat;
	return options.endpoint ? isSafeToRepeat(options.endpoint.method, options.endpoint.url) : false;
}

/** Runs one WeCom call with the refresh, retry and redaction rules described at the top. */
export async function withWeComRetries<T>(
	context: WeComContext,
	send: () => Promise<T>,
	options: RetryOptions = {},
): Promise<T> {
	const refreshToken = options.refreshToken ?? true;
	const safeToRepeat = safeToRepeatOf(options);
	const credentialKey = credentialKeyOf(context.getNode());
	let generation = tokenStateFor(credentialKey).generation;
	let refreshed = false;
	let adopted = false;
	let sentAt = 0;
	const slots = slotsFor(credentialKey);
	let attempt = 1;
	for (;;) {
		try {
			// Only a call holds a slot, never a backoff sleep; a refresh takes its own slot for its calls.
			return await slots.run(async () => {
				sentAt = Date.now();
				return await send();
			});
		} catch (error) {
			const errcode = errcodeOf(error);
			if (refreshToken && !refreshed && errcode !== undefined && isTokenErrcode(errcode)) {
				try {
					const refused = adopted ? undefined : { sentAt, refusedAt: Date.now() };
					const outcome = await refreshAccessToken(context, credentialKey, generation, refused);
					if (outcome === 'adopted') adopted = true;
					else refreshed = true;
				} catch (refreshError) {
					throw await safeErrorFor(context, refreshError, options.itemIndex);
				}
				generation = tokenStateFor(credentialKey).generation;
				continue;
			}
			const verdict = verdictOf(error);
					if (verdict === 'unknown' && !safeToRepeat) {
				const reason = lostAnswerReason(error, options.endpoint?.timeout);
				const unknown = unknownOutcomeError(context.getNode(), options.endpoint?.url, reason, options.itemIndex);
				throw await safeErrorFor(context, unknown, options.itemIndex);
			}
			if (verdict !== 'final' && attempt < MAX_ATTEMPTS) {
				await sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1));
				attempt++;
				continue;
			}
			throw await safeErrorFor(context, error, options.itemIndex);
		}
	}
}

/** toSafeError, then every secret of the node's credentials removed by value. */
async function safeErrorFor(context: WeComContext, error: unknown, itemIndex?: number): Promise<NodeApiError> {
	return scrubError(toSafeError(context.getNode(), error, itemIndex), await secretsOf(context));
}

/**
 * Credential fields that hold secrets, by name: the app secret, access token, webhook key,
 * callback Token and EncodingAESKey, and the secrets of credentials added later.
 */
const SECRET_FIELD = /secret|token|key|password/i;

/**
 * The node's credentials of `type`: read once per token generation when the run opened a request
 * session (requestSession.ts), else read from n8n now. Either way a token refreshed by the
 * transport is in it.
 */
export async function credentialsOf(context: WeComContext, type: string): Promise<ICredentialDataDecryptedObject> {
	const session = requestSessionOf(context);
	if (!session) return await context.getCredentials(type);
	const generation = tokenStateFor(credentialKeyOf(context.getNode())).generation;
	return await session.credentials(type, generation, async () => await context.getCredentials(type));
}

/**
 * Every secret value of the credentials selected in the node, as they are now (a token refreshed
 * a moment ago is included). A credential that cannot be read adds nothing.
 */
export async function secretsOf(context: WeComContext): Promise<string[]> {
	const secrets = new Set<string>();
	for (const type of Object.keys(context.getNode().credentials ?? {})) {
		let credentials: IDataObject;
		try {
			credentials = await credentialsOf(context, type);
		} catch {
			continue;
		}
		for (const [name, value] of Object.entries(credentials)) {
			if (!SECRET_FIELD.test(name) || typeof value !== 'string') continue;
			const trimmed = value.trim();
			if (trimmed === '') continue;
			secrets.add(trimmed);
			// A webhook URL pasted whole holds the key as well.
			const key = webhookKeyOf(trimmed);
			if (key !== trimmed) secrets.add(key);
		}
	}
	return [...secrets];
}

/**
 * n8n's authenticated request (the credential's preAuthentication and authenticate run as
 * usual), with the run's credentials from the request session when one is open, so n8n does not
 * read and decrypt them again for every item. A token n8n fetches on the way lands in that object.
 */
export async function requestWithCredential(
	context: WeComContext,
	type: string,
	options: IHttpRequestOptions,
): Promise<unknown> {
	if (!requestSessionOf(context)) {
		return await context.helpers.httpRequestWithAuthentication.call(context, type, options);
	}
	const data = await credentialsOf(context, type);
	const reference = context.getNode().credentials?.[type];
	return await context.helpers.httpRequestWithAuthentication.call(context, type, options, {
		credentialsDecrypted: { id: reference?.id ?? '', name: reference?.name ?? '', type, data },
	});
}

/** The node's Request Options → Timeout, when the user set one (RoutingNode otherwise uses 300 s). */
function userTimeoutOf(context: IExecuteSingleFunctions): number | undefined {
	const session = requestSessionOf(context);
	if (session) return session.userTimeout;
	const options: unknown = context.getNodeParameter('requestOptions', {});
	const timeout = isDataObject(options) ? options.timeout : undefined;
	return typeof timeout === 'number' && timeout > 0 ? timeout : undefined;
}

type TimedOptions = Pick<IHttpRequestOptions, 'body' | 'encoding' | 'timeout' | 'allowedDomains'>;

function isTransfer(options: TimedOptions): boolean {
	return Buffer.isBuffer(options.body) || options.encoding === 'arraybuffer' || options.encoding === 'stream';
}

/**
 * The options every request gets: its timeout (the user's, or DEFAULT_TIMEOUT_MS; at least
 * TRANSFER_TIMEOUT_MS for uploads and downloads) and redirects kept on the API host.
 */
export function withRequestDefaults<O extends TimedOptions>(
	options: O,
	baseUrl: string | undefined,
	userTimeout: number | undefined,
): O {
	const base = userTimeout ?? DEFAULT_TIMEOUT_MS;
	const timeout = isTransfer(options) ? Math.max(base, TRANSFER_TIMEOUT_MS) : base;
	const host = hostOf(baseUrl);
	return { ...options, timeout, ...(host ? { allowedDomains: host } : {}) };
}

/** Redacts the node's secrets from output items built from a response. */
async function redactedItems(context: WeComContext, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const secrets = await secretsOf(context);
	return items.map((item) => {
		const json = redactValue(item.json, secrets);
		return { ...item, json: isDataObject(json) ? json : {} };
	});
}

/**
 * Sends one request of a declarative operation (RoutingNode's makeRoutingRequest) through the
 * transport, with the defaults above. `retryOptions` adds to what the request says about itself.
 */
export async function sendRoutedRequest(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	retryOptions: RetryOptions = {},
): Promise<INodeExecutionData[]> {
	const options = withRequestDefaults(
		requestData.options,
		typeof requestData.options.baseURL === 'string' ? requestData.options.baseURL : undefined,
		userTimeoutOf(context),
	);
	const items = await withWeComRetries(
		context,
		async () => await context.makeRoutingRequest({ ...requestData, options }),
		{ endpoint: options, itemIndex: context.getItemIndex(), ...retryOptions },
	);
	return await redactedItems(context, items);
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
	return await sendRoutedRequest(this, requestData);
}

/** The API root of the node's weComApi credential, as the declarative requests use it. */
async function apiBaseUrlOf(context: WeComContext): Promise<string> {
	const credentials = await credentialsOf(context, API_CREDENTIAL);
	return normalizeBaseUrl(credentials.baseUrl);
}

/**
 * A WeCom JSON answer: the object, or its errcode (≠ 0) as a NodeApiError with the hint for that
 * errcode. Anything that is not a JSON object means the base URL does not point at WeCom.
 */
export function weComAnswerOf(node: INode, body: unknown, itemIndex?: number): IDataObject {
	if (isWeComErrorBody(body) && body.errcode !== 0) {
		throw weComApiError(node, body, itemIndex);
	}
	if (!isDataObject(body)) {
		throw new NodeApiError(
			node,
			{ message: 'WeCom answered with something other than a JSON object' },
			{
				message: 'WeCom answered with something other than a JSON object',
				description: 'Check the API Base URL of the credential: it should point at WeCom.',
				itemIndex,
			},
		);
	}
	return body;
}

/**
 * For programmatic code (list searches, uploads). `options.timeout` is the user's timeout, if
 * any; the defaults of `withRequestDefaults` apply otherwise.
 */
export async function weComApiRequest(
	this: WeComContext,
	options: IHttpRequestOptions,
	retryOptions: RetryOptions = {},
): Promise<IDataObject> {
	const baseURL = await apiBaseUrlOf(this);
	const request = withRequestDefaults({ json: true, ...options, baseURL }, baseURL, options.timeout);
	const answer = await withWeComRetries(
		this,
		async () =>
			weComAnswerOf(
				this.getNode(),
				await requestWithCredential(this, API_CREDENTIAL, request),
				retryOptions.itemIndex,
			),
		{ endpoint: request, ...retryOptions },
	);
	const clean = redactValue(answer, await secretsOf(this));
	return isDataObject(clean) ? clean : {};
}

/** WeCom's own limit for a file in one media/get answer (larger files need Range requests). */
export const DEFAULT_DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

export interface WeComDownload {
	body: Buffer;
	contentType: string;
	/** From Content-Disposition, when WeCom sent one: a base name, never a path. */
	fileName?: string;
}

export interface DownloadOptions extends RetryOptions {
	/** Larger answers are refused (and stop being read) with a clear error. Default 20 MB. */
	maxBytes?: number;
}

/**
 * For binary reads such as media/get. WeCom answers their errors with HTTP 200 and a JSON body,
 * so a JSON answer carrying an errcode becomes a WeCom error here, inside the retry loop: an
 * expired token is refreshed and the download replayed like any other call. The answer is read
 * as a stream and abandoned as soon as it passes `maxBytes`, so a hostile host cannot make n8n
 * buffer more than that.
 */
export async function weComApiDownload(
	this: WeComContext,
	options: IHttpRequestOptions,
	downloadOptions: DownloadOptions = {},
): Promise<WeComDownload> {
	const baseURL = await apiBaseUrlOf(this);
	const maxBytes = downloadOptions.maxBytes ?? DEFAULT_DOWNLOAD_LIMIT_BYTES;
	const request = withRequestDefaults(
		{ ...options, baseURL, json: false, encoding: 'stream', returnFullResponse: true },
		baseURL,
		options.timeout,
	);
	return await withWeComRetries(
		this,
		async () => {
			const response: unknown = await requestWithCredential(this, API_CREDENTIAL, request);
			const headers = isDataObject(response) && isDataObject(response.headers) ? response.headers : {};
			const body = await readLimited(
				this.getNode(),
				isDataObject(response) ? response.body : response,
				maxBytes,
				headerText(headers, 'content-length'),
				downloadOptions.itemIndex,
			);
			const contentType = headerText(headers, 'content-type') ?? 'application/octet-stream';
			if (contentType.toLowerCase().includes('json')) {
				const parsed = parseJsonSafely(body);
				if (isWeComErrorBody(parsed) && parsed.errcode !== 0) {
					throw weComApiError(this.getNode(), parsed, downloadOptions.itemIndex);
				}
			}
			return { body, contentType, fileName: fileNameOf(headerText(headers, 'content-disposition')) };
		},
		{ endpoint: request, ...downloadOptions },
	);
}

function megabytes(bytes: number): string {
	return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

function tooLarge(node: INode, maxBytes: number, itemIndex: number | undefined, size?: number): NodeOperationError {
	const actual = size !== undefined ? ` (${megabytes(size)})` : '';
	return new NodeOperationError(node, `The file is larger than the download limit of ${megabytes(maxBytes)}${actual}`, {
		itemIndex,
		description:
			'The node stopped reading it, so it does not fill this server’s memory. If you expect files this large, raise Max File Size (MB) in the node’s options. WeCom itself serves at most 20 MB in one answer.',
	});
}

interface ReadableBody {
	[Symbol.asyncIterator](): AsyncIterator<unknown>;
	destroy?: () => void;
}

function isReadableBody(value: unknown): value is ReadableBody {
	return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Reads a streamed (or already buffered) body, refusing it once it passes `maxBytes`. */
async function readLimited(
	node: INode,
	body: unknown,
	maxBytes: number,
	contentLength: string | undefined,
	itemIndex: number | undefined,
): Promise<Buffer> {
	const declared = contentLength !== undefined ? Number(contentLength) : NaN;
	if (!isReadableBody(body)) {
		const buffer = bufferOf(body);
		if (buffer.length > maxBytes) throw tooLarge(node, maxBytes, itemIndex, buffer.length);
		return buffer;
	}
	const stop = () => (typeof body.destroy === 'function' ? body.destroy() : undefined);
	if (Number.isFinite(declared) && declared > maxBytes) {
		stop();
		throw tooLarge(node, maxBytes, itemIndex, declared);
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		const buffer = bufferOf(chunk);
		size += buffer.length;
		if (size > maxBytes) {
			stop();
			throw tooLarge(node, maxBytes, itemIndex);
		}
		chunks.push(buffer);
	}
	return Buffer.concat(chunks, size);
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

/**
 * The file name of `attachment; filename="a.jpg"` or `filename*=UTF-8''a.jpg`, reduced to a base
 * name: a host that sends `../../x.jpg` gets `x.jpg`, never a path.
 */
function fileNameOf(disposition: string | undefined): string | undefined {
	if (!disposition) return undefined;
	const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
	let name: string | undefined;
	if (extended) {
		try {
			name = decodeURIComponent(extended[1].trim());
		} catch {
			name = extended[1].trim();
		}
	} else {
		const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;\s]+)/.exec(disposition);
		name = plain?.[1] ?? plain?.[2];
	}
	return name !== undefined ? baseNameOf(name) : undefined;
}

/** The last segment of a path (either slash), without control characters; undefined if none. */
export function baseNameOf(name: string): string | undefined {
	const withoutControls = Array.from(name)
		.filter((character) => character.charCodeAt(0) >= 0x20 && character.charCodeAt(0) !== 0x7f)
		.join('');
	const last = withoutControls.split(/[\\/]/).pop()?.trim() ?? '';
	return last === '' || last === '.' || last === '..' ? undefined : last;
}
