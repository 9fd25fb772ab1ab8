// @ts-check
/**
 * Figure 8: rows per second written to a smart sheet (wedoc/smartsheet/add_records) by the weCom
 * node's Smart Sheet → Add Records, beside n8n's HTTP Request node making the same calls, in the
 * same real n8n, alternating, against the sandbox:
 *  - "HTTP Request, same calls": rows already shaped into WeCom's cells and grouped 500 per call
 *    by the caller (the bench does it for free, outside n8n), one gettoken, one HTTP Request item
 *    per call — the calls our node makes, without its column mapping;
 *  - "HTTP Request, a call per row": what users build from one item per row, the cells shaped by
 *    an expression, one add_records per row.
 */
const { callWebhook, nextExecution, nodeRun } = require('../lib/stack');
const { NODE_NAMES, apiCredential, httpTokenNode, node, splitOutNode, stableId, webhookNode, workflow } = require('../lib/workflows');
const { count, fixed, median, ms } = require('../lib/stats');
const { SUPPORT_DOC_ID, TICKETS_SHEET_ID } = require('../../sandbox/routes/smartSheets');

const WORKFLOWS = {
	ours: { id: 'benchSheetOurs01', path: 'bench-sheet-ours', writer: 'WeCom add records' },
	httpBatched: { id: 'benchSheetHttpB1', path: 'bench-sheet-http-batched', writer: 'HTTP add records' },
	httpPerRow: { id: 'benchSheetHttpR1', path: 'bench-sheet-http-per-row', writer: 'HTTP add records' },
};
const ROWS_PER_CALL = 500;
/**
 * The per-row alternative writes at most this many rows: HTTP Request starts a request for every
 * item at once, and 5,000 at once broke the n8n under test on a 2-core machine.
 */
const PER_ROW_ROWS = 1000;

/** @param {string} id @param {string} field @param {number} column */
function listNode(id, field, column) {
	return node(
		id,
		'List',
		'n8n-nodes-base.set',
		3.4,
		{
			mode: 'manual',
			assignments: { assignments: [{ id: stableId(`${id}/list`), name: 'list', value: `={{ $('Webhook').first().json.body.${field} }}`, type: 'array' }] },
			options: {},
		},
		column,
	);
}

