import { sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { dedupKeyOf } from './dedup';

/*
 * The second guard against WeCom's retries, for n8n instances with several webhook processes
 * (queue mode). The first guard (dedup.ts) lives in the memory of the process that received the
 * callback, so a retry that reaches another webhook process starts a second execution. This
 * guard runs in that execution, on the worker, before any node after the trigger: it records the
 * callback's dedup key in n8n's database (the store of the Remove Duplicates node, "processed
 * data", per trigger node), and a key seen before ends the execution at the trigger, with no
 * output.
 *
 * n8n's store reads the node's list of keys and writes it back whole, with no lock, so two
 * executions recording at the same moment could both read "not seen". Only its first write of a
 * row is atomic (a primary-key insert). The guard therefore serialises its own check with a
 * short-lived lock row: the workflow-scope row of processed data, inserted to take the lock and
 * deleted to release it. A lock left by a crashed worker is broken after LOCK_WAIT_MS.
 *
 * Manual executions (Listen for Test Event) are not checked: a builder re-sending a test event
 * expects it to run.
 */

/** Callbacks remembered per trigger node: WeCom retries within about 20 s of the first try. */
export const SEEN_KEYS_KEPT = 1000;
/** How long an execution waits for the lock before it breaks it (a worker died holding it). */
export const LOCK_WAIT_MS = 10_000;
const LOCK_KEY = 'wecom-trigger-dedup-lock';
/** Waits between tries double from the first to the last, with jitter, so waiters do not flood the database. */
const LOCK_RETRY_FIRST_MS = 10;
const LOCK_RETRY_LAST_MS = 200;

/** The key the trigger put on the item (dedupKey), or one computed the same way from the item. */
export function executionDedupKey(item: INodeExecutionData): string {
	const json = item.json;
	if (typeof json.dedupKey === 'string' && json.dedupKey !== '') return json.dedupKey;
	// computed from the message alone, as handleWebhook does (rawXml is an option's extra)
	const message: IDataObject = { ...json };
	delete message.rawXml;
	return dedupKeyOf(message);
}

/** True when this execution took the lock (it inserted the lock row); false when another holds it. */
async function tryLock(context: IExecuteFunctions): Promise<boolean> {
	try {
		const result = await context.helpers.checkProcessedAndRecord([LOCK_KEY], 'workflow', { mode: 'entries' });
		return result.new.length === 1;
	} catch {
		// Another execution inserted the lock row at the same moment (primary-key conflict).
		return false;
	}
}

async function unlock(context: IExecuteFunctions): Promise<void> {
	await context.helpers.clearAllProcessedItems('workflow', { mode: 'entries' });
}

async function withLock<T>(context: IExecuteFunctions, run: () => Promise<T>): Promise<T> {
	const deadline = Date.now() + LOCK_WAIT_MS;
	let locked = await tryLock(context);
	let wait = LOCK_RETRY_FIRST_MS;
	while (!locked && Date.now() < deadline) {
		await sleep(wait / 2 + Math.random() * wait);
		wait = Math.min(wait * 2, LOCK_RETRY_LAST_MS);
		locked = await tryLock(context);
	}
	if (!locked) {
		await unlock(context);
		locked = await tryLock(context);
	}
	try {
		return await run();
	} finally {
		if (locked) await unlock(context);
	}
}

/**
 * Whether this execution is the first for its callback: records the key in n8n's database and
 * returns false when it was already there.
 */
export async function firstExecutionFor(context: IExecuteFunctions, key: string): Promise<boolean> {
	const result = await withLock(context, async () =>
		await context.helpers.checkProcessedAndRecord([key], 'node', { mode: 'entries', maxEntries: SEEN_KEYS_KEPT }),
	);
	return result.processed.length === 0;
}

/**
 * The trigger's part of an execution: passes the callback on, unless another execution already
 * took it (a retry that reached another webhook process). Such a duplicate ends here with no
 * output; in the Respond to Webhook mode it answers WeCom's retry with an empty 200 first.
 */
export async function passFirstExecution(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (this.getMode() === 'manual' || items.length === 0) return [items];
	if (await firstExecutionFor(this, executionDedupKey(items[0]))) return [items];
	if (this.getNodeParameter('respond', 0, 'immediately') === 'responseNode') {
		await this.sendResponse({ body: '', headers: {}, statusCode: 200 });
	}
	return [[]];
}
