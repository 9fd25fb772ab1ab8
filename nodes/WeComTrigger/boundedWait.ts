import { sleep } from 'n8n-workflow';

/** How often a bounded wait looks whether the promise settled. */
const STEP_MS = 25;

export type Bounded<T> = { settled: true; value: T } | { settled: false };

/**
 * Waits for `promise` at most `timeoutMs`. It looks in small steps, so no timer outlives the
 * wait by more than a step (n8n's sleep cannot be cancelled, and nodes may not use timers).
 * A rejection of `promise` rejects the wait.
 */
export async function settledWithin<T>(promise: Promise<T>, timeoutMs: number): Promise<Bounded<T>> {
	let outcome: { value: T } | { error: unknown } | undefined;
	promise.then(
		(value) => (outcome = { value }),
		(error: unknown) => (outcome = { error }),
	);
	const deadline = Date.now() + timeoutMs;
	// One turn of the event loop first: an already settled promise needs no sleep.
	await Promise.resolve();
	while (outcome === undefined && Date.now() < deadline) {
		await sleep(Math.min(STEP_MS, Math.max(1, deadline - Date.now())));
	}
	if (outcome === undefined) return { settled: false };
	if ('error' in outcome) throw outcome.error;
	return { settled: true, value: outcome.value };
}
