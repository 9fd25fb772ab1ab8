import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import {
	MAX_CALLBACK_BYTES,
	buildPassiveReply,
	decryptMessage,
	assertReceiveId,
	isCallbackError,
	openEncrypted,
	parseCallbackMessage,
	parseEnvelope,
	verifySignature,
} from '../shared/callbackCodec';
import type { CallbackErrorCode, CallbackSecrets, ParsedMessage } from '../shared/callbackCodec';
import { isDataObject } from '../shared/dataObject';
import { callbackOutput } from './approvalEvent';
import { resumeForCardClick, resumePathOfClick } from './cardClickResume';
import { callbackSecretsOf, rereadSecrets } from './callbackSecrets';
import { callbackLedger, dedupKeyOf } from './dedup';
import { filterOf, passesFilter } from './filters';
import { answer, answeredStatus, prepareAnswer, queryOf, rawBodyOf } from './httpExchange';
import { MEDIA_BUDGET_MS, assertApiCredentialSelected, downloadMedia, mediaIdOf } from './media';
import { passiveReplyFor } from './passiveReply';

/** 401 for "who are you", 403 for "not for us / too old", 400 for broken content, 413 for size. */
const STATUS_BY_CODE: Record<CallbackErrorCode, number> = {
	missing: 401,
	signature: 401,
	timestamp: 403,
	receiveId: 403,
	key: 403,
	envelope: 400,
	base64: 400,
	padding: 400,
	length: 400,
	utf8: 400,
	xml: 400,
	json: 400,
	tooLarge: 413,
};

type Outcome<T> = { ok: true; value: T } | { ok: false; code: CallbackErrorCode };

/** Runs a codec step. Anything it throws is a refusal, never a crash: unknown errors count as 400. */
function attempt<T>(step: () => T): Outcome<T> {
	try {
		return { ok: true, value: step() };
	} catch (error) {
		return { ok: false, code: isCallbackError(error) ? error.code : 'envelope' };
	}
}

export function refuse(context: IWebhookFunctions, code: CallbackErrorCode): IWebhookResponseData {
	return answer(context, STATUS_BY_CODE[code]);
}

/** An empty 200 for a callback that starts nothing (filtered out, or a re-send of a held one). */
export function acknowledge(context: IWebhookFunctions): IWebhookResponseData {
	return answer(context, 200, '');
}

/** Not 200, so WeCom sends the callback again later. */
function askForResend(context: IWebhookFunctions): IWebhookResponseData {
	return answer(context, 503);
}

interface TriggerOptions {
	timestampTolerance: number;
	includeRawXml: boolean;
	binaryPropertyName: string;
}

function optionsOf(context: IWebhookFunctions): TriggerOptions {
	const options: unknown = context.getNodeParameter('options', {});
	const source = isDataObject(options) ? options : {};
	const tolerance = Number(source.timestampTolerance ?? 300);
	const binaryPropertyName = typeof source.binaryPropertyName === 'string' ? source.binaryPropertyName.trim() : '';
	return {
		timestampTolerance: Number.isFinite(tolerance) && tolerance > 0 ? tolerance : 0,
		includeRawXml: source.includeRawXml === true,
		binaryPropertyName: binaryPropertyName || 'data',
	};
}

function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}

function isFresh(timestamp: string, toleranceSeconds: number): boolean {
	if (!/^\d{1,12}$/.test(timestamp)) return false;
	if (toleranceSeconds === 0) return true;
	return Math.abs(nowSeconds() - Number(timestamp)) <= toleranceSeconds;
}

/** GET: WeCom's URL check. Answer the decrypted echostr alone, as plain text. */
export async function answerUrlCheck(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const query = queryOf(context);
	const { msg_signature: signature, timestamp, nonce, echostr } = query;
	if (!signature || !timestamp || !nonce || !echostr) return refuse(context, 'missing');
	const open = (secrets: CallbackSecrets) => attempt(() => openEncrypted(secrets, { signature, timestamp, nonce }, echostr));
	const opened = await withCurrentSecrets(context, open);
	if (!opened.result.ok) return refuse(context, opened.result.code);
	return answer(context, 200, opened.result.value);
}

/** Failures that a changed Token, EncodingAESKey or receive ID would cause. */
const SECRET_DEPENDENT: ReadonlySet<CallbackErrorCode> = new Set(['signature', 'key', 'padding', 'length', 'utf8', 'receiveId']);

/**
 * Runs the checks with the kept credential; when they fail in a way a changed credential would
 * explain, once more with the credential as stored now.
 */
