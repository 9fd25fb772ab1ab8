// @ts-check
/**
 * `npm run build && node bench/sends.js [--items N] [--runs N] [--limited-runs N] [--more-runs N] [--profile DIR]`:
 * figure 2 of the bench alone (Message → Send, User → Get and Chat → Send beside HTTP Request, plain
 * and inside WeCom's concurrency limit, in one real n8n), for when only the router or the transport
 * changed. `--profile DIR` runs n8n under `node --cpu-prof` and leaves its .cpuprofile files in DIR
 * (`node bench/profileSummary.js FILE` sums them up). `npm run bench` measures the same with
 * everything else.
 */
const fs = require('node:fs');
const path = require('node:path');

const { log, numberArgument, runSectionAlone } = require('./lib/alone');
const { sendWorkflows, throughput } = require('./sections/sends');

const items = numberArgument('--items', 1000);
const runs = numberArgument('--runs', 5);
const limitedRuns = numberArgument('--limited-runs', runs);
/** Runs of User → Get and Chat → Send (the quick bench: 1). */
const moreRuns = numberArgument('--more-runs', runs);
const profileIndex = process.argv.indexOf('--profile');
const profile = profileIndex === -1 ? undefined : path.resolve(process.argv[profileIndex + 1] ?? 'bench/out/profiles');
if (profile) fs.mkdirSync(profile, { recursive: true });

runSectionAlone({
	what: `throughput: ${items} items, ${runs} runs, ${limitedRuns} inside the limit${profile ? `, n8n profiled into ${profile}` : ''}`,
	env: profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profile}` } : {},
	build: sendWorkflows,
	measure: async (stack, latencyMs) => await throughput(stack, { items, runs, limitedRuns, moreRuns, latencyMs, log }),
});