/** @param {string} id @param {string} sandboxUrl @param {string} body */
function httpAddNode(id, sandboxUrl, body) {
	return node(
		id,
		WORKFLOWS.httpBatched.writer,
		'n8n-nodes-base.httpRequest',
		4.2,
		{
			method: 'POST',
			url: `${sandboxUrl}/cgi-bin/wedoc/smartsheet/add_records`,
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'access_token', value: `={{ $('${NODE_NAMES.httpToken}').first().json.access_token }}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: body,
			options: {},
		},
		4,
	);
}

/** @param {string} sandboxUrl */
function smartSheetWorkflows(sandboxUrl) {
	const ours = WORKFLOWS.ours;
	const add = node(
		ours.id,
		ours.writer,
		'n8n-nodes-wecom-suite.weCom',
		1,
		{
			resource: 'smartSheet',
			operation: 'addRecords',
			docId: SUPPORT_DOC_ID,
			sheetId: { __rl: true, mode: 'id', value: TICKETS_SHEET_ID },
			columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] },
		},
		2,
	);
	add.credentials = apiCredential('app');
	const target = `docid: '${SUPPORT_DOC_ID}', sheet_id: '${TICKETS_SHEET_ID}'`;
	const batched = WORKFLOWS.httpBatched;
	const perRow = WORKFLOWS.httpPerRow;
	return [
		workflow(ours.id, `Bench: ${ours.path}`, [webhookNode(ours.id, ours.path), splitOutNode(ours.id, 'body.rows', 1), add]),
		workflow(batched.id, `Bench: ${batched.path}`, [
			webhookNode(batched.id, batched.path),
			httpTokenNode(batched.id, sandboxUrl),
			listNode(batched.id, 'batches', 2),
			splitOutNode(batched.id, 'list', 3),
			httpAddNode(batched.id, sandboxUrl, `={{ { ${target}, records: $json.records } }}`),
		]),
		workflow(perRow.id, `Bench: ${perRow.path}`, [
			webhookNode(perRow.id, perRow.path),
			httpTokenNode(perRow.id, sandboxUrl),
			listNode(perRow.id, 'rows', 2),
			splitOutNode(perRow.id, 'list', 3),
			httpAddNode(
				perRow.id,
				sandboxUrl,
				`={{ { ${target}, records: [{ values: { Title: [{ type: 'text', text: $json.Title }], Customer: [{ type: 'text', text: $json.Customer }], Resolved: $json.Resolved } }] } }}`,
			),
		]),
	];
}

/** @param {number} size @param {string} tag */
function rowsOf(size, tag) {
	return Array.from({ length: size }, (_, index) => ({ Title: `Bench ${tag} ${index + 1}`, Customer: `Customer ${index % 50}`, Resolved: index % 2 === 0 }));
}

/** The same rows in WeCom's cell shape, 500 per add_records call. @param {ReturnType<typeof rowsOf>} rows */
function batchesOf(rows) {
	const batches = [];
	for (let start = 0; start < rows.length; start += ROWS_PER_CALL) {
		batches.push({
			records: rows.slice(start, start + ROWS_PER_CALL).map((row) => ({
				values: { Title: [{ type: 'text', text: row.Title }], Customer: [{ type: 'text', text: row.Customer }], Resolved: row.Resolved },
			})),
		});
	}
	return batches;
}

/**
 * @typedef {import('../lib/stack').Stack} Stack
 * @typedef {import('../lib/report').Section} Section
 */

/**
 * @param {Stack} stack
 * @param {{ rows: number, runs: number, latencyMs: number, log: (line: string) => void }} settings
 * @returns {Promise<Section>}
 */
async function smartSheetWrites(stack, settings) {
	const { sandbox } = stack;
	/** @type {Map<string, Set<string>>} */
	const seen = new Map();
	for (const workflowSpec of Object.values(WORKFLOWS)) {
		seen.set(workflowSpec.id, new Set((await stack.n8n.executions(workflowSpec.id)).map((execution) => String(execution.id))));
	}
	/** @type {Record<keyof typeof WORKFLOWS, Array<{ nodeMs: number, roundTripMs: number, calls: number, rows: number }>>} */
	const results = { ours: [], httpBatched: [], httpPerRow: [] };
	const kinds = /** @type {Array<keyof typeof WORKFLOWS>} */ (Object.keys(WORKFLOWS));
	// One unmeasured run each first: the app credential fetches its token, n8n warms up.
	for (let run = -1; run < settings.runs; run++) {
		for (const kind of run % 2 === 0 ? kinds : [...kinds].reverse()) {
			const spec = WORKFLOWS[kind];
			const rows = rowsOf(run < 0 ? 10 : kind === 'httpPerRow' ? Math.min(settings.rows, PER_ROW_ROWS) : settings.rows, `${kind} ${run}`);
			const body = kind === 'httpBatched' ? { batches: batchesOf(rows) } : { rows };
			const before = sandbox.countOf('/cgi-bin/wedoc/smartsheet/add_records');
			const answer = await callWebhook(stack, spec.path, body);
			if (answer.status !== 200) throw new Error(`${spec.path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
			const execution = await nextExecution(stack, spec.id, seen.get(spec.id) ?? new Set());
			if (execution.status !== 'success') throw new Error(`${spec.path} ended ${execution.status}`);
			if (run < 0) continue;
			const writer = nodeRun(execution, spec.writer);
			const result = { nodeMs: writer.executionTime, roundTripMs: answer.ms, calls: sandbox.countOf('/cgi-bin/wedoc/smartsheet/add_records') - before, rows: rows.length };
			results[kind].push(result);
			settings.log(`  smart sheet, ${kind}, run ${run + 1}/${settings.runs}: ${count(result.rows)} rows in ${result.calls} calls, node ${ms(result.nodeMs)}, round trip ${ms(result.roundTripMs)}`);
		}
	}
	const rowsPerSecond = (/** @type {keyof typeof WORKFLOWS} */ kind) =>
		median(results[kind].map((run) => run.rows / (run.roundTripMs / 1000)));
	const calls = (/** @type {keyof typeof WORKFLOWS} */ kind) => Math.max(...results[kind].map((run) => run.calls));
	const workload = `${count(settings.rows)} rows (text, text, checkbox) into one sheet`;
	const runs = `median of ${settings.runs} run${settings.runs === 1 ? '' : 's'}`;
	const expectedCalls = Math.ceil(settings.rows / ROWS_PER_CALL);
	return {
		title: '8. Smart sheet writes',
		figures: [
			{
				id: '8a',
				name: 'rows per second, vs HTTP Request making the same calls',
				workload,
				ours: `${count(rowsPerSecond('ours'))}/s`,
				alternative: `${count(rowsPerSecond('httpBatched'))}/s`,
				ratio: `${fixed(rowsPerSecond('ours') / rowsPerSecond('httpBatched'))}×`,
				runs,
				goal: 'no worse than HTTP Request',
				verdict: rowsPerSecond('ours') >= rowsPerSecond('httpBatched') * 0.9 ? 'met' : 'missed',
			},
			{
				id: '8b',
				name: 'rows per second, vs HTTP Request with a call per row',
				workload: `${workload}; the alternative ${count(Math.min(settings.rows, PER_ROW_ROWS))} rows`,
				ours: `${count(rowsPerSecond('ours'))}/s`,
				alternative: `${count(rowsPerSecond('httpPerRow'))}/s`,
				ratio: `${fixed(rowsPerSecond('ours') / rowsPerSecond('httpPerRow'))}×`,
				runs,
				goal: '',
				verdict: '',
			},
			{
				id: '8c',
				name: 'add_records calls',
				workload,
				ours: count(calls('ours')),
				alternative: `${count(calls('httpBatched'))} / ${count(calls('httpPerRow'))}`,
				ratio: '',
				runs: 'count',
				goal: `${expectedCalls} (500 rows per call)`,
				verdict: calls('ours') === expectedCalls ? 'met' : 'missed',
			},
		],
		notes: [
			`Rows per second = rows ÷ the webhook round trip of the whole execution (median), so our node's get_fields and the alternatives' gettoken are both counted. Same n8n, alternating order, the sandbox answering every call after ${settings.latencyMs} ms.`,
			'"Same calls" gives HTTP Request the rows already shaped into WeCom cells and grouped 500 per call, work the bench does outside n8n for free; our node maps flat columns by field type itself. The per-row alternative is what a workflow of one item per row builds with HTTP Request.',
		],
	};
}

module.exports = { smartSheetWorkflows, smartSheetWrites };