async function withCurrentSecrets<T>(
	context: IWebhookFunctions,
	check: (secrets: CallbackSecrets) => Outcome<T>,
): Promise<{ secrets: CallbackSecrets; result: Outcome<T> }> {
	const secrets = await callbackSecretsOf(context);
	const result = check(secrets);
	if (result.ok || !SECRET_DEPENDENT.has(result.code)) return { secrets, result };
	const current = await rereadSecrets(context, secrets);
	return current === undefined ? { secrets, result } : { secrets: current, result: check(current) };
}

export interface OpenedCallback {
	secrets: CallbackSecrets;
	plaintext: string;
	parsed: ParsedMessage;
}

/** Signature, decryption, receive ID and inner parsing of one POSTed envelope. */
function openCallback(
	secrets: CallbackSecrets,
	signed: { signature: string; timestamp: string; nonce: string },
	encrypted: string,
): Outcome<OpenedCallback> {
	if (!verifySignature(secrets.token, signed.timestamp, signed.nonce, encrypted, signed.signature)) {
		return { ok: false, code: 'signature' };
	}
	const decrypted = attempt(() => decryptMessage(secrets.encodingAesKey, encrypted));
	if (!decrypted.ok) return decrypted;
	const receiver = attempt(() => assertReceiveId(decrypted.value.receiveId, secrets.receiveId));
	if (!receiver.ok) return receiver;
	const plaintext = decrypted.value.message;
	const parsed = attempt(() => parseCallbackMessage(plaintext));
	if (!parsed.ok) return parsed;
	return { ok: true, value: { secrets, plaintext, parsed: parsed.value } };
}

/** How long a re-send waits for the delivery before it; WeCom gives each delivery 5 s. */
export const RESEND_WAIT_MS = 3000;

/**
 * Claims the callback for this delivery. A re-send of a callback whose run n8n holds gets an
 * empty 200; one whose first delivery is still in flight waits for it (bounded) and then either
 * gets 200 (held), takes over (the first failed), or gets 503 so that WeCom sends it again.
 */
async function claimDelivery(
	context: IWebhookFunctions,
	key: string,
): Promise<{ claimed: true } | { claimed: false; response: IWebhookResponseData }> {
	let claim = await callbackLedger.claim(key);
	if (claim === 'inFlight') {
		const outcome = await callbackLedger.waitForOutcome(key, RESEND_WAIT_MS);
		if (outcome === 'released') claim = await callbackLedger.claim(key);
		else claim = outcome === 'held' ? 'held' : 'inFlight';
	}
	if (claim === 'claimed') return { claimed: true };
	return { claimed: false, response: claim === 'held' ? acknowledge(context) : askForResend(context) };
}

/**
 * Keeps the claim once n8n has answered 200 (it answers only after creating the execution, or,
 * with a Respond to Webhook node, from within it); any other outcome lets a re-send run it.
 */
function settleWhenAnswered(context: IWebhookFunctions, key: string): void {
	void answeredStatus(context).then(
		async (status) => await (status === 200 ? callbackLedger.markHeld(key) : callbackLedger.release(key)),
		async () => await callbackLedger.release(key),
	);
}

/**
 * POST: a message or event. Verify, decrypt, filter and claim it, then hand the item to n8n,
 * which creates the execution and only then answers WeCom (200 with the passive reply, if any).
 */
/**
 * A POSTed callback, verified and decrypted (signature, timestamp window, AES, receive ID, then
 * XML or JSON), with the credential as kept or, after a failure a changed credential explains,
 * as stored now. Anything wrong is answered at once with its status and returned as `refused`.
 * Shared with the WeCom AI Bot Trigger's callback mode.
 */
export async function openPostedCallback(
	context: IWebhookFunctions,
	timestampTolerance: number,
): Promise<{ refused: IWebhookResponseData } | { opened: OpenedCallback }> {
	const query = queryOf(context);
	const { msg_signature: signature, timestamp, nonce } = query;
	if (!signature || !timestamp || !nonce) return { refused: refuse(context, 'missing') };

	const rawBody = await rawBodyOf(context);
	if (rawBody === undefined || rawBody.length === 0) return { refused: refuse(context, 'envelope') };
	if (rawBody.length > MAX_CALLBACK_BYTES) return { refused: refuse(context, 'tooLarge') };

	const envelope = attempt(() => parseEnvelope(rawBody));
	if (!envelope.ok) return { refused: refuse(context, envelope.code) };
	const encrypted = envelope.value.encrypted;

	const checkSignatureFirst = (secrets: CallbackSecrets) => openCallback(secrets, { signature, timestamp, nonce }, encrypted);
	const { result: opened } = await withCurrentSecrets(context, checkSignatureFirst);
	// A bad signature is refused before the timestamp is looked at: a forger learns nothing else.
	if (!opened.ok && opened.code === 'signature') return { refused: refuse(context, 'signature') };
	if (!isFresh(timestamp, timestampTolerance)) return { refused: refuse(context, 'timestamp') };
	if (!opened.ok) return { refused: refuse(context, opened.code) };
	return { opened: opened.value };
}

