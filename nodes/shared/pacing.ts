import { sleep } from 'n8n-workflow';

/*
 * Pacing for WeCom's key-only webhooks, which count what arrives in a rolling window: a group bot
 * takes at most 20 messages a minute (the 21st gets 45009), a smart sheet webhook 3,000 rows a
 * minute (45033 beyond). A request weighs 1 (a message) or its row count (a batch of rows).
 * Items run concurrently, so each (execution, bot or sheet) gets a lane that
 *  - hands out turns in the order items ask for them (items enter the node's request hook one
 *    after the other, in item order, so messages reach the group in item order), and
 *  - before each request waits until its weight fits under `limit` among what finished in the
 *    last window.
 *
 * Times are taken when a request *finished* (the response arrived, so WeCom received it before
 * then) and compared with when the next one *starts*: however long each request spends on the
 * way, the bot never sees more than `limit` arrivals inside one window.
 *
 * The clock is Date.now() and waiting is n8n's `sleep`, the real behaviour. Tests do not need a
 * fake clock: the window length is a node option (Rate Window, default 60 s, meant for private
 * deployments with other limits), so a test runs 45 items against a sandbox whose own rolling
 * window is set to the same one second and checks the sandbox's arrival times. A fake clock would
 * need a test-only hook in shipped code; a shorter real window tests the very code that ships.
 * Nothing in this file exists only for tests.
 */

/** Room left between windows, for clocks and counters on WeCom's side that differ from ours. */
function safetyMarginMs(windowMs: number): number {
	return Math.min(1000, Math.ceil(windowMs / 50));
}

export interface Turn {
	/** Resolves when every earlier turn in the lane has been released. */
	ready: Promise<void>;
	/** Must be called exactly once, also when the item fails. */
	release: () => void;
}

export class BotLane {
	private tail: Promise<void> = Promise.resolve();

	private readonly finishedAt: number[] = [];

	private openTurns = 0;

	lastActivity = Date.now();

	get isIdle(): boolean {
		return this.openTurns === 0;
	}

	reserveTurn(): Turn {
		let release: () => void = () => {};
		const done = new Promise<void>((resolve) => {
			release = resolve;
		});
		const ready = this.tail;
		this.tail = ready.then(async () => await done);
		this.openTurns++;
		let released = false;
		return {
			ready,
			release: () => {
				if (released) return;
				released = true;
				this.openTurns--;
				this.lastActivity = Date.now();
				release();
			},
		};
	}

	/**
	 * Waits until a request of `weight` (1 message, or n rows) fits: what finished within the last
	 * `windowMs` plus `weight` is at most `limit`. A weight over the limit waits for an empty window.
	 */
	async waitForRoom(limit: number, windowMs: number, weight = 1): Promise<void> {
		const needed = Math.min(Math.max(1, weight), limit);
		for (;;) {
			const now = Date.now();
			while (this.finishedAt.length > 0 && this.finishedAt[0] <= now - windowMs) {
				this.finishedAt.shift();
			}
			if (this.finishedAt.length + needed <= limit) return;
			// Once this entry leaves the window, exactly `limit - needed` remain.
			const mustExpire = this.finishedAt[this.finishedAt.length + needed - limit - 1];
			await sleep(mustExpire + windowMs - now + safetyMarginMs(windowMs));
		}
	}

	/** Notes a request that reached WeCom (or may have): its weight counts against the window. */
	recordFinished(weight = 1): void {
		const now = Date.now();
		for (let count = 0; count < weight; count++) this.finishedAt.push(now);
		this.lastActivity = now;
	}
}

const lanes = new Map<string, BotLane>();

/** Lanes of finished executions are dropped once idle for this long. */
const IDLE_LANE_TTL_MS = 15 * 60 * 1000;

/** The lane of one bot or sheet (credential) within one execution. */
export function laneFor(executionId: string, botId: string): BotLane {
	const now = Date.now();
	for (const [key, lane] of lanes) {
		if (lane.isIdle && now - lane.lastActivity > IDLE_LANE_TTL_MS) lanes.delete(key);
	}
	const key = `${executionId}\u0000${botId}`;
	let lane = lanes.get(key);
	if (!lane) {
		lane = new BotLane();
		lanes.set(key, lane);
	}
	return lane;
}
