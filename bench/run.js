// @ts-check
/**
 * `npm run bench` (full) and `npm run bench -- --quick`: measures the package against what users
 * would pick instead, side by side in one run, and prints a table of the figures. The full run
 * writes bench/RESULTS.md; the quick run (CI's proof that the bench still runs) writes
 * bench/out/RESULTS-quick.md, so it never replaces the full results. `--out FILE` overrides both.
 *
 * Uses the BUILT package (dist/), real n8n 2.41.1 under Node 24 (installed once into .cache/ by
 * scripts/n8n-runtime.js) and the WeCom sandbox. Exits non-zero only when it cannot run or a
 * count-type goal is broken (gettoken calls, executions started, lost callbacks); never on a time.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ensureRuntime, N8N_VERSION } = require('../scripts/n8n-runtime');
const { brokenCountGoals, markdown, table } = require('./lib/report');
const { OUT_DIR, startBenchStack } = require('./lib/stack');
const { sendWorkflows, throughput, tokenEconomy } = require('./sections/sends');
const { GENERATED_MEMBERS, directoryPaging, pagingWorkflows } = require('./sections/paging');
const { N8N_SETTINGS, measureOnOwnN8n, measureTriggerBursts, probeEnv, probeFileIn, targetOf, triggerSection, triggerWorkflows } = require('./sections/trigger');
const { mediaMemory } = require('./sections/media');
const { queueTriggerBurst } = require('./sections/queueTrigger');
const { callbackCodec } = require('./sections/codec');
const { aiBotFirstFrame, aiBotWorkflows } = require('./sections/aiBot');
const { longMessageSplitting } = require('./sections/split');
const { smartSheetWorkflows, smartSheetWrites } = require('./sections/smartSheet');

/** The sandbox answers every call after this fixed delay, so times mean something. */
const LATENCY_MS = 20;

/**
 * @typedef {import('./lib/report').Section} Section
 *
 * @typedef {object} Plan how much each section does
 * @property {string} mode
 * @property {{ items: number, executions: number }} tokens
 * @property {{ items: number, runs: number, limitedRuns: number, moreRuns: number }} throughput
 * @property {{ runs: number }} paging
 * @property {{ callbacks: number, concurrency: number, loads: number[] }} trigger
 * @property {{ callbacks: number, settings: string[] }} queue the trigger in queue mode, per n8n setting
 * @property {{ runs: number }} media
 * @property {{ callbacks: number, runs: number }} codec
 * @property {{ messages: number }} aiBot
 * @property {{ runs: number }} split
 * @property {{ rows: number, runs: number }} smartSheet
 */

/** @type {Plan} */
const FULL = {
	mode: 'full',
	tokens: { items: 1000, executions: 5 },
	throughput: { items: 1000, runs: 5, limitedRuns: 5, moreRuns: 5 },
	paging: { runs: 5 },
	trigger: { callbacks: 150, concurrency: 10, loads: [0, 2, 8] },
	queue: { callbacks: 500, settings: ['defaults', 'lazy'] },
	media: { runs: 5 },
	codec: { callbacks: 10000, runs: 15 },
	aiBot: { messages: 50 },
	split: { runs: 5 },
	smartSheet: { rows: 5000, runs: 3 },
};

/**
 * Quick: the count-type goals keep their shape (5 executions for the gettoken count; a burst of
 * distinct callbacks plus retries, each of which must start exactly one execution) so CI still
 * checks them; items, runs, callbacks and the bursts are cut to about 5 minutes on 2 cores.
 * @type {Plan}
 */
const QUICK = {
	mode: 'quick',
	tokens: { items: 200, executions: 5 },
	throughput: { items: 200, runs: 3, limitedRuns: 1, moreRuns: 1 },
	paging: { runs: 1 },
	trigger: { callbacks: 60, concurrency: 5, loads: [0] },
	queue: { callbacks: 200, settings: ['lazy'] },
	media: { runs: 2 },
	codec: { callbacks: 2000, runs: 9 },
	aiBot: { messages: 20 },
	split: { runs: 3 },
	smartSheet: { rows: 1000, runs: 1 },
};

