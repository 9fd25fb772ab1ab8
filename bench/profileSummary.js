// @ts-check
/**
 * `node bench/profileSummary.js FILE.cpuprofile [--top N] [--match TEXT]`: where a V8 CPU profile
 * (from `node --cpu-prof`, e.g. `node bench/sends.js --profile DIR`) spent its time: self time per
 * function and per package, and with --match the inclusive time of the functions whose name or
 * file contains TEXT (their own time plus everything they called); with --callers TEXT, the time of
 * the samples under a function matching TEXT, by the nearest node package frame above it (which
 * node asked for that work: ours, or n8n-nodes-base such as HTTP Request); --skip TEXT looks past
 * such frames (a shared helper) to the one that called them.
 */
const fs = require('node:fs');

/**
 * @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[], startTime: number, endTime: number }} Profile
 */

/** @param {string} url */
function packageOf(url) {
	const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.replace(/\\/g, '/'));
	if (match) return match[1].includes('wecom-suite') ? 'n8n-nodes-wecom-suite' : match[1];
	if (url.includes('wecom-suite') || url.includes('/dist/nodes/')) return 'n8n-nodes-wecom-suite';
	if (url.startsWith('node:') || url === '') return url === '' ? '(native / GC / idle)' : 'node internals';
	return url;
}

/** @param {ProfileNode} node */
function labelOf(node) {
	const { functionName, url, lineNumber } = node.callFrame;
	const file = url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '');
	return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

function main() {
	const file = process.argv[2];
	if (!file) throw new Error('usage: node bench/profileSummary.js FILE.cpuprofile [--top N] [--match TEXT]');
	const topIndex = process.argv.indexOf('--top');
	const top = topIndex === -1 ? 30 : Number(process.argv[topIndex + 1]);
	const matches = process.argv.flatMap((argument, index) => (process.argv[index - 1] === '--match' ? [argument] : []));
	const callers = process.argv.flatMap((argument, index) => (process.argv[index - 1] === '--callers' ? [argument] : []));
	/** Node-package frames to look past in --callers (e.g. a shared helper, to see who called it). */
	const skips = process.argv.flatMap((argument, index) => (process.argv[index - 1] === '--skip' ? [argument] : []));
	/** @type {Profile} */
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	/** @type {Map<number, number>} microseconds of samples whose top frame is the node */
	const self = new Map();
	profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	/** @type {Map<number, number>} */
	const parentOf = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	const total = [...self.values()].reduce((sum, value) => sum + value, 0);
	const idle = [...self.entries()].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((sum, [, value]) => sum + value, 0);
	const busy = total - idle;
	/** @param {Map<string, number>} map @param {string} key @param {number} value */
	const add = (map, key, value) => map.set(key, (map.get(key) ?? 0) + value);
	/** @type {Map<string, number>} */
	const byFunction = new Map();
	/** @type {Map<string, number>} */
	const byPackage = new Map();
	for (const [id, time] of self) {
		const node = byId.get(id);
		if (!node || node.callFrame.functionName === '(idle)') continue;
		add(byFunction, labelOf(node), time);
		add(byPackage, packageOf(node.callFrame.url), time);
	}
	const msOf = (/** @type {number} */ us) => `${(us / 1000).toFixed(1)} ms`;
	const share = (/** @type {number} */ us) => `${((100 * us) / busy).toFixed(1)} %`;
	process.stdout.write(`${file}\nbusy ${msOf(busy)} of ${msOf(total)} sampled\n\nSelf time by package:\n`);
	for (const [name, time] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) process.stdout.write(`  ${share(time).padStart(7)}  ${msOf(time).padStart(10)}  ${name}\n`);
	process.stdout.write(`\nSelf time by function (top ${top}):\n`);
	for (const [name, time] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${share(time).padStart(7)}  ${msOf(time).padStart(10)}  ${name}\n`);
	for (const text of matches) {
		/** @type {Map<string, number>} inclusive time, each sample counted once per label */
		const inclusive = new Map();
		for (const [id, time] of self) {
			const seen = new Set();
			for (let current = id; current !== undefined; current = /** @type {number} */ (parentOf.get(current))) {
				const node = byId.get(current);
				if (!node) break;
				const label = labelOf(node);
				if (!seen.has(label) && label.includes(text)) {
					seen.add(label);
					add(inclusive, label, time);
				}
			}
		}
		process.stdout.write(`\nInclusive time of functions matching "${text}":\n`);
		for (const [name, time] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${share(time).padStart(7)}  ${msOf(time).padStart(10)}  ${name}\n`);
	}
	for (const text of callers) {
		/** @type {Map<string, number>} */
		const byCaller = new Map();
		for (const [id, time] of self) {
			let inside = false;
			let caller = '(no node package above it)';
			for (let current = id; current !== undefined; current = /** @type {number} */ (parentOf.get(current))) {
				const node = byId.get(current);
				if (!node) break;
				if (!inside) {
					inside = labelOf(node).includes(text);
					continue;
				}
				const owner = packageOf(node.callFrame.url);
				if ((owner === 'n8n-nodes-wecom-suite' || owner === 'n8n-nodes-base') && !skips.some((skip) => labelOf(node).includes(skip))) {
					caller = labelOf(node);
					break;
				}
			}
			if (inside) add(byCaller, caller, time);
		}
		process.stdout.write(`\nTime under "${text}", by the nearest node-package frame above it:\n`);
		for (const [name, time] of [...byCaller].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${share(time).padStart(7)}  ${msOf(time).padStart(10)}  ${name}\n`);
	}
}

main();
