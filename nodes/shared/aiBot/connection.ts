import { sleep } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import {
	AiBotCommandError,
	AiBotConnectionError,
	AiBotNotConnectedError,
	AiBotOutcomeUnknownError,
} from './errors';
import { buildFrame, eventTypeOf, newReqId, parseFrame, pingFrame, subscribeFrame } from './frames';
import type { AckFrame, CallbackFrame, OutgoingCommand } from './frames';
import { WEB_SOCKET_OPEN, globalWebSocket } from './webSocket';
import type { WebSocketConstructor, WebSocketLike } from './webSocket';

/*
 * One long connection to one AI bot (wecom-new-features.md §2): open, subscribe, heartbeat,
 * reconnect with capped exponential backoff, and commands that wait for WeCom's ack. No timers:
 * every wait is n8n-workflow's sleep() bound to an AbortSignal, so stop() ends them all at once.
 */

export interface AiBotConnectionOptions {
	url: string;
	botId: string;
	secret: string;
	/** Called for every message and event except disconnected_event, in arrival order. */
	onCallback: (frame: CallbackFrame) => void;
	/**
	 * Called after disconnected_event and the close that follows it. Resolve 'resume' to connect
	 * again (e.g. the listener that took over has gone), 'stop' to give up with a 'kicked' error.
	 */
	onKicked?: () => Promise<'resume' | 'stop'>;
	/** Called before each reconnect wait, for logs. */
	onReconnect?: (attempt: number, delayMs: number, cause: string) => void;
	/** App-level ping interval; WeCom's SDK uses 30 s. */
	heartbeatMs?: number;
	/** How long a command waits for its ack; the SDK waits 5 s. */
	ackTimeoutMs?: number;
	backoffInitialMs?: number;
	backoffMaxMs?: number;
	/** Consecutive failed reconnects before giving up (Infinity: never). */
	maxReconnectAttempts?: number;
	/** Consecutive refused subscribes before giving up: a wrong secret does not fix itself. */
	maxAuthFailures?: number;
	/** Injected by tests on a Node without a global WebSocket. */
	webSocket?: WebSocketConstructor;
}

/** Two missed ping acks in a row mean the link is dead (the SDK's rule). */
const MAX_MISSED_PINGS = 2;

const TIMED_OUT = Symbol('timed out');

interface Pending {
	cmd: string;
	resolve: (ack: AckFrame) => void;
	reject: (error: Error) => void;
}

interface SessionEnd {
	kicked: boolean;
	cause: string;
}

