/**
 * Runs one call per key at a time: callers that arrive while a call is in flight share its result.
 * Nothing is kept once the call settles, so this holds no token or other secret between calls;
 * it only stops N parallel items from making N identical requests.
 */
export class SingleFlight<T> {
	private readonly inFlight = new Map<string, Promise<T>>();

	async run(key: string, call: () => Promise<T>): Promise<T> {
		const running = this.inFlight.get(key);
		if (running) return await running;
		const started = call().finally(() => this.inFlight.delete(key));
		this.inFlight.set(key, started);
		return await started;
	}
}
