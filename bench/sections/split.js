// @ts-check
/**
 * Figure 7: splitting long messages (Split Long Messages of the Group Bot node and of the WeCom
 * node's Message → Send). One line of 1 MB without a line break, cut into 4,096-byte parts by the
 * BUILT splitter (dist/nodes/shared/splitText.js), against the same splitter on a quarter of it:
 * linear time means 1 MB takes 4× as long as 256 KB, so the ratio is 1.0.
 *
 * Runs in a child process of its own (this file as main), like the codec, so the parent's heap
 * does not disturb it.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');

const { fixed, median, ms, range } = require('../lib/stats');
const { verdict } = require('../lib/report');

const MAX_BYTES = 4096;
const MB = 1024 * 1024;
/** Linear within noise; the old splitter's ratio was about 4 (quadratic). */
const LINEAR_GOAL = 1.5;

/**
 * The lines measured: the case (every piece looks like a link and a tag, so each cut
 * looks far back), and text where most positions need Intl.Segmenter (flags, skin tones, ZWJ).
 */
const LINES = [
	{ id: '7a', unit: '[a>b<c](d)e', label: '`[a>b<c](d)e` repeated' },
	{ id: '7b', unit: '🇨🇳👍🏽👩‍💻中文 a ', label: 'flags, skin tones, ZWJ emoji, CJK and spaces repeated' },
];

/**
 * @typedef {import('../lib/report').Section} Section
 * @typedef {{ id: string, label: string, parts: number, full: number[], quarter: number[] }} LineResult
 */

/**
 * @param {string} unit
 * @param {number} bytes
 */
function lineOf(unit, bytes) {
	return unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit, 'utf8')));
}

/**
 * Runs in the child: checks the parts, then times whole splits, alternating the two sizes.
 * @param {{ runs: number }} options
 * @returns {LineResult[]}
 */
function measure(options) {
	const { splitMessage } = require(path.resolve(__dirname, '..', '..', 'dist', 'nodes', 'shared', 'splitText.js'));
	return LINES.map(({ id, unit, label }) => {
		const full = lineOf(unit, MB);
		const quarter = lineOf(unit, MB / 4);
		/** @type {string[]} */
		const parts = splitMessage(full, MAX_BYTES);
		if (parts.join('') !== full || parts.some((part) => Buffer.byteLength(part, 'utf8') > MAX_BYTES)) {
			throw new Error(`the splitter lost text or made a part over ${MAX_BYTES} bytes (${label})`);
		}
		/** @param {string} text */
		const time = (text) => {
			const started = performance.now();
			splitMessage(text, MAX_BYTES);
			return performance.now() - started;
		};
		// Warm-up on both sizes, so neither timed pass pays for compiling or for growing the heap.
		time(quarter);
		time(full);
		/** @type {number[]} */
		const fullTimes = [];
		/** @type {number[]} */
		const quarterTimes = [];
		for (let run = 0; run < options.runs; run++) {
			quarterTimes.push(time(quarter));
			fullTimes.push(time(full));
		}
		return { id, label, parts: parts.length, full: fullTimes, quarter: quarterTimes };
	});
}

/**
 * @param {{ runs: number, log: (line: string) => void }} settings
 * @returns {Promise<Section>}
 */
async function longMessageSplitting(settings) {
	/** @type {LineResult[]} */
	const results = await new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [__filename, JSON.stringify({ runs: settings.runs })], { stdio: ['ignore', 'pipe', 'inherit'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code !== 0) reject(new Error(`the splitting measurement exited with ${code}`));
			else resolve(JSON.parse(output));
		});
	});
	/** @type {string[]} */
	const notes = [];
	const figures = results.map((result) => {
		const fullMs = median(result.full);
		const quarterMs = median(result.quarter);
		const ratio = fullMs / (4 * quarterMs);
		const [low, high] = range(result.full.map((value, index) => value / (4 * result.quarter[index])));
		settings.log(`  splitting ${result.id}: 1 MB ${ms(fullMs)}, 256 KB ${ms(quarterMs)}`);
		notes.push(`${result.id}: ${result.parts} parts; per-run ratios ${fixed(low)}–${fixed(high)}.`);
		return {
			id: result.id,
			name: 'time to split one 1 MB line',
			workload: `one line of 1 MB without a line break (${result.label}), parts of ${MAX_BYTES.toLocaleString('en-US')} bytes`,
			ours: ms(fullMs),
			alternative: `${ms(4 * quarterMs)} (4 × the same splitter on 256 KB)`,
			ratio: fixed(ratio),
			runs: `median of ${result.full.length} run${result.full.length === 1 ? '' : 's'}`,
			goal: `≤ ${fixed(LINEAR_GOAL, 1)} (linear time)`,
			verdict: verdict(ratio <= LINEAR_GOAL),
		};
	});
	return {
		title: '7. Long-message splitting',
		figures,
		notes: [
			'Ours: dist/nodes/shared/splitText.js splitMessage, which both nodes use for Split Long Messages: cuts after a space where possible, never inside a markdown link or a user-perceived character (Intl.Segmenter), never inside UTF-8; every part is checked to fit and the parts to join back to the line before timing. The "alternative" is the same splitter on a quarter of the line, times four: what linear time predicts. A quadratic splitter gives a ratio near 4 (the splitter before this one took 17.5 s for 400 KB of 7a).',
			...notes,
		],
	};
}

module.exports = { longMessageSplitting };

if (require.main === module) {
	const options = JSON.parse(process.argv[2] ?? '{}');
	process.stdout.write(JSON.stringify(measure({ runs: Number(options.runs) || 5 })));
}
