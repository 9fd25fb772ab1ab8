import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import { errcodeOf, redactValue, weComApiError } from '../../shared/errors';
import { withPartsSentNote } from '../../shared/messageText';
import { secretsOf, toSafeError, withRequestDefaults, withWeComRetries } from '../../shared/transport';
import type { WeComContext } from '../../shared/transport';
import { withoutWebhookSecrets } from '../../shared/webhookKey';
import {
	CREDENTIAL_TYPE,
	MAX_RATE_LIMIT_WAITS,
	MESSAGES_PER_WINDOW,
	RATE_WINDOW_SECONDS,
	SEND_PATH,
	UPLOAD_PATH,
} from './limits';
import { laneFor } from '../../shared/pacing';
import type { BotLane } from '../../shared/pacing';
import type { BotOptions, MediaUpload, Planner, SendPlan } from './types';

/*
 * The group bot's request hook. Every item's request passes through here (the node's pagination
 * hook, as in the weCom node), after the declarative routing built its body from the fields.
 * Here happens what data cannot say:
 *  1. plan: the message type's planner checks the body, reads binary data, splits long text —
 *     no WeCom call yet, so a bad item fails before anything is sent;
 *  2. wait for the item's turn on its bot's lane (pacing.ts), so messages leave in item order;
 *  3. upload the file or voice clip, if any (webhook/upload_media), in the same step;
 *  4. send each message, paced, through the shared transport (errcode mapping, redaction; a post
 *     is retried only when WeCom proves it did not take it, e.g. -1 or a refused connection, and a
 *     lost answer ends as "outcome unknown", never as a second post); on 45009 wait one rate
 *     window and try again, a bounded number of times.
 */

export type PlannerLookup = (operation: string, msgtype: string | undefined) => Planner | undefined;

export interface Pacing {
	enabled: boolean;
	limit: number;
	windowMs: number;
}

