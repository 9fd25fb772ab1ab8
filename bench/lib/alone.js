// @ts-check
/**
 * Runs one section of the bench on its own real n8n (bench/sends.js, bench/smartSheet.js), for
 * when only the code that section measures changed, and prints its table and notes.
 */
const { startBenchStack } = require('./stack');
const { table } = require('./report');

const LATENCY_MS = 20;

/**
 * A whole-number command-line argument (`--name N`), or `fallback`.
 * @param {string} name
 * @param {number} fallback
 */
function numberArgument(name, fallback) {
	const index = process.argv.indexOf(name);
	const value = index === -1 ? Number.NaN : Number(process.argv[index + 1]);
	return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** @param {string} line */
function log(line) {
	process.stderr.write(`${line}\n`);
}

/**
 * @param {{ what: string, env?: Record<string, string>, build: (sandboxUrl: string, latencyMs: number) => import('./workflows').Workflow[], measure: (stack: import('./stack').Stack, latencyMs: number) => Promise<import('./report').Section> }} section
 */
function runSectionAlone(section) {
	const main = async () => {
		log(`[bench] ${section.what}; starting the sandbox and n8n`);
		const stack = await startBenchStack({ sandbox: { latencyMs: LATENCY_MS }, env: section.env, build: (sandboxUrl) => section.build(sandboxUrl, LATENCY_MS) });
		try {
			const result = await section.measure(stack, LATENCY_MS);
			process.stdout.write(`\n${table([result])}\n\n${result.notes?.join('\n') ?? ''}\n`);
		} finally {
			await stack.close();
		}
	};
	main().catch((error) => {
		process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exitCode = 1;
	});
}

module.exports = { log, numberArgument, runSectionAlone };
