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
import { burstCallbacks, burstWorkflowFile, report, runBurst } from './support/triggerBurst';

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
		const burst = await runBurst({
			sandbox: stack.sandbox,
			url: triggerUrl(stack, WORKFLOW),
			app: SANDBOX_CALLBACK,
			callbacks: burstCallbacks(`${Date.now()}${busy}`, CALLBACKS),
			concurrency: CONCURRENCY,
			busy,
			loadMaxMs: LOAD_MAX_MS,
			settle: { timeoutMs: 120_000, quietMs: 2_000 },
		});
		const { summary, replies, neverRan } = burst;
		report(
			`[load ${busy}] delivered in ${Math.round(burst.deliveredMs / 1000)} s; answers by status ${JSON.stringify(summary.statuses)} (not 200: ${JSON.stringify(summary.refusals)}); ${summary.resends} re-sends; ${replies.length} runs, ${neverRan.length} never ran, ${burst.duplicates} duplicates; ${summary.neverAnswered.length} never answered 200`,
		);
		expect(neverRan).toEqual([]);
		expect(burst.duplicates).toBe(0);
	}, 480_000);
});
