import { NodeOperationError, sleep } from 'n8n-workflow';
import type {
	IExecuteResponsePromiseData,
	INodeExecutionData,
	IRun,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';

import { AiBotConnection } from '../shared/aiBot/connection';
import { AiBotConnectionError } from '../shared/aiBot/errors';
import type { CallbackFrame } from '../shared/aiBot/frames';
import { claimBot, newerHolders, otherHolders, releaseBot } from '../shared/aiBot/registry';
import type { ConnectionHolder } from '../shared/aiBot/registry';
import { ownTextField } from '../shared/dataObject';
import { firstSighting } from '../WeComTrigger/dedup';
import { aiBotFilterOf, passesAiBotFilter } from './filters';
import { itemJsonOf, mediaOf } from './items';
import { downloadAiBotMedia } from './media';
import { AI_BOT_CREDENTIAL, aiBotCredentialsOf, triggerOptionsOf } from './settings';
import { runTurn } from './turns';
import type { TurnHost } from './turns';

/*
 * Connection = Long Connection: trigger() holds one WebSocket to WeCom for as long as the workflow
 * is published (or, in the editor, until the first message arrives). Every message and event
 * becomes one execution; the reply travels back through n8n's response promise (relay.ts).
 */

/** closeFunction lets answers already on their way finish, but no longer than this. */
const CLOSE_GRACE_MS = 6_000;

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function nodeErrorOf(context: ITriggerFunctions, error: unknown): NodeOperationError {
	if (error instanceof AiBotConnectionError) {
		return new NodeOperationError(context.getNode(), error.message, { description: error.description });
	}
	return new NodeOperationError(context.getNode(), `The AI bot's long connection failed: ${describe(error)}`, {
		description: 'Check that this n8n can open an outgoing WebSocket to the URL in the WeCom AI Bot API credential.',
	});
}

function holderLabel(context: ITriggerFunctions, manual: boolean): string {
	const name = context.getWorkflow().name ?? context.getWorkflow().id ?? 'this workflow';
	return manual ? `the test listener of "${name}"` : `the published workflow "${name}"`;
}

export async function triggerLongConnection(this: ITriggerFunctions): Promise<ITriggerResponse> {
	const { botId, secret, url } = aiBotCredentialsOf(await this.getCredentials(AI_BOT_CREDENTIAL));
	if (!botId || !secret) {
		throw new NodeOperationError(this.getNode(), 'The WeCom AI Bot API credential has no Bot ID or Secret', {
			description: 'Copy both from the bot’s API mode page (智能机器人 → your bot → API mode → Long Connection).',
		});
	}
	const read = (name: string, fallback: unknown): unknown => this.getNodeParameter(name, fallback);
	const options = triggerOptionsOf(read);
	const filter = aiBotFilterOf(read);
	const manual = this.getMode() === 'manual';
	const stop = new AbortController();
	const inFlight = new Set<Promise<void>>();

	// In the editor, n8n wires emit() only after trigger() has returned and manualTriggerFunction
	// runs; messages that arrive before that wait here.
	let accepting = !manual;
	const early: CallbackFrame[] = [];
	let markFirstEmit: () => void = () => undefined;
	const firstEmit = new Promise<void>((resolve) => (markFirstEmit = resolve));
	let emitted = 0;

	const report = (message: string, error?: unknown) => {
		this.logger.warn(message, { botId });
		if (!manual && error !== undefined) this.saveFailedExecution(new NodeOperationError(this.getNode(), message));
	};

	const hostFor = (frame: CallbackFrame): TurnHost => ({
		connection,
		settings: options,
		signal: stop.signal,
		report,
		start: async (expectAnswer) => {
			if (manual && emitted > 0) return undefined;
			emitted += 1;
			const item: INodeExecutionData = { json: itemJsonOf(frame.body, 'longConnection', frame.reqId) };
			const refs = options.downloadMedia ? mediaOf(frame.body, options.binaryPropertyName) : [];
			if (refs.length > 0) {
				try {
					item.binary = await downloadAiBotMedia(this, refs);
				} catch (error) {
					item.json.mediaError = describe(error);
				}
			}
			if (!expectAnswer) {
				this.emit([[item]]);
				markFirstEmit();
				return undefined;
			}
			const response = this.helpers.createDeferredPromise<IExecuteResponsePromiseData>();
			const done = this.helpers.createDeferredPromise<IRun>();
			this.emit([[item]], response, done);
			markFirstEmit();
			return { answer: Promise.race([response.promise, done.promise.then(() => undefined)]) };
		},
	});

	const handle = (frame: CallbackFrame) => {
		if (stop.signal.aborted) return;
		if (!accepting) {
			early.push(frame);
			return;
		}
		// A test listener runs the workflow once; later messages are left to the published one.
		if (manual && emitted > 0) return;
		const msgid = ownTextField(frame.body, 'msgid');
		if (msgid && !firstSighting(`aibot/${botId}/${msgid}`)) return;
		if (!passesAiBotFilter(frame.body, filter)) return;
		const turn: Promise<void> = runTurn(hostFor(frame), frame)
			.catch((error) => report(`WeCom AI Bot: handling a message failed: ${describe(error)}`, error))
			.finally(() => inFlight.delete(turn));
		inFlight.add(turn);
	};

	const connection: AiBotConnection = new AiBotConnection({
		url,
		botId,
		secret,
		onCallback: handle,
		onReconnect: (attempt, delayMs, cause) =>
			this.logger.info(`WeCom AI Bot ${botId}: reconnecting in ${delayMs} ms (attempt ${attempt}; ${cause})`),
		onKicked: async () => {
			const newer = newerHolders(claimed);
			const displacedHere = claimed.displaced;
			claimed.displaced = false;
			// A test listener that has already stopped leaves no newer holder: resume at once.
			if (displacedHere && newer.length === 0 && !manual) return 'resume';
			if (newer.length === 0 || manual) {
				if (newer.length > 0) {
					throw new AiBotConnectionError(
						'kicked',
						`${newer[0].label[0].toUpperCase()}${newer[0].label.slice(1)} took over AI bot ${botId} while you were listening for a test event`,
						'WeCom keeps one connection per bot. Listen again once the other listener has stopped, or test by messaging the published workflow.',
					);
				}
				return 'stop';
			}
			this.logger.info(`WeCom AI Bot ${botId}: paused while ${newer[0].label} holds the connection`);
			await Promise.race([
				Promise.all(newer.map(async (other) => await other.released)),
				new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true })),
			]);
			return 'resume';
		},
	});

	const claimed: ConnectionHolder = claimBot(botId, holderLabel(this, manual), connection);
	const others = otherHolders(botId, claimed);
	if (others.length > 0) {
		this.logger.info(`WeCom AI Bot ${botId}: ${claimed.label} takes over the connection from ${others.map((o) => o.label).join(', ')}`);
	}
	try {
		await connection.open();
	} catch (error) {
		releaseBot(claimed);
		throw nodeErrorOf(this, error);
	}
	connection
		.keepAlive()
		.catch((error) => {
			if (stop.signal.aborted) return;
			const nodeError = nodeErrorOf(this, error);
			// emitError would make n8n re-activate the workflow within seconds, and the new
			// subscribe would disconnect the other client in turn. A taken-over trigger stays
			// published but idle, and says why in a failed execution.
			if (!manual && error instanceof AiBotConnectionError && error.reason === 'kicked') {
				this.logger.error(`${nodeError.message}. ${nodeError.description ?? ''}`);
				this.saveFailedExecution(nodeError);
				return;
			}
			this.emitError(nodeError);
		})
		.finally(() => releaseBot(claimed));

	const closeFunction = async () => {
		accepting = false;
		if (inFlight.size > 0) {
			const grace = new AbortController();
			await Promise.race([
				Promise.allSettled([...inFlight]),
				sleep(CLOSE_GRACE_MS, grace.signal).catch(() => undefined),
			]);
			grace.abort();
		}
		stop.abort();
		connection.stop();
		releaseBot(claimed);
	};

	if (!manual) return { closeFunction };
	return {
		closeFunction,
		manualTriggerFunction: async () => {
			accepting = true;
			for (const frame of early.splice(0)) handle(frame);
			await firstEmit;
		},
	};
}
