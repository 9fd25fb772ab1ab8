import { sleep } from 'n8n-workflow';
import type { DeduplicationHelperFunctions, DeduplicationScope } from 'n8n-workflow';

/*
 * A lock held across n8n processes (queue-mode workers), built on n8n's own store of processed
 * data (the Remove Duplicates node's "across executions" store in n8n's database). That store
 * reads a list of keys and writes it back whole, with no lock, so only its first write of a row is
 * atomic (a primary-key insert). The lock is one row, the workflow's or the node's (the scope):
 * inserted to take the lock (a second insert at the same moment fails), deleted to release it. A
 * lock left by a crashed worker is broken after LOCK_WAIT_MS. The row must be one nothing else
 * uses: releasing the lock deletes it.
 *
 * Users: the WeCom Trigger's retry guard (the workflow's row: the node's holds its callback keys)
 * and the transport's token refresh (the row of the WeCom node that refreshes).
 */

/** What the lock needs of a node's context: n8n's processed-data helpers (IExecuteFunctions has them). */
export type LockContext = {
	helpers: Pick<DeduplicationHelperFunctions, 'checkProcessedAndRecord' | 'clearAllProcessedItems' | 'getProcessedDataCount'>;
};

/** How long a caller waits for the lock before it breaks it (a worker died holding it). */
export const LOCK_WAIT_MS = 10_000;
/** Named after its first user; kept, so a lock row an older version left behind is still recognised. */
const LOCK_KEY = 'wecom-trigger-dedup-lock';
/** Waits between tries double from the first to the last, with jitter, so waiters do not flood the database. */
const LOCK_RETRY_FIRST_MS = 10;
const LOCK_RETRY_LAST_MS = 200;

/** Whether a context offers n8n's processed-data helpers (executions do; webhooks and list searches do not). */
export function canLock(context: object): context is LockContext {
	if (!('helpers' in context) || typeof context.helpers !== 'object' || context.helpers === null) return false;
	const helpers = context.helpers;
	return (
		'checkProcessedAndRecord' in helpers &&
		typeof helpers.checkProcessedAndRecord === 'function' &&
		'clearAllProcessedItems' in helpers &&
		typeof helpers.clearAllProcessedItems === 'function' &&
		'getProcessedDataCount' in helpers &&
		typeof helpers.getProcessedDataCount === 'function'
	);
}

/**
 * locked: this caller inserted the lock row; busy: another holds it; unavailable: n8n has no
 * processed-data store here (e.g. an execution outside n8n's server), so there is nothing to lock.
 */
type Attempt = 'locked' | 'busy' | 'unavailable';

async function tryLock(context: LockContext, scope: DeduplicationScope): Promise<Attempt> {
	try {
		const result = await context.helpers.checkProcessedAndRecord([LOCK_KEY], scope, { mode: 'entries' });
		return result.new.length === 1 ? 'locked' : 'busy';
	} catch {
		// Another caller inserted the lock row at the same moment (a primary-key conflict), unless
		// the store does not answer at all.
		try {
			await context.helpers.getProcessedDataCount(scope, { mode: 'entries' });
			return 'busy';
		} catch {
			return 'unavailable';
		}
	}
}

async function unlock(context: LockContext, scope: DeduplicationScope): Promise<void> {
	await context.helpers.clearAllProcessedItems(scope, { mode: 'entries' });
}

/**
 * Callers in this process take turns, first come first served, before they ask the database, so
 * one of them at a time waits for the lock row. Polled by every waiter, the row starved some of
 * them past LOCK_WAIT_MS under a burst, and a broken lock can lose a write.
 */
const turns = new Map<DeduplicationScope, Promise<void>>();

async function inTurn<T>(scope: DeduplicationScope, run: () => Promise<T>): Promise<T> {
	const previous = turns.get(scope) ?? Promise.resolve();
	let finish = (): void => undefined;
	const mine = new Promise<void>((resolve) => (finish = resolve));
	const queue = previous.then(async () => await mine);
	turns.set(scope, queue);
	await previous;
	try {
		return await run();
	} finally {
		finish();
		if (turns.get(scope) === queue) turns.delete(scope);
	}
}

/**
 * Runs `run` while holding the lock row of `scope` (the workflow's or the node's); waits for it
 * (bounded by LOCK_WAIT_MS, then breaks it). Callers in one process wait their turn first. Without
 * a processed-data store `run` runs unlocked: there is no other process to exclude.
 */
export async function withProcessedDataLock<T>(
	context: LockContext,
	scope: DeduplicationScope,
	run: () => Promise<T>,
): Promise<T> {
	return await inTurn(scope, async () => await lockedRun(context, scope, run));
}

async function lockedRun<T>(context: LockContext, scope: DeduplicationScope, run: () => Promise<T>): Promise<T> {
	const deadline = Date.now() + LOCK_WAIT_MS;
	let attempt = await tryLock(context, scope);
	let wait = LOCK_RETRY_FIRST_MS;
	while (attempt === 'busy' && Date.now() < deadline) {
		await sleep(wait / 2 + Math.random() * wait);
		wait = Math.min(wait * 2, LOCK_RETRY_LAST_MS);
		attempt = await tryLock(context, scope);
	}
	if (attempt === 'busy') {
		await unlock(context, scope);
		attempt = await tryLock(context, scope);
	}
	try {
		return await run();
	} finally {
		if (attempt === 'locked') await unlock(context, scope);
	}
}