/** @param {string[]} argv */
function parseArguments(argv) {
	const quick = argv.includes('--quick');
	const outIndex = argv.indexOf('--out');
	const out =
		outIndex !== -1 && argv[outIndex + 1]
			? path.resolve(argv[outIndex + 1])
			: quick
				? path.join(OUT_DIR, 'RESULTS-quick.md')
				: path.join(__dirname, 'RESULTS.md');
	return { quick, out };
}

/** @param {number} started */
function elapsed(started) {
	const seconds = Math.round((Date.now() - started) / 1000);
	return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** @param {string} line */
function log(line) {
	process.stderr.write(`${line}\n`);
}

async function main() {
	const { quick, out } = parseArguments(process.argv.slice(2));
	const plan = quick ? QUICK : FULL;
	const started = Date.now();
	const loadBefore = os.loadavg();
	log(`[bench] ${plan.mode} run; results go to ${path.relative(process.cwd(), out) || out}`);
	if (!fs.existsSync(path.join(__dirname, '..', 'dist', 'nodes', 'WeCom', 'WeCom.node.js'))) {
		throw new Error('the package is not built: run npm run build (npm run bench does it for you)');
	}
	const runtime = await ensureRuntime({ log });
	fs.mkdirSync(OUT_DIR, { recursive: true });

	/** @type {Section[]} */
	const sections = [];
	log('[bench] starting the sandbox and n8n; measuring media memory meanwhile (memory, not time, so the load does not matter)');
	const probeFile = probeFileIn(OUT_DIR);
	const stackStarting = startBenchStack({
		sandbox: { latencyMs: LATENCY_MS, generatedMembers: GENERATED_MEMBERS },
		// figure 4's first setting (n8n's default, set explicitly so the caller's shell cannot change it)
		env: { ...probeEnv(probeFile), ...N8N_SETTINGS[0].env },
		build: (sandboxUrl) => [...sendWorkflows(sandboxUrl, LATENCY_MS), ...pagingWorkflows(), ...triggerWorkflows(), ...aiBotWorkflows(), ...smartSheetWorkflows(sandboxUrl)],
	});
	// A failed start must not leave an unhandled rejection while the media run is going on.
	stackStarting.catch(() => undefined);
	/** @type {Section} */
	let media;
	try {
		media = await mediaMemory({ runs: plan.media.runs, latencyMs: LATENCY_MS, log });
	} catch (error) {
		await (await stackStarting.catch(() => undefined))?.close();
		throw error;
	}
	const stack = await stackStarting;
	/** @type {import('./sections/trigger').TriggerMeasurement[]} */
	const triggerMeasurements = [];
	log(`[bench] n8n ${runtime.version} is up at ${stack.n8n.url} (${elapsed(started)})`);
	try {
		log('[bench] 1. token economy');
		sections.push(await tokenEconomy(stack, { log, ...plan.tokens }));
		log('[bench] 2. throughput');
		sections.push(await throughput(stack, { log, latencyMs: LATENCY_MS, ...plan.throughput }));
		log('[bench] 6. directory paging');
		const paging = await directoryPaging(stack, { runs: plan.paging.runs, latencyMs: LATENCY_MS, log });
		log(`[bench] 4. trigger under a burst, ${N8N_SETTINGS[0].label}`);
		triggerMeasurements.push(await measureTriggerBursts(targetOf(stack, probeFile), { log, ...plan.trigger, setting: N8N_SETTINGS[0] }));
		log('[bench] 7. AI bot: time to the first visible frame');
		const aiBot = await aiBotFirstFrame(stack, { log, ...plan.aiBot });
		log('[bench] 8. smart sheet writes');
		const sheets = await smartSheetWrites(stack, { log, latencyMs: LATENCY_MS, ...plan.smartSheet });
		sections.push(media, paging, aiBot, sheets);
	} finally {
		await stack.close();
	}
	for (const setting of N8N_SETTINGS.slice(1)) {
		log(`[bench] 4. trigger under a burst, ${setting.label} (an n8n of its own)`);
		triggerMeasurements.push(await measureOnOwnN8n(setting, { log, ...plan.trigger, latencyMs: LATENCY_MS, outDir: OUT_DIR }));
	}
	log('[bench] 9. trigger under a burst in queue mode');
	const queue = await queueTriggerBurst({ log, ...plan.queue });
	sections.splice(2, 0, triggerSection(triggerMeasurements, plan.trigger), queue);
	log('[bench] 3. callback codec (n8n stopped, so the machine is quiet)');
	sections.splice(2, 0, await callbackCodec({ log, ...plan.codec }));
	log('[bench] 7. long-message splitting');
	sections.push(await longMessageSplitting({ log, ...plan.split }));

	const loadAfter = os.loadavg();
	const cpus = os.cpus();
	const duration = elapsed(started);
	const machine = [
		`Run: ${new Date().toISOString()}, ${plan.mode} (\`npm run bench${quick ? ' -- --quick' : ''}\`), ${duration} including n8n's start`,
		`Machine: ${cpus.length} cores (${cpus[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 1024 ** 3)} GiB memory, ${os.type()} ${os.release()}`,
		`Load average (1 min) at start / end: ${loadBefore[0].toFixed(2)} / ${loadAfter[0].toFixed(2)} — the machine is shared, so other processes may have used the CPU during the run`,
		`n8n ${N8N_VERSION} on Node ${runtime.nodeVersion} (default settings: regular mode, SQLite, "vm" expression engine; figure 4 also on an n8n with lazy expression isolates, figure 9 in queue mode); bench harness, sandbox and in-process runs on Node ${process.version.replace(/^v/, '')}`,
		`WeCom sandbox (sandbox/server.js) on loopback, answering every API call after a fixed ${LATENCY_MS} ms`,
	];
	const method = [
		'Same engine: ours and the alternative run in the same real n8n process, one after the other (alternating where times are compared), started by Webhook triggers; node times are n8n\'s own executionTime from the saved executions, read through n8n\'s REST API. Media memory runs the weCom node in-process through n8n-core in a fresh process per run; the codec runs in a child process of its own.',
		'The alternative is what users build without this package: HTTP Request fetching a token (gettoken) at the start of each execution, Edit Fields + Split Out for the messages, and HTTP Request sending each message with the token in the query.',
		'"Runs" says where a figure comes from: a count, or the median of that many runs. No absolute time is a goal; the bench never fails on a time. It exits non-zero only when a count-type goal is missed (gettoken calls, executions started, lost callbacks).',
		...(quick
			? ['QUICK run: 200 items per execution instead of 1,000, the trigger burst quiet only (60 callbacks; the full run adds 2 and 8 busy processes), the queue-mode burst with lazy isolates only (200 callbacks, not 500 on both settings), 2,000 callbacks in the codec, and fewer runs (some figures from 1–3 runs): a check that the bench runs and that the count goals hold, not figures to quote. `npm run bench` gives the full figures.']
			: []),
	];
	const report = { title: 'n8n-nodes-wecom-suite benchmarks', machine, method, sections, footer: ['Generated by `npm run bench` (bench/run.js). Workflows used: bench/out/workflows/.'] };
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, markdown(report));
	process.stdout.write(`\n${table(sections)}\n\n`);
	for (const line of machine) process.stdout.write(`${line}\n`);
	process.stdout.write(`\nFull report: ${path.relative(process.cwd(), out) || out}\n`);

	const broken = brokenCountGoals(sections);
	if (broken.length > 0) {
		process.stdout.write(`\nCount-type goal(s) missed: ${broken.map((figure) => `${figure.id} ${figure.name} (${figure.ours}; goal ${figure.goal})`).join('; ')}\n`);
		process.exitCode = 1;
	}
}

main().catch((error) => {
	process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
