/*
 * What can go wrong on the long connection, as error classes callers can tell apart. Messages
 * never contain the secret: WeCom's errmsg is kept, the subscribe body never is.
 */

/** Why the connection gave up for good. */
export type ConnectionStopReason =
	/** WeCom sent disconnected_event: another client subscribed with the same bot ID. */
	| 'kicked'
	/** aibot_subscribe was refused: wrong Bot ID or Secret, or long connection not enabled. */
	| 'auth'
	/** The endpoint stayed unreachable for the whole reconnect budget. */
	| 'gaveUp'
	/** This Node has no global WebSocket client. */
	| 'unsupported';

export class AiBotConnectionError extends Error {
	constructor(
		readonly reason: ConnectionStopReason,
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'AiBotConnectionError';
	}
}

/** WeCom answered one of our commands with a non-zero errcode: it did not act on it. */
export class AiBotCommandError extends Error {
	constructor(
		readonly cmd: string,
		readonly errcode: number,
		readonly errmsg: string,
	) {
		super(`WeCom refused ${cmd}: ${errcode} ${errmsg}`.trim());
		this.name = 'AiBotCommandError';
	}
}

/**
 * The frame was written but no answer came (timeout, or the connection closed first). WeCom may
 * or may not have acted on it, so it is never re-sent.
 */
export class AiBotOutcomeUnknownError extends Error {
	constructor(readonly cmd: string, why: string) {
		super(`WeCom did not confirm ${cmd} (${why}); it may or may not have been delivered`);
		this.name = 'AiBotOutcomeUnknownError';
	}
}

/** The frame was not written at all: no live connection. Safe to send again later. */
export class AiBotNotConnectedError extends Error {
	constructor(readonly cmd: string) {
		super(`No live long connection to send ${cmd} on; nothing was sent`);
		this.name = 'AiBotNotConnectedError';
	}
}

export function isAiBotCommandError(error: unknown, ...errcodes: number[]): error is AiBotCommandError {
	return error instanceof AiBotCommandError && (errcodes.length === 0 || errcodes.includes(error.errcode));
}
