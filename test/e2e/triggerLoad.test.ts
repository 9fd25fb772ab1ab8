/**
 * The WeCom Trigger in real n8n while other programs keep the CPU busy: 2, then 8 busy
 * processes, each in its own session (so each competes with n8n like a separate program).
 * 150 callbacks are delivered the way WeCom delivers them (5 s timeout, up to 3 re-sends 5 s
 * apart); every one of them must run exactly once. The workflow replies to each message with
 * its MsgId, so the sandbox sees every run.
 */
import { SANDBOX_CALLBACK } from '../../scripts/sandbox-credentials';
import { startStack, triggerUrl } from './support/stack';
import type { Stack } from './support/stack';
import { startBusyLoad } from './support/busyLoad';
import { burstCallbacks, burstWorkflowFile, duplicatesIn, report, settleReplies } from './support/triggerBurst';
import { deliverAsWeCom, summarize } from './support/wecomDelivery';

const WORKFLOW = 'e2eTriggerLoad01';
const CALLBACKS = 150;
const CONCURRENCY = 10;
/** The busy processes stop by themselves after this long, whatever happens to the test. */
const LOAD_MAX_MS = 300_000;

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({ workflows: [burstWorkflowFile(WORKFLOW)] });
});

afterAll(async () => await stack?.close());

describe.each([2, 8])('%i busy processes', (busy) => {
	test(`each of ${CALLBACKS} callbacks runs exactly once`, async () => {
		const callbacks = burstCallbacks(`${Date.now()}${busy}`, CALLBACKS);
		const logStart = stack.sandbox.requests.length;
		const load = startBusyLoad(busy, LOAD_MAX_MS);
		const started = Date.now();
		let records;
		try {
			records = await deliverAsWeCom({ url: triggerUrl(stack, WORKFLOW), app: SANDBOX_CALLBACK, callbacks, concurrency: CONCURRENCY });
		} finally {
			load.stop();
		}
		const deliveredIn = Date.now() - started;
		const wanted = new Set(callbacks.map((callback) => callback.msgId));
		const replies = await settleReplies(stack.sandbox, logStart, wanted, { timeoutMs: 120_000, quietMs: 2_000 });
		const summary = summarize(records);
		const neverRan = [...wanted].filter((msgId) => !replies.includes(msgId));
		report(
			`[load ${busy}] delivered in ${Math.round(deliveredIn / 1000)} s; answers by status ${JSON.stringify(summary.statuses)} (not 200: ${JSON.stringify(summary.refusals)}); ${summary.resends} re-sends; ${replies.length} runs, ${neverRan.length} never ran, ${duplicatesIn(replies)} duplicates; ${summary.neverAnswered.length} never answered 200`,
		);
		expect(neverRan).toEqual([]);
		expect(duplicatesIn(replies)).toBe(0);
	}, 480_000);
});