function positiveNumber(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function optionsOf(context: IExecutePaginationFunctions): BotOptions {
	const raw: unknown = context.getNodeParameter('options', {});
	const options = isDataObject(raw) ? raw : {};
	return {
		splitLongMessages: options.splitLongMessages === true,
		paceMessages: options.paceMessages !== false,
		messagesPerWindow: positiveNumber(options.messagesPerWindow, MESSAGES_PER_WINDOW),
		rateWindowSeconds: positiveNumber(options.rateWindowSeconds, RATE_WINDOW_SECONDS),
		fileName: typeof options.fileName === 'string' ? options.fileName : undefined,
	};
}

export function pacingOf(options: BotOptions): Pacing {
	return {
		enabled: options.paceMessages !== false,
		limit: Math.floor(options.messagesPerWindow ?? MESSAGES_PER_WINDOW),
		windowMs: Math.round((options.rateWindowSeconds ?? RATE_WINDOW_SECONDS) * 1000),
	};
}

/** One bot per credential: items of nodes that share a credential share its rate limit. */
export function botIdOf(node: INode): string {
	const reference = node.credentials?.[CREDENTIAL_TYPE];
	return reference ? `${reference.id ?? ''}/${reference.name}` : `node/${node.id}`;
}

function describeWindow(pacing: Pacing): string {
	const seconds = pacing.windowMs / 1000;
	return `${pacing.limit} messages per ${seconds === 60 ? 'minute' : `${seconds} seconds`}`;
}

function stillRateLimited(node: INode, pacing: Pacing, itemIndex: number): NodeApiError {
	const error = weComApiError(node, { errcode: 45009, errmsg: 'api freq out of limit' }, itemIndex);
	const waited = (MAX_RATE_LIMIT_WAITS * pacing.windowMs) / 1000;
	error.message = `The group bot is over WeCom’s rate limit (errcode 45009) and still was after waiting ${waited} seconds`;
	error.description = `WeCom allows ${describeWindow(pacing)} for each group bot, counted over everything that uses its webhook: other workflows, scripts and apps too. Send fewer messages (combine items into one, e.g. with the Aggregate node and Split Long Messages), or spread them out over time.`;
	return error;
}

async function upload(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	media: MediaUpload,
	itemIndex: number,
): Promise<IDataObject> {
	const { body, contentType } = media.multipart;
	const options = requestDefaults({
		...requestData.options,
		url: UPLOAD_PATH,
		qs: { type: media.type },
		headers: { ...requestData.options.headers, 'Content-Type': contentType },
		body,
	});
	const items = await withWeComRetries(
		context,
		async () => await context.makeRoutingRequest({ ...requestData, options }),
		{ refreshToken: false, itemIndex, endpoint: options },
	);
	const answer = items[0]?.json ?? {};
	if (typeof answer.media_id !== 'string' || answer.media_id === '') {
		throw new NodeApiError(
			context.getNode(),
			{ message: 'WeCom accepted the upload but sent no media_id' },
			{ itemIndex, message: 'WeCom accepted the upload but sent no media_id' },
		);
	}
	return answer;
}

/** One HTTP call that posts a message; it throws on a WeCom errcode. */
export type BotPost = () => Promise<unknown>;

/** Posts one message; true when WeCom answered 45009 (rate limited), which the caller handles. */
async function postOnce(
	context: WeComContext,
	post: BotPost,
	endpoint: { method?: string; url?: string; timeout?: number },
	lane: BotLane,
	pacing: Pacing,
	itemIndex: number,
): Promise<boolean> {
	try {
		await withWeComRetries(
			context,
			async () => {
				if (pacing.enabled) await lane.waitForRoom(pacing.limit, pacing.windowMs);
				try {
					return await post();
				} finally {
					lane.recordFinished();
				}
			},
			{ refreshToken: false, itemIndex, endpoint },
		);
		return false;
	} catch (error) {
		if (errcodeOf(error) === 45009) return true;
		throw toSafeError(context.getNode(), error, itemIndex);
	}
}

/**
 * Posts one message to a group bot at its lane's pace: never repeated unless WeCom proves it did
 * not take it (the transport's rule); on 45009 waits one rate window and tries again, a bounded
 * number of times, then fails with what to change.
 */
export async function postPaced(
	context: WeComContext,
	post: BotPost,
	endpoint: { method?: string; url?: string; timeout?: number },
	lane: BotLane,
	pacing: Pacing,
	itemIndex: number,
): Promise<void> {
	for (let rateLimitWaits = 0; ; rateLimitWaits++) {
		const rateLimited = await postOnce(context, post, endpoint, lane, pacing, itemIndex);
		if (!rateLimited) return;
		if (rateLimitWaits >= MAX_RATE_LIMIT_WAITS) throw stillRateLimited(context.getNode(), pacing, itemIndex);
		// WeCom blocks a bot for the rest of the window after a 45009.
		await sleep(pacing.windowMs);
	}
}

async function sendMessage(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	body: IDataObject,
	lane: BotLane,
	pacing: Pacing,
	itemIndex: number,
): Promise<void> {
	const options = requestDefaults({ ...requestData.options, url: SEND_PATH, qs: {}, body });
	const post = async () => await context.makeRoutingRequest({ ...requestData, options });
	await postPaced(context, post, options, lane, pacing, itemIndex);
}

function withMediaId(message: IDataObject, mediaId: string): IDataObject {
	const msgtype = String(message.msgtype);
	return { ...message, [msgtype]: { media_id: mediaId } };
}

function outputOf(
	operation: string,
	plan: SendPlan,
	uploaded: IDataObject | undefined,
	msgtype: string | undefined,
): IDataObject {
	if (operation === 'uploadMedia') return uploaded ?? {};
	const output: IDataObject = { msgtype, messageCount: plan.messages.length };
	if (uploaded) {
		output.media_id = uploaded.media_id;
		output.created_at = uploaded.created_at;
	}
	return output;
}

/** The timeout and redirect rule every request gets (the bot node has no Timeout option). */
function requestDefaults<O extends DeclarativeRestApiSettings.HttpRequestOptions>(options: O): O {
	return withRequestDefaults(options, typeof options.baseURL === 'string' ? options.baseURL : undefined, undefined);
}

export function createBotRequestHook(plannerFor: PlannerLookup) {
	return async function sendThroughBot(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const node = this.getNode();
		const itemIndex = this.getItemIndex();
		// Taken before the first await: items enter this hook in item order, and so get their turns.
		const lane = laneFor(this.getExecutionId(), botIdOf(node));
		const turn = lane.reserveTurn();
		let secrets: string[] = [];
		try {
			secrets = await secretsOf(this);

			const operation = String(this.getNodeParameter('operation', 'send'));
			const options = optionsOf(this);
			const body = isDataObject(requestData.options.body) ? requestData.options.body : {};
			const msgtype = typeof body.msgtype === 'string' ? body.msgtype : undefined;
			const planner = plannerFor(operation, msgtype);
			if (!planner) {
				throw new NodeOperationError(node, `Unknown operation or message type "${msgtype ?? operation}"`, {
					itemIndex,
				});
			}
			const plan = await planner(this, body, options);

			await turn.ready;
			const uploaded = plan.upload ? await upload(this, requestData, plan.upload, itemIndex) : undefined;
			const pacing = pacingOf(options);
			for (const [index, message] of plan.messages.entries()) {
				const ready = uploaded ? withMediaId(message, String(uploaded.media_id)) : message;
				try {
					await sendMessage(this, requestData, ready, lane, pacing, itemIndex);
				} catch (error) {
					throw withPartsSentNote(node, error, { index, total: plan.messages.length, itemIndex, arrived: 'posted' });
				}
			}
			const output = redactValue(outputOf(operation, plan, uploaded, msgtype), secrets);
			return [{ json: isDataObject(output) ? output : {} }];
		} catch (error) {
			throw withoutWebhookSecrets(node, error, secrets, itemIndex);
		} finally {
			turn.release();
		}
	};
}