/** The delay before reconnect attempt `attempt` (1-based): initial × 2^(attempt−1), capped. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
	return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}

export class AiBotConnection {
	private readonly options: Required<Omit<AiBotConnectionOptions, 'onKicked' | 'onReconnect' | 'webSocket'>> &
		Pick<AiBotConnectionOptions, 'onKicked' | 'onReconnect'>;

	private readonly webSocket: WebSocketConstructor | undefined;

	private readonly stopController = new AbortController();

	private socket: WebSocketLike | undefined;

	private readonly pending = new Map<string, Pending>();

	private readonly queues = new Map<string, Promise<unknown>>();

	private kickedInSession = false;

	private sessionClosed: Promise<SessionEnd> = Promise.resolve({ kicked: false, cause: 'not opened' });

	/** Subscribes that succeeded so far (1 after open(), +1 per reconnect). */
	subscriptions = 0;

	constructor(options: AiBotConnectionOptions) {
		this.options = {
			heartbeatMs: 30_000,
			ackTimeoutMs: 5_000,
			backoffInitialMs: 1_000,
			backoffMaxMs: 30_000,
			maxReconnectAttempts: Number.POSITIVE_INFINITY,
			maxAuthFailures: 3,
			...options,
		};
		this.webSocket = options.webSocket ?? globalWebSocket();
	}

	get botId(): string {
		return this.options.botId;
	}

	get isOpen(): boolean {
		return this.socket !== undefined && this.socket.readyState === WEB_SOCKET_OPEN;
	}

	get stopped(): boolean {
		return this.stopController.signal.aborted;
	}

	/**
	 * One attempt: open the socket and subscribe. Throws AiBotConnectionError 'auth' when WeCom
	 * refuses the Bot ID/Secret, 'unsupported' without a WebSocket client, and a plain Error when
	 * the endpoint cannot be reached.
	 */
	async open(): Promise<void> {
		const WebSocketClient = this.webSocket;
		if (WebSocketClient === undefined) {
			throw new AiBotConnectionError(
				'unsupported',
				'This n8n runs on a Node.js without a WebSocket client',
				'The long connection needs Node.js 22 or newer (n8n 2.x requires Node.js 24). Upgrade Node.js, or use Connection: Callback URL.',
			);
		}
		const socket = new WebSocketClient(this.options.url);
		this.socket = socket;
		this.kickedInSession = false;
		let markClosed: (end: SessionEnd) => void = () => undefined;
		this.sessionClosed = new Promise((resolve) => (markClosed = resolve));
		const opened = new Promise<void>((resolve, reject) => {
			socket.addEventListener('open', () => resolve());
			socket.addEventListener('error', () => reject(new Error(`Could not connect to ${this.options.url}`)));
			socket.addEventListener('close', (event) =>
				reject(new Error(`The connection to ${this.options.url} closed (${event.code})`)),
			);
		});
		socket.addEventListener('message', (event) => {
			if (typeof event.data === 'string') this.receive(event.data);
		});
		socket.addEventListener('close', (event) => {
			if (this.socket === socket) this.socket = undefined;
			this.failPending(`the connection closed (${event.code})`);
			markClosed({ kicked: this.kickedInSession, cause: `closed with code ${event.code}` });
		});
		const abortOpen = () => socket.close(1000, 'stopped');
		this.stopController.signal.addEventListener('abort', abortOpen, { once: true });
		let subscribed = false;
		try {
			await opened;
			const reqId = newReqId('aibot_subscribe');
			const ack = await this.exchange('aibot_subscribe', reqId, subscribeFrame(this.options.botId, this.options.secret, reqId));
			if (ack.errcode !== 0) {
				throw new AiBotConnectionError(
					'auth',
					`WeCom refused the Bot ID or Secret (errcode ${ack.errcode}${ack.errmsg ? `: ${ack.errmsg}` : ''})`,
					'Open the bot in WeCom’s admin console (智能机器人 → your bot → API mode), make sure its connection type is Long Connection (长连接), and copy the Bot ID and Secret into the WeCom AI Bot API credential again.',
				);
			}
			subscribed = true;
			this.subscriptions += 1;
		} finally {
			this.stopController.signal.removeEventListener('abort', abortOpen);
			if (!subscribed && socket.readyState <= WEB_SOCKET_OPEN) socket.close(1000, 'subscribe failed');
		}
	}

	/**
	 * Serves an opened connection until stop(): heartbeat, and on every drop a reconnect after
	 * a capped exponential backoff. Returns after stop(); throws AiBotConnectionError when it
	 * gives up ('kicked', 'auth', 'gaveUp').
	 */
	async keepAlive(): Promise<void> {
		const signal = this.stopController.signal;
		let attempt = 0;
		let authFailures = 0;
		for (;;) {
			const end = await this.serveSession();
			if (signal.aborted) return;
			if (end.kicked) {
				const decision = this.options.onKicked ? await this.options.onKicked() : 'stop';
				if (signal.aborted) return;
				if (decision === 'stop') throw this.kickedError();
			}
			for (;;) {
				if (!end.kicked) {
					attempt += 1;
					if (attempt > this.options.maxReconnectAttempts) throw this.gaveUpError(end.cause);
					const delay = backoffDelay(attempt, this.options.backoffInitialMs, this.options.backoffMaxMs);
					this.options.onReconnect?.(attempt, delay, end.cause);
					if (!(await this.pause(delay))) return;
				}
				end.kicked = false;
				const failure = await this.open().then(
					() => undefined,
					(error: unknown) => error,
				);
				if (failure === undefined) {
					attempt = 0;
					authFailures = 0;
					break;
				}
				if (signal.aborted) return;
				if (failure instanceof AiBotConnectionError && failure.reason === 'auth') {
					authFailures += 1;
					if (authFailures >= this.options.maxAuthFailures) return await Promise.reject(failure);
				}
				end.cause = failure instanceof Error ? failure.message : String(failure);
			}
		}
	}

	/** Closes the socket and ends every wait. Idempotent. */
	stop(): void {
		if (this.stopController.signal.aborted) return;
		this.stopController.abort();
		const socket = this.socket;
		this.socket = undefined;
		if (socket !== undefined && socket.readyState <= WEB_SOCKET_OPEN) socket.close(1000, 'closed by n8n');
		this.failPending('the connection was closed by n8n');
	}

	/**
	 * Sends one command and waits for WeCom's ack. Frames with the same req_id go out one at a
	 * time, in call order (the SDK's rule: the next stream frame waits for the previous ack).
	 * Throws AiBotCommandError (errcode ≠ 0: not acted on), AiBotNotConnectedError (not written),
	 * AiBotOutcomeUnknownError (written, unconfirmed: never re-sent).
	 */
	async send(cmd: OutgoingCommand, body: IDataObject, reqId: string = newReqId(cmd)): Promise<AckFrame> {
		const previous = this.queues.get(reqId) ?? Promise.resolve();
		const current = previous.then(
			async () => await this.sendNow(cmd, reqId, body),
			async () => await this.sendNow(cmd, reqId, body),
		);
		this.queues.set(reqId, current);
		try {
			return await current;
		} finally {
			if (this.queues.get(reqId) === current) this.queues.delete(reqId);
		}
	}

	private async sendNow(cmd: OutgoingCommand, reqId: string, body: IDataObject): Promise<AckFrame> {
		const ack = await this.exchange(cmd, reqId, buildFrame(cmd, reqId, body));
		if (ack.errcode !== 0) throw new AiBotCommandError(cmd, ack.errcode, ack.errmsg);
		return ack;
	}

	/** Writes a frame and waits for the ack with its req_id, at most ackTimeoutMs. */
	private async exchange(cmd: string, reqId: string, frame: string): Promise<AckFrame> {
		const socket = this.socket;
		if (socket === undefined || socket.readyState !== WEB_SOCKET_OPEN) throw new AiBotNotConnectedError(cmd);
		const acked = new Promise<AckFrame>((resolve, reject) => this.pending.set(reqId, { cmd, resolve, reject }));
		socket.send(frame);
		const timer = new AbortController();
		const stopTimer = () => timer.abort();
		this.stopController.signal.addEventListener('abort', stopTimer, { once: true });
		try {
			const result = await Promise.race([
				acked,
				sleep(this.options.ackTimeoutMs, timer.signal).then(
					(): typeof TIMED_OUT => TIMED_OUT,
					(): typeof TIMED_OUT => TIMED_OUT,
				),
			]);
			if (result === TIMED_OUT) {
				throw new AiBotOutcomeUnknownError(cmd, `no answer within ${this.options.ackTimeoutMs} ms`);
			}
			return result;
		} finally {
			timer.abort();
			this.stopController.signal.removeEventListener('abort', stopTimer);
			if (this.pending.get(reqId)?.cmd === cmd) this.pending.delete(reqId);
		}
	}

	private receive(text: string): void {
		const frame = parseFrame(text);
		if (frame === undefined) return;
		if (frame.kind === 'ack') {
			const waiter = this.pending.get(frame.reqId);
			if (waiter === undefined) return;
			this.pending.delete(frame.reqId);
			waiter.resolve(frame);
			return;
		}
		if (frame.cmd === 'aibot_event_callback' && eventTypeOf(frame.body) === 'disconnected_event') {
			// WeCom closes this socket next; close it ourselves too, so nothing else is sent on it.
			this.kickedInSession = true;
			this.socket?.close(1000, 'taken over');
			return;
		}
		this.options.onCallback(frame);
	}

	/** Heartbeat until the socket of this session closes. */
	private async serveSession(): Promise<SessionEnd> {
		const closed = this.sessionClosed;
		const heartbeat = new AbortController();
		const beating = this.heartbeat(heartbeat.signal);
		const end = await closed;
		heartbeat.abort();
		await beating;
		return end;
	}

	private async heartbeat(signal: AbortSignal): Promise<void> {
		let missed = 0;
		const socket = this.socket;
		while (!signal.aborted && !this.stopped) {
			if (!(await this.pause(this.options.heartbeatMs, signal))) return;
			if (this.socket !== socket || socket === undefined) return;
			const reqId = newReqId('ping');
			try {
				await this.exchange('ping', reqId, pingFrame(reqId));
				missed = 0;
			} catch (error) {
				if (error instanceof AiBotNotConnectedError) return;
				missed += 1;
				if (missed >= MAX_MISSED_PINGS) {
					socket.close(4000, 'heartbeat not answered');
					return;
				}
			}
		}
	}

	/** Waits, unless stop() or the given signal comes first. False when interrupted. */
	private async pause(ms: number, extra?: AbortSignal): Promise<boolean> {
		const controller = new AbortController();
		const abort = () => controller.abort();
		const signals = [this.stopController.signal, ...(extra ? [extra] : [])];
		if (signals.some((signal) => signal.aborted)) return false;
		for (const signal of signals) signal.addEventListener('abort', abort, { once: true });
		try {
			await sleep(ms, controller.signal);
			return true;
		} catch {
			return false;
		} finally {
			for (const signal of signals) signal.removeEventListener('abort', abort);
		}
	}

	private failPending(why: string): void {
		for (const [reqId, waiter] of this.pending) {
			this.pending.delete(reqId);
			waiter.reject(new AiBotOutcomeUnknownError(waiter.cmd, why));
		}
	}

	private kickedError(): AiBotConnectionError {
		return new AiBotConnectionError(
			'kicked',
			`Another connection took over AI bot ${this.options.botId} (WeCom sent disconnected_event)`,
			'WeCom keeps one live long connection per bot, and a new subscribe disconnects the old one. Something outside this n8n process subscribed with the same Bot ID: another n8n (or another main instance), a second workflow on another server, WeCom’s SDK or OpenClaw. Stop the other client, then publish this workflow again. n8n does not reconnect by itself here, because reconnecting would disconnect the other client in turn.',
		);
	}

	private gaveUpError(cause: string): AiBotConnectionError {
		return new AiBotConnectionError(
			'gaveUp',
			`Could not reconnect to the AI bot's long connection (${cause})`,
			`Check that this n8n can reach ${this.options.url} (outbound WebSocket, port 443).`,
		);
	}
}
