// @ts-check
/** The benchmark's result table and report (printed and written as Markdown). */

/**
 * @typedef {'met' | 'missed' | ''} Verdict
 *
 * @typedef {object} Figure one row of the table
 * @property {string} id e.g. "2a"
 * @property {string} name what is measured
 * @property {string} workload what ran
 * @property {string} ours the figure for this package
 * @property {string} alternative the same figure for what users would pick instead ('' when none)
 * @property {string} ratio ours / alternative ('' when there is no alternative)
 * @property {string} runs "median of 5 runs", "count", ...
 * @property {string} goal the goal for this figure ('' when it has none)
 * @property {Verdict} verdict
 * @property {boolean} [countGoal] a count-type goal: missing it fails the run
 *
 * @typedef {object} Section
 * @property {string} title
 * @property {Figure[]} figures
 * @property {string[]} notes how it was measured, and why a missed goal was missed
 */

/**
 * @param {boolean} met
 * @returns {Verdict}
 */
function verdict(met) {
	return met ? 'met' : 'missed';
}

/** @param {string} text */
function cell(text) {
	return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * @param {Section[]} sections
 * @returns {string} a Markdown table of every figure
 */
function table(sections) {
	const head = '| # | Figure | Workload | Ours | Alternative | Ratio ours/alt. | Runs | Goal | Goal met |';
	const rule = '|---|---|---|---|---|---|---|---|---|';
	const rows = sections.flatMap((section) =>
		section.figures.map((figure) =>
			`| ${[figure.id, figure.name, figure.workload, figure.ours, figure.alternative || '—', figure.ratio || '—', figure.runs, figure.goal || '—', figure.verdict === '' ? '—' : figure.verdict === 'met' ? 'yes' : '**no**'].map(cell).join(' | ')} |`,
		),
	);
	return [head, rule, ...rows].join('\n');
}

/**
 * @param {{ title: string, machine: string[], method: string[], sections: Section[], footer: string[] }} report
 */
function markdown(report) {
	const lines = [`# ${report.title}`, '', ...report.machine.map((line) => `- ${line}`), '', '## Results', '', table(report.sections), ''];
	lines.push('## How it was measured', '', ...report.method.map((line) => `- ${line}`), '');
	for (const section of report.sections) {
		if (section.notes.length === 0) continue;
		lines.push(`### ${section.title}`, '', ...section.notes.map((note) => `- ${note}`), '');
	}
	lines.push(...report.footer, '');
	return lines.join('\n');
}

/** @param {Section[]} sections */
function brokenCountGoals(sections) {
	return sections.flatMap((section) => section.figures).filter((figure) => figure.countGoal === true && figure.verdict === 'missed');
}

module.exports = { verdict, table, markdown, brokenCountGoals };
