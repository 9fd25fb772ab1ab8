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
import type { CallbackErrorCode, CallbackSecrets } from '../shared/callbackCodec';
import { isDataObject } from '../shared/dataObject';
import { resumeForCardClick, resumePathOfClick } from './cardClickResume';
import { callbackDeduplicator, dedupKeyOf } from './dedup';
import { passesFilter } from './filters';
import type { CallbackFilter } from './filters';
import { answer, queryOf, rawBodyOf } from './httpExchange';
import { assertApiCredentialSelected, downloadMedia, mediaIdOf } from './media';
import { passiveReplyFor } from './passiveReply';

export const CALLBACK_CREDENTIAL = 'weComCallbackApi';

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

function refuse(context: IWebhookFunctions, code: CallbackErrorCode): IWebhookResponseData {
	return answer(context, STATUS_BY_CODE[code]);
}

function acknowledge(context: IWebhookFunctions): IWebhookResponseData {
	return answer(context, 200, '');
}

async function secretsOf(context: IWebhookFunctions): Promise<CallbackSecrets> {
	const credentials = await context.getCredentials(CALLBACK_CREDENTIAL);
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	return {
		token: text(credentials.token),
		encodingAesKey: text(credentials.encodingAesSecretKey),
		receiveId: text(credentials.receiveId),
	};
}

function stringList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function filterOf(context: IWebhookFunctions): CallbackFilter {
	return {
		messageTypes: stringList(context.getNodeParameter('messageTypes', [])),
		events: stringList(context.getNodeParameter('events', [])),
		changeTypes: stringList(context.getNodeParameter('changeTypes', [])),
		includeOther: context.getNodeParameter('includeOtherCallbacks', true) === true,
	};
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
async function answerUrlCheck(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const query = queryOf(context);
	const { msg_signature: signature, timestamp, nonce, echostr } = query;
	if (!signature || !timestamp || !nonce || !echostr) return refuse(context, 'missing');
	const secrets = await secretsOf(context);
	const opened = attempt(() => openEncrypted(secrets, { signature, timestamp, nonce }, echostr));
	if (!opened.ok) return refuse(context, opened.code);
	return answer(context, 200, opened.value);
}

/** POST: a message or event. Verify, decrypt, filter, deduplicate, then start the workflow. */
async function receiveCallback(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const query = queryOf(context);
	const { msg_signature: signature, timestamp, nonce } = query;
	if (!signature || !timestamp || !nonce) return refuse(context, 'missing');

	const rawBody = await rawBodyOf(context);
	if (rawBody === undefined || rawBody.length === 0) return refuse(context, 'envelope');
	if (rawBody.length > MAX_CALLBACK_BYTES) return refuse(context, 'tooLarge');

	const envelope = attempt(() => parseEnvelope(rawBody));
	if (!envelope.ok) return refuse(context, envelope.code);
	const encrypted = envelope.value.encrypted;

	const secrets = await secretsOf(context);
	if (!verifySignature(secrets.token, timestamp, nonce, encrypted, signature)) {
		return refuse(context, 'signature');
	}
	const options = optionsOf(context);
	if (!isFresh(timestamp, options.timestampTolerance)) return refuse(context, 'timestamp');

	const decrypted = attempt(() => decryptMessage(secrets.encodingAesKey, encrypted));
	if (!decrypted.ok) return refuse(context, decrypted.code);
	const receiver = attempt(() => assertReceiveId(decrypted.value.receiveId, secrets.receiveId));
	if (!receiver.ok) return refuse(context, receiver.code);
	const plaintext = decrypted.value.message;
	const parsed = attempt(() => parseCallbackMessage(plaintext));
	if (!parsed.ok) return refuse(context, parsed.code);
	const message: IDataObject = isDataObject(parsed.value.message) ? parsed.value.message : {};

	// A click on a Send and Wait card resumes its execution; it never starts this workflow.
	const resumePath = resumePathOfClick(message);
	if (resumePath !== undefined) {
		const clickKey = `${context.getWorkflow().id ?? ''}/${context.getNode().id}/${dedupKeyOf(message)}`;
		if (!callbackDeduplicator.firstSighting(clickKey)) return acknowledge(context);
		const outcome = await resumeForCardClick(context, message, resumePath, nowSeconds());
		if (outcome.kind === 'resumed') return acknowledge(context);
		if (outcome.kind === 'unreachable') {
			callbackDeduplicator.forget(clickKey);
			return answer(context, 503);
		}
		return answer(context, 200, buildPassiveReply({ ...secrets, message: outcome.replyXml }), 'application/xml; charset=utf-8');
	}

	// Filtered-out callbacks are still acknowledged, or WeCom would keep retrying them.
	if (!passesFilter(message, filterOf(context))) return acknowledge(context);

	const mediaId =
		context.getNodeParameter('downloadMedia', false) === true ? mediaIdOf(message) : undefined;
	if (mediaId !== undefined) assertApiCredentialSelected(context);

	const dedupKey = `${context.getWorkflow().id ?? ''}/${context.getNode().id}/${dedupKeyOf(message)}`;
	if (!callbackDeduplicator.firstSighting(dedupKey)) return acknowledge(context);

	// If anything below fails, WeCom's retry of this callback must be let through again.
	let handled = false;
	try {
		const item: INodeExecutionData = { json: { ...message } };
		if (options.includeRawXml) item.json.rawXml = plaintext;
		if (mediaId !== undefined) {
			item.binary = await downloadMedia(context, message, mediaId, options.binaryPropertyName);
		}
		const respond = context.getNodeParameter('respond', 'immediately');
		const workflowData = [[item]];
		if (respond === 'responseNode') {
			handled = true;
			return { workflowData };
		}
		const reply =
			respond === 'passiveReply' && parsed.value.format === 'xml'
				? passiveReplyFor(context, message, nowSeconds())
				: undefined;
		const answered =
			reply === undefined
				? answer(context, 200, '')
				: answer(context, 200, buildPassiveReply({ ...secrets, message: reply }), 'application/xml; charset=utf-8');
		handled = true;
		return { ...answered, workflowData };
	} finally {
		if (!handled) callbackDeduplicator.forget(dedupKey);
	}
}

export async function handleWeComCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (this.getWebhookName() === 'setup') return await answerUrlCheck(this);
	return await receiveCallback(this);
}
