// @ts-check
/**
 * Figure 6: User → List IDs with Return All (user/list_id, Contacts Sync secret) over a directory
 * of 25,000 users, with page sizes 1,000 and 10,000, in real n8n.
 */
const { callWebhook, nextExecution, nodeRun } = require('../lib/stack');
const { NODE_NAMES, listIdsWorkflow } = require('../lib/workflows');
const { count, fixed, median, ms } = require('../lib/stats');
const { seedUsers } = require('../../sandbox/seed');

const DIRECTORY_USERS = 25000;
/** Generated members on top of the seeded ones, so the directory holds exactly 25,000 users. */
const GENERATED_MEMBERS = DIRECTORY_USERS - seedUsers().length;

const PAGE_SIZES = [1000, 10000];
/** @param {number} pageSize */
const workflowFor = (pageSize) => ({ id: `benchListIdsP${String(pageSize / 1000).padStart(2, '0')}k`, path: `bench-list-ids-${pageSize}` });

function pagingWorkflows() {
	return PAGE_SIZES.map((pageSize) => listIdsWorkflow(workflowFor(pageSize).id, workflowFor(pageSize).path, pageSize));
}

/**
 * @typedef {import('../lib/stack').Stack} Stack
 * @typedef {import('../lib/report').Section} Section
 * @typedef {import('../lib/report').Figure} Figure
 */

/**
 * @param {Stack} stack
 * @param {{ runs: number, latencyMs: number, log: (line: string) => void }} settings
 * @returns {Promise<Section>}
 */
async function directoryPaging(stack, settings) {
	const { sandbox } = stack;
	const users = sandbox.users.size;
	const rows = [...sandbox.users.values()].reduce((sum, user) => sum + user.department.length, 0);
	/** @type {Map<number, Set<string>>} */
	const seen = new Map();
	for (const pageSize of PAGE_SIZES) {
		const existing = await stack.n8n.executions(workflowFor(pageSize).id);
		seen.set(pageSize, new Set(existing.map((execution) => String(execution.id))));
	}
	/** @type {Map<number, Array<{ ms: number, requests: number, rows: number }>>} */
	const results = new Map(PAGE_SIZES.map((size) => [size, []]));
	// One unmeasured run each: the Contacts Sync credential fetches its token in the first one.
	for (let index = -1; index < settings.runs; index++) {
		for (const pageSize of PAGE_SIZES) {
			const before = sandbox.countOf('/cgi-bin/user/list_id');
			const answer = await callWebhook(stack, workflowFor(pageSize).path, {});
			if (answer.status !== 200) throw new Error(`list IDs answered ${answer.status}: ${answer.text.slice(0, 300)}`);
			const execution = await nextExecution(stack, workflowFor(pageSize).id, seen.get(pageSize) ?? new Set());
			const node = nodeRun(execution, NODE_NAMES.listIds);
			if (index < 0) continue;
			const run = { ms: node.executionTime, requests: sandbox.countOf('/cgi-bin/user/list_id') - before, rows: node.items.length };
			results.get(pageSize)?.push(run);
			settings.log(`  paging, page size ${count(pageSize)}, run ${index + 1}/${settings.runs}: ${run.requests} requests, ${ms(run.ms)}, ${count(run.rows)} rows`);
		}
	}
	/** @type {Figure[]} */
	const figures = [];
	const perThousand = (/** @type {number} */ pageSize) => median((results.get(pageSize) ?? []).map((run) => run.ms)) / (users / 1000);
	const requestsOf = (/** @type {number} */ pageSize) => Math.max(...(results.get(pageSize) ?? []).map((run) => run.requests));
	const rowsOf = (/** @type {number} */ pageSize) => Math.min(...(results.get(pageSize) ?? []).map((run) => run.rows));
	for (const pageSize of PAGE_SIZES) {
		const workload = `Return All over ${count(users)} users (${count(rows)} user×department rows), page size ${count(pageSize)}`;
		figures.push(
			{
				id: `6${pageSize === PAGE_SIZES[0] ? 'a' : 'c'}`,
				name: 'requests made',
				workload,
				ours: count(requestsOf(pageSize)),
				alternative: '',
				ratio: '',
				runs: 'count',
				goal: `${Math.ceil(rows / pageSize)} (one per page)`,
				verdict: requestsOf(pageSize) === Math.ceil(rows / pageSize) && rowsOf(pageSize) === rows ? 'met' : 'missed',
			},
			{
				id: `6${pageSize === PAGE_SIZES[0] ? 'b' : 'd'}`,
				name: 'time per 1,000 users',
				workload,
				ours: ms(perThousand(pageSize)),
				alternative: '',
				ratio: '',
				runs: `median of ${settings.runs} run${settings.runs === 1 ? '' : 's'}`,
				goal: '',
				verdict: '',
			},
		);
	}
	return {
		title: '6. Directory paging',
		figures,
		notes: [
			`Time is n8n's executionTime of the WeCom node (all pages, ${count(rows)} output items) divided by ${fixed(users / 1000, 0)}. Page size ${count(PAGE_SIZES[1])} is ${fixed(perThousand(PAGE_SIZES[0]) / perThousand(PAGE_SIZES[1]))}× as fast as ${count(PAGE_SIZES[0])} here; the sandbox answers each request after a fixed ${settings.latencyMs} ms, so fewer round trips is most of the difference.`,
			'The figure has no alternative: n8n has no built-in way to page user/list_id. The "goal" column is only the expected request count, not an issue goal.',
		],
	};
}

module.exports = { GENERATED_MEMBERS, DIRECTORY_USERS, pagingWorkflows, directoryPaging };
