// @ts-check
/**
 * `npm run build && node bench/smartSheet.js [--rows N] [--runs N]`: figure 8 of the bench alone
 * (smart sheet rows per second, our node beside HTTP Request in one real n8n), for when only the
 * smart sheet code changed. `npm run bench` measures it with everything else.
 */
const { startBenchStack } = require('./lib/stack');
const { table } = require('./lib/report');
const { smartSheetWorkflows, smartSheetWrites } = require('./sections/smartSheet');

const LATENCY_MS = 20;

/** @param {string} name @param {number} fallback */
function numberArgument(name, fallback) {
	const index = process.argv.indexOf(name);
	const value = index === -1 ? Number.NaN : Number(process.argv[index + 1]);
	return Number.isInteger(value) && value > 0 ? value : fallback;
}

async function main() {
	const rows = numberArgument('--rows', 5000);
	const runs = numberArgument('--runs', 3);
	const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);
	log(`[bench] smart sheet writes: ${rows} rows, ${runs} runs; starting the sandbox and n8n`);
	const stack = await startBenchStack({ sandbox: { latencyMs: LATENCY_MS }, build: (sandboxUrl) => smartSheetWorkflows(sandboxUrl) });
	try {
		const section = await smartSheetWrites(stack, { rows, runs, latencyMs: LATENCY_MS, log });
		process.stdout.write(`\n${table([section])}\n\n${section.notes?.join('\n') ?? ''}\n`);
	} finally {
		await stack.close();
	}
}

main().catch((error) => {
	process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
