// @ts-check
/**
 * `npm run build && node bench/smartSheet.js [--rows N] [--runs N]`: figure 8 of the bench alone
 * (smart sheet rows per second, our node beside HTTP Request in one real n8n), for when only the
 * smart sheet code changed. `npm run bench` measures it with everything else.
 */
const { log, numberArgument, runSectionAlone } = require('./lib/alone');
const { smartSheetWorkflows, smartSheetWrites } = require('./sections/smartSheet');

const rows = numberArgument('--rows', 5000);
const runs = numberArgument('--runs', 3);
runSectionAlone({
	what: `smart sheet writes: ${rows} rows, ${runs} runs`,
	build: (sandboxUrl) => smartSheetWorkflows(sandboxUrl),
	measure: async (stack, latencyMs) => await smartSheetWrites(stack, { rows, runs, latencyMs, log }),
});
