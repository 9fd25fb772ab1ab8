/**
 * The trigger's guard in the execution (executionDedup.ts) against a store that behaves like
 * n8n 2.41's processed-data store (packages/cli/src/deduplication/deduplication-helper.ts): one
 * row per scope, read, then inserted (a primary-key insert that fails when another insert won) or
 * written back whole with no lock, with the database's latency between the read and the write.
 * That store alone lets concurrent executions of the same callback both pass; the guard must not.
 */
import { sleep } from 'n8n-workflow';
import type { DeduplicationItemTypes, DeduplicationScope, ICheckProcessedOptions, IDeduplicationOutput, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { executionDedupKey, firstExecutionFor, passFirstExecution } from '../../nodes/WeComTrigger/executionDedup';
import { dedupKeyOf } from '../../nodes/WeComTrigger/dedup';

class ProcessedDataLikeN8n {
	readonly rows = new Map<DeduplicationScope, string[]>();

	private async databaseLatency(): Promise<void> {
		await sleep(Math.random() * 4);
	}

	async checkProcessedAndRecord(items: DeduplicationItemTypes[], scope: DeduplicationScope, options: ICheckProcessedOptions): Promise<IDeduplicationOutput> {
		const keys = items.map(String);
		const found = this.rows.get(scope);
		const read = found ? [...found] : undefined;
		await this.databaseLatency();
		if (!read) {
			if (this.rows.has(scope)) throw new Error('duplicate key value violates unique constraint "PK_processed_data"');
			this.rows.set(scope, keys);
			return { new: items, processed: [] };
		}
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const [index, key] of keys.entries()) {
			if (read.includes(key)) output.processed.push(items[index]);
			else {
				output.new.push(items[index]);
				read.push(key);
			}
		}
		if (options.maxEntries) read.splice(0, read.length - options.maxEntries);
		await this.databaseLatency();
		// UPDATE … WHERE: changes nothing when the row was deleted meanwhile
		if (this.rows.has(scope)) this.rows.set(scope, read);
		return output;
	}

	async getProcessedDataCount(scope: DeduplicationScope): Promise<number> {
		await this.databaseLatency();
		return this.rows.get(scope)?.length ?? 0;
	}

	async clearAllProcessedItems(scope: DeduplicationScope): Promise<void> {
		await this.databaseLatency();
		this.rows.delete(scope);
	}
}

interface FakeExecution {
	context: IExecuteFunctions;
	responses: unknown[];
}

function execution(store: ProcessedDataLikeN8n, items: INodeExecutionData[], options: { mode?: string; respond?: string } = {}): FakeExecution {
	const responses: unknown[] = [];
	const context = {
		helpers: store,
		getInputData: () => items,
		getMode: () => options.mode ?? 'webhook',
		getNodeParameter: (name: string, _index: number, fallback: unknown) => (name === 'respond' ? (options.respond ?? 'immediately') : fallback),
		sendResponse: async (response: unknown) => {
			responses.push(response);
		},
	} as unknown as IExecuteFunctions;
	return { context, responses };
}

const message = { ToUserName: 'wwcorp', FromUserName: 'lisi', CreateTime: '1700000000', MsgType: 'text', Content: 'hi', MsgId: '7400000000000000001' };

describe('the trigger’s guard in the execution (n8n’s processed-data store)', () => {
	it('lets exactly one of many simultaneous executions of the same callback through', async () => {
		const store = new ProcessedDataLikeN8n();
		const results = await Promise.all(Array.from({ length: 12 }, async () => await firstExecutionFor(execution(store, []).context, 'msg:1')));
		expect(results.filter(Boolean)).toHaveLength(1);
		expect(store.rows.has('workflow')).toBe(false);
	});

	it('loses no key when different callbacks are recorded at the same moment, so each retry later is caught', async () => {
		const store = new ProcessedDataLikeN8n();
		const keys = Array.from({ length: 15 }, (_, index) => `msg:${index}`);
		const first = await Promise.all(keys.map(async (key) => await firstExecutionFor(execution(store, []).context, key)));
		expect(first.every(Boolean)).toBe(true);
		const retries = await Promise.all(keys.map(async (key) => await firstExecutionFor(execution(store, []).context, key)));
		expect(retries.some(Boolean)).toBe(false);
	});

	it('executions in one process take turns for the lock: one attempt each, none polls the row while it waits', async () => {
		// Polled by every waiter, the row starved some past the wait limit under a burst, and a
		// broken lock lost a key (one callback ran twice in the queue-mode suite).
		const store = new ProcessedDataLikeN8n();
		const record = store.checkProcessedAndRecord.bind(store);
		let lockAttempts = 0;
		store.checkProcessedAndRecord = async (items, scope, options) => {
			if (scope === 'workflow') lockAttempts++;
			return await record(items, scope, options);
		};
		const keys = Array.from({ length: 40 }, (_, index) => `msg:turn-${index}`);
		const first = await Promise.all(keys.map(async (key) => await firstExecutionFor(execution(store, []).context, key)));
		expect(first.every(Boolean)).toBe(true);
		expect(lockAttempts).toBe(keys.length);
		expect(store.rows.get('node')).toEqual(keys);
	});

	it('takes over a lock that a crashed worker left behind (after the wait limit)', async () => {
		const store = new ProcessedDataLikeN8n();
		store.rows.set('workflow', ['wecom-trigger-dedup-lock']);
		expect(await firstExecutionFor(execution(store, []).context, 'msg:after-crash')).toBe(true);
	}, 20000);

	it('passes the first execution’s item on and ends a duplicate with no output', async () => {
		const store = new ProcessedDataLikeN8n();
		const items = [{ json: { ...message, dedupKey: dedupKeyOf(message) } }];
		expect(await passFirstExecution.call(execution(store, items).context)).toEqual([items]);
		const duplicate = execution(store, items);
		expect(await passFirstExecution.call(duplicate.context)).toEqual([[]]);
		expect(duplicate.responses).toEqual([]);
	});

	it('answers a duplicate’s HTTP request with an empty 200 in the Respond to Webhook mode', async () => {
		const store = new ProcessedDataLikeN8n();
		const items = [{ json: { ...message } }];
		await passFirstExecution.call(execution(store, items, { respond: 'responseNode' }).context);
		const duplicate = execution(store, items, { respond: 'responseNode' });
		expect(await passFirstExecution.call(duplicate.context)).toEqual([[]]);
		expect(duplicate.responses).toEqual([{ body: '', headers: {}, statusCode: 200 }]);
	});

	it('does not check manual executions (Listen for Test Event): a re-sent test event runs again', async () => {
		const store = new ProcessedDataLikeN8n();
		const items = [{ json: { ...message } }];
		for (let run = 0; run < 2; run++) expect(await passFirstExecution.call(execution(store, items, { mode: 'manual' }).context)).toEqual([items]);
		expect(store.rows.size).toBe(0);
	});

	it('computes the same key as the trigger when the item has none, ignoring Include Raw XML', () => {
		expect(executionDedupKey({ json: { ...message, rawXml: '<xml/>' } })).toBe(dedupKeyOf(message));
		expect(executionDedupKey({ json: { ...message, dedupKey: 'msg:given' } })).toBe('msg:given');
	});
});
