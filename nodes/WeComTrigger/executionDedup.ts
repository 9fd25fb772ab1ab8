import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { withProcessedDataLock } from '../shared/processedDataLock';
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
 * executions recording at the same moment could both read "not seen". The guard therefore
 * serialises its own check with a lock on the workflow's row of that store
 * (shared/processedDataLock.ts).
 *
 * Manual executions (Listen for Test Event) are not checked: a builder re-sending a test event
 * expects it to run.
 */

/** Callbacks remembered per trigger node: WeCom retries within about 20 s of the first try. */
export const SEEN_KEYS_KEPT = 1000;

/** The key the trigger put on the item (dedupKey), or one computed the same way from the item. */
export function executionDedupKey(item: INodeExecutionData): string {
	const json = item.json;
	if (typeof json.dedupKey === 'string' && json.dedupKey !== '') return json.dedupKey;
	// computed from the message alone, as handleWebhook does (rawXml is an option's extra)
	const message: IDataObject = { ...json };
	delete message.rawXml;
	return dedupKeyOf(message);
}

/**
 * Whether this execution is the first for its callback: records the key in n8n's database and
 * returns false when it was already there.
 */
export async function firstExecutionFor(context: IExecuteFunctions, key: string): Promise<boolean> {
	const result = await withProcessedDataLock(context, 'workflow', async () =>
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
