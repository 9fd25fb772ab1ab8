/**
 * The package in n8n's queue mode, as companies run it when one process is not enough: n8n 2.41.1
 * as a main process, workers and two webhook processes on Redis and PostgreSQL, the package
 * installed as a community package in each, WeCom played by the sandbox. The tests run in order
 * on one stack and print the figures at the end (see support/queueSuite.js for how each is
 * measured).
 */
import {
	N8N_SHUTDOWN_LIMIT_S,
	gettokenPerExpiry,
	printFigures,
	retriesAcrossProcesses,
	round,
	startSuiteStack,
	stopWebhooks,
	triggerBurst,
	webhookNodeBurst,
} from './support/queueSuite';
import type { QueueStack } from '../../scripts/queue-stack';

/** Bounded for CI's time: see the README's "Queue mode" section for the measured duration. */
const BURST_CALLBACKS = 500;
/** n8n's Webhook node needs fewer calls for its p50/p99 at the same concurrency. */
const WEBHOOK_NODE_CALLS = 200;
const TOKEN_SHAPE = { expiries: 3, parallel: 8, messages: 3 };
const RETRIED_CALLBACKS = 4;

let stack: QueueStack | undefined;
const figures: Array<[string, string]> = [];

function running(): QueueStack {
	if (!stack) throw new Error('the queue-mode stack did not start');
	return stack;
}

beforeAll(async () => {
	stack = await startSuiteStack();
});

afterAll(async () => {
	await stack?.close();
	printFigures(figures);
});

describe('tokens: shared through n8n’s credential store, at most one gettoken per worker at an expiry', () => {
	it.each([2, 4])('with %i workers', async (workers) => {
		const queue = running();
		if (queue.workers.length < workers) await queue.addWorkers(workers - queue.workers.length);
		const { perExpiry, executionsPerWorker } = await gettokenPerExpiry(queue, TOKEN_SHAPE);
		figures.push([
			`gettoken per expiry, ${workers} workers`,
			`${perExpiry.join(', ')} (${TOKEN_SHAPE.expiries} expiries; ${TOKEN_SHAPE.parallel} parallel executions × ${TOKEN_SHAPE.messages} messages each; executions per worker ${executionsPerWorker.join('/')})`,
		]);
		// Each expiry needs a new token; more than one per worker would mean a process refreshed twice.
		for (const calls of perExpiry) {
			expect(calls).toBeGreaterThanOrEqual(1);
			expect(calls).toBeLessThanOrEqual(workers);
		}
	});
});

describe('WeCom’s retries reaching the other webhook process run the workflow once', () => {
	it.each(['alternating', 'simultaneous'] as const)('%s retries', async (pattern) => {
		const result = await retriesAcrossProcesses(running(), { pattern, callbacks: RETRIED_CALLBACKS });
		figures.push([
			`${pattern} retries (3 deliveries: webhook 1, 2, 1)`,
			`${result.executionsPerCallback.toFixed(2)} executions per callback; effects downstream per callback ${result.effectsPerCallback.join(', ')}`,
		]);
		expect(result.non200).toBe(0);
		expect(result.effectsPerCallback).toEqual(Array.from({ length: RETRIED_CALLBACKS }, () => 1));
	});
});

describe(`a burst of ${BURST_CALLBACKS} callbacks through both webhook processes`, () => {
	it('loses no callback it answered 200 and runs none twice; answer times against n8n’s Webhook node', async () => {
		const queue = running();
		const webhookNode = await webhookNodeBurst(queue, WEBHOOK_NODE_CALLS);
		const trigger = await triggerBurst(queue, BURST_CALLBACKS);
		figures.push(
			[
				`lost callbacks in a ${BURST_CALLBACKS}-callback burst`,
				`${trigger.lost} never ran (after WeCom's re-sends; of them answered 200: ${trigger.silentlyLost}); duplicates ${trigger.duplicates}; first tries without a 200 within 5 s: ${trigger.firstNon200}, re-sends to the other process: ${trigger.resends}, never answered 200: ${trigger.undelivered}`,
			],
			[
				'trigger answer p50 / p99 (first tries)',
				`${round(trigger.p50)} / ${round(trigger.p99)} ms; n8n's Webhook node ${round(webhookNode.p50)} / ${round(webhookNode.p99)} ms (${WEBHOOK_NODE_CALLS} calls; ${(trigger.p50 / webhookNode.p50).toFixed(1)}× / ${(trigger.p99 / webhookNode.p99).toFixed(1)}×; its first tries without a 200: ${webhookNode.firstNon200})`,
			],
		);
		// Nothing answered 200 is lost, and nothing runs twice, however the answers go. Whether every
		// callback gets its 200 in time is the answer path's goal (issue 19): reported, not asserted.
		expect(trigger.silentlyLost).toBe(0);
		expect(trigger.duplicates).toBe(0);
	}, 600000);

	it(`after it, the webhook processes stop within n8n's ${N8N_SHUTDOWN_LIMIT_S} s limit (with N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED)`, async () => {
		const [withSetting, withoutSetting] = await stopWebhooks(running());
		figures.push([
			'shutdown after the burst',
			`${(withSetting.ms / 1000).toFixed(1)} s with N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED=1000; ${(withoutSetting.ms / 1000).toFixed(1)} s without (n8n's default)`,
		]);
		expect(withSetting.killed).toBe(false);
		expect(withSetting.ms).toBeLessThan(N8N_SHUTDOWN_LIMIT_S * 1000);
	});
});

/*
 * MARKED PLACE for the features other issues are building now. Each becomes a test on this stack:
 *  - Send and Wait: the execution waits, the member answers through a webhook process, and the
 *    execution resumes on a worker (n8n's waiting-webhook path in queue mode).
 *  - AI bot long connection: the socket lives in the main process; the workflow's reply is sent
 *    from a worker and must travel back to that socket.
 */
describe('features still being built (issues in progress)', () => {
	it.todo('Send and Wait: an answer through a webhook process resumes the execution on a worker');
	it.todo('AI-bot long connection: a reply sent from a worker reaches the main process’s socket');
});
