import { randomBytes } from 'node:crypto';
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { streamBody, welcomeTextBody } from '../shared/aiBot/replies';
import { aiBotStreams } from '../shared/aiBot/streamStore';
import type { StreamState } from '../shared/aiBot/streamStore';
import { buildPassiveReply, encodingAesKeyBytes } from '../shared/callbackCodec';
import type { CallbackSecrets } from '../shared/callbackCodec';
import { isDataObject, ownTextField } from '../shared/dataObject';
import { firstSighting, forgetSighting } from '../WeComTrigger/dedup';
import { acknowledge, answerUrlCheck, openPostedCallback, refuse } from '../WeComTrigger/handleWebhook';
import { answer } from '../WeComTrigger/httpExchange';
import { aiBotFilterOf, passesAiBotFilter } from './filters';
import { itemJsonOf, mediaOf } from './items';
import { downloadAiBotMedia } from './media';
import { triggerOptionsOf } from './settings';

/*
 * Connection = Callback URL (wecom-new-features.md §1): WeCom POSTs encrypted JSON. A message is
 * answered at once with the placeholder stream; WeCom then polls with refresh callbacks, answered
 * from the stream store with the whole text so far. enter_chat gets the trigger's Welcome Message.
 */

/** Timestamp window for callbacks, as in the WeCom Trigger. */
const TIMESTAMP_TOLERANCE_SECONDS = 300;

/** Stream IDs of messages already answered, so a retried message gets the same stream again. */
const streamByMessage = new Map<string, string>();

function passive(context: IWebhookFunctions, secrets: CallbackSecrets, body: IDataObject): IWebhookResponseData {
	const reply = buildPassiveReply({ ...secrets, message: JSON.stringify(body), format: 'json' });
	return answer(context, 200, reply, 'text/plain; charset=utf-8');
}

/** The answer that shows a stream as it stands: its text, and once finished its feedback and images. */
function streamStateBody(streamId: string, state: StreamState): IDataObject {
	return streamBody(streamId, state.content, state.finished, state.feedbackId, state.images);
}

/** A refresh callback: the whole text so far; unknown streams are closed so WeCom stops polling. */
function answerRefresh(context: IWebhookFunctions, secrets: CallbackSecrets, streamId: string, timeoutMs: number, noAnswer: string): IWebhookResponseData {
	const state = aiBotStreams.get(streamId);
	if (state === undefined) return passive(context, secrets, streamBody(streamId, '', true));
	if (!state.finished && Date.now() - state.createdAt > timeoutMs) aiBotStreams.finish(streamId, noAnswer);
	return passive(context, secrets, streamStateBody(streamId, state));
}

export async function handleAiBotCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (this.getWebhookName() === 'setup') return await answerUrlCheck(this);
	const result = await openPostedCallback(this, TIMESTAMP_TOLERANCE_SECONDS);
	if ('refused' in result) return result.refused;
	const { secrets, parsed } = result.opened;
	if (parsed.format !== 'json' || !isDataObject(parsed.message)) return refuse(this, 'json');
	const body: IDataObject = parsed.message;

	const expectedBot = String(this.getNodeParameter('botId', '')).trim();
	if (expectedBot && ownTextField(body, 'aibotid') !== expectedBot) return refuse(this, 'receiveId');

	const read = (name: string, fallback: unknown): unknown => this.getNodeParameter(name, fallback);
	const options = triggerOptionsOf(read);
	const msgtype = ownTextField(body, 'msgtype') ?? '';
	if (msgtype === 'stream') {
		const stream = isDataObject(body.stream) ? body.stream : {};
		return answerRefresh(this, secrets, ownTextField(stream, 'id') ?? '', options.answerTimeoutMs, options.noAnswerText);
	}
	if (!passesAiBotFilter(body, aiBotFilterOf(read))) return acknowledge(this);

	const msgid = ownTextField(body, 'msgid') ?? '';
	const dedupKey = `aibot-callback/${this.getWorkflow().id ?? ''}/${this.getNode().id}/${msgid}`;
	if (msgid && !firstSighting(dedupKey)) {
		// WeCom retries when our answer was late or lost: the same stream again, no second run.
		const streamId = streamByMessage.get(dedupKey);
		const state = streamId ? aiBotStreams.get(streamId) : undefined;
		if (streamId && state) return passive(this, secrets, streamStateBody(streamId, state));
		return acknowledge(this);
	}

	let handled = false;
	try {
		const item: INodeExecutionData = { json: itemJsonOf(body, 'callback') };
		const refs = options.downloadMedia ? mediaOf(body, options.binaryPropertyName) : [];
		if (refs.length > 0) {
			try {
				item.binary = await downloadAiBotMedia(this, refs, encodingAesKeyBytes(secrets.encodingAesKey));
			} catch (error) {
				item.json.mediaError = error instanceof Error ? error.message : String(error);
			}
		}
		const workflowData = [[item]];
		let reply: IWebhookResponseData;
		if (msgtype !== 'event' && options.placeholder) {
			const streamId = `stream_${randomBytes(8).toString('hex')}`;
			aiBotStreams.open(streamId, options.placeholder);
			streamByMessage.set(dedupKey, streamId);
			if (streamByMessage.size > 10_000) streamByMessage.delete(streamByMessage.keys().next().value ?? '');
			item.json.stream_id = streamId;
			reply = passive(this, secrets, streamBody(streamId, options.placeholder, false));
		} else if (item.json.eventtype === 'enter_chat' && options.welcomeText) {
			reply = passive(this, secrets, welcomeTextBody(options.welcomeText));
		} else {
			reply = acknowledge(this);
		}
		handled = true;
		return { ...reply, workflowData };
	} finally {
		if (!handled) forgetSighting(dedupKey);
	}
}
