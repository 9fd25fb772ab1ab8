/**
 * At most `max` tasks run at once; the others wait their turn in arrival order. A finishing task
 * hands its slot straight to the next waiting one, so the count never goes above `max`.
 */
export class ConcurrencyLimit {
	private running = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(private readonly max: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.running < this.max) {
			this.running++;
		} else {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		try {
			return await task();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.running--;
		}
	}
}