/**
 * POST: a message or event. Verify, decrypt, filter and claim it, then hand the item to n8n,
 * which creates the execution and only then answers WeCom (200 with the passive reply, if any).
 */
async function receiveCallback(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const started = Date.now();
	const options = optionsOf(context);
	const result = await openPostedCallback(context, options.timestampTolerance);
	if ('refused' in result) return result.refused;
	const { secrets, plaintext, parsed } = result.opened;
	const message: IDataObject = isDataObject(parsed.message) ? parsed.message : {};

	// A click on a Send and Wait card resumes its execution; it never starts this workflow.
	const resumePath = resumePathOfClick(message);
	if (resumePath !== undefined) return await answerCardClick(context, message, resumePath, secrets);

	// Filtered-out callbacks are still acknowledged, or WeCom would keep retrying them.
	if (!passesFilter(message, filterOf(context))) return acknowledge(context);

	const mediaId =
		context.getNodeParameter('downloadMedia', false) === true ? mediaIdOf(message) : undefined;
	if (mediaId !== undefined) assertApiCredentialSelected(context);

	const messageKey = dedupKeyOf(message);
	const dedupKey = `${context.getWorkflow().id ?? ''}/${context.getNode().id}/${messageKey}`;
	const claim = await claimDelivery(context, dedupKey);
	if (!claim.claimed) return claim.response;

	// From here on, anything that fails lets WeCom's re-send through again.
	let handedOver = false;
	try {
		// dedupKey: the same for every delivery of this callback (executionDedup.ts, Remove Duplicates)
		const item: INodeExecutionData = { json: { ...(await callbackOutput(context, message)), dedupKey: messageKey } };
		if (options.includeRawXml) item.json.rawXml = plaintext;
		if (mediaId !== undefined) {
			const deadline = started + MEDIA_BUDGET_MS;
			item.binary = await downloadMedia(context, message, mediaId, options.binaryPropertyName, deadline);
		}
		const workflowData = [[item]];
		const respond = context.getNodeParameter('respond', 'immediately');
		if (respond === 'responseNode') {
			handedOver = true;
			return { workflowData };
		}
		const reply =
			respond === 'passiveReply' && parsed.format === 'xml'
				? passiveReplyFor(context, message, nowSeconds())
				: undefined;
		// n8n sends this body with its 200 once it holds the execution (responseData '' in the
		// webhook description makes it use webhookResponse as the body).
		const body = reply === undefined ? '' : buildPassiveReply({ ...secrets, message: reply });
		prepareAnswer(context, reply === undefined ? 'text/plain; charset=utf-8' : 'application/xml; charset=utf-8');
		handedOver = true;
		return { workflowData, webhookResponse: body };
	} finally {
		if (handedOver) settleWhenAnswered(context, dedupKey);
		else await callbackLedger.release(dedupKey);
	}
}

/**
 * A click on a Send and Wait card (cardClickResume.ts): claimed like any callback, so a re-send
 * resumes nothing twice; answered directly, since it starts no execution of this workflow.
 */
async function answerCardClick(
	context: IWebhookFunctions,
	message: IDataObject,
	resumePath: string,
	secrets: CallbackSecrets,
): Promise<IWebhookResponseData> {
	const clickKey = `${context.getWorkflow().id ?? ''}/${context.getNode().id}/${dedupKeyOf(message)}`;
	const claim = await claimDelivery(context, clickKey);
	if (!claim.claimed) return claim.response;
	const outcome = await resumeForCardClick(context, message, resumePath, nowSeconds());
	if (outcome.kind === 'unreachable') {
		await callbackLedger.release(clickKey);
		return askForResend(context);
	}
	await callbackLedger.markHeld(clickKey);
	if (outcome.kind === 'resumed') return acknowledge(context);
	return answer(context, 200, buildPassiveReply({ ...secrets, message: outcome.replyXml }), 'application/xml; charset=utf-8');
}

export async function handleWeComCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (this.getWebhookName() === 'setup') return await answerUrlCheck(this);
	return await receiveCallback(this);
}
