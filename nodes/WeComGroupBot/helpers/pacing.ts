import { sleep } from 'n8n-workflow';

/*
 * Pacing: WeCom takes at most 20 messages per bot in any rolling minute and answers the 21st with
 * 45009. Declarative items run concurrently, so each (execution, bot) gets a lane that
 *  - hands out turns in the order items ask for them (items enter the node's request hook one
 *    after the other, in item order, so messages reach the group in item order), and
 *  - before each message waits until fewer than `limit` messages finished in the last window.
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

	/** Waits until fewer than `limit` messages finished within the last `windowMs`. */
	async waitForRoom(limit: number, windowMs: number): Promise<void> {
		for (;;) {
			const now = Date.now();
			while (this.finishedAt.length > 0 && this.finishedAt[0] <= now - windowMs) {
				this.finishedAt.shift();
			}
			if (this.finishedAt.length < limit) return;
			const oldestThatCounts = this.finishedAt[this.finishedAt.length - limit];
			await sleep(oldestThatCounts + windowMs - now + safetyMarginMs(windowMs));
		}
	}

	/** Notes a request that reached WeCom (or may have): it counts against the window. */
	recordFinished(): void {
		this.finishedAt.push(Date.now());
		this.lastActivity = Date.now();
	}
}

const lanes = new Map<string, BotLane>();

/** Lanes of finished executions are dropped once idle for this long. */
const IDLE_LANE_TTL_MS = 15 * 60 * 1000;

/** The lane of one bot (credential) within one execution. */
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
