/**
 * n8n stopped (SIGTERM, as a deploy or restart does) in the middle of a burst of callbacks, then
 * started again: every callback WeCom holds a 200 for has an execution afterwards. The callbacks
 * are delivered the way WeCom delivers them (5 s timeout, up to 3 re-sends 5 s apart).
 */
import { SANDBOX_CALLBACK } from '../../scripts/sandbox-credentials';
import { E2E_OWNER, startStack, triggerUrl } from './support/stack';
import type { Stack } from './support/stack';
import { burstCallbacks, burstWorkflowFile, duplicatesIn, report, executedMsgIds } from './support/triggerBurst';
import { deliverAsWeCom, summarize } from './support/wecomDelivery';

const WORKFLOW = 'e2eTrigRestart01';
const CALLBACKS = 60;
const STOP_AFTER_ANSWERS = 20;
/** On a busy machine answers may take WeCom's whole 5 s: then stop after this many deliveries. */
const STOP_AFTER_DELIVERIES = 30;

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({ workflows: [burstWorkflowFile(WORKFLOW)] });
});

afterAll(async () => await stack?.close());

test(`n8n stopped after the ${STOP_AFTER_ANSWERS}th 200 (or ${STOP_AFTER_DELIVERIES}th delivery) of ${CALLBACKS} callbacks and restarted: every callback answered 200 has an execution`, async () => {
	const callbacks = burstCallbacks(`${Date.now()}`, CALLBACKS);
	let answered = 0;
	let deliveries = 0;
	let restarted: Promise<void> | undefined;
	const restart = async () => {
		// the same port: WeCom keeps calling the URL it was given
		stack.n8n.requestedPort = stack.n8n.port;
		// as a deploy does: SIGTERM, and n8n's own graceful shutdown (30 s) before any SIGKILL
		stack.n8n.stopTimeoutMs = 45_000;
		await stack.n8n.stop();
		await stack.n8n.start();
		await stack.n8n.signIn(E2E_OWNER);
	};
	const url = triggerUrl(stack, WORKFLOW);
	const records = await deliverAsWeCom({
		url,
		app: SANDBOX_CALLBACK,
		callbacks,
		concurrency: 5,
		onAnswer: (_record, attempt) => {
			deliveries++;
			if (attempt.status === 200) answered++;
			const due = answered >= STOP_AFTER_ANSWERS || deliveries >= STOP_AFTER_DELIVERIES;
			if (due && restarted === undefined) restarted = restart();
		},
	});
	await restarted;

	const summary = summarize(records);
	const answeredIds = records.filter((record) => record.answered).map((record) => record.msgId);
	const executed = await executedMsgIds(stack, WORKFLOW);
	const missing = answeredIds.filter((msgId) => !executed.includes(msgId));
	report(
		`[restart] answers by status ${JSON.stringify(summary.statuses)} (not 200: ${JSON.stringify(summary.refusals)}); ${answeredIds.length} answered 200, ${executed.length} executions, ${missing.length} answered but not executed, ${summary.neverAnswered.length} never answered (WeCom gave up while n8n was down), ${duplicatesIn(executed)} duplicates`,
	);
	expect(restarted).toBeDefined();
	expect(answeredIds.length).toBeGreaterThan(0);
	expect(missing).toEqual([]);
});
