// @ts-check
/**
 * The README's headings as GitHub anchors, and every link into the README the package ships, for
 * test/unit/docLinks.test.ts. JavaScript because it reads files, which n8n's lint rules forbid in
 * the TypeScript tests.
 */
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const README_URL = 'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite';

/**
 * GitHub's anchor for a heading: lower case, markup and punctuation dropped, spaces to hyphens;
 * a repeated heading gets -1, -2… (github-slugger's rules).
 * @param {string} heading
 */
function slugOf(heading) {
	return heading
		.replace(/`/g, '')
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

/** @returns {Set<string>} every anchor the README's headings make on GitHub */
function readmeAnchors() {
	const text = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').replace(/```[\s\S]*?```/g, '');
	/** @type {Map<string, number>} */
	const seen = new Map();
	const anchors = new Set(['readme']);
	for (const match of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
		const slug = slugOf(match[1]);
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

/**
 * @param {string} folder
 * @returns {string[]}
 */
function filesUnder(folder) {
	return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(folder, entry.name);
		return entry.isDirectory() ? filesUnder(file) : [file];
	});
}

/**
 * Every link to a README heading (…#anchor) written anywhere in the shipped sources (nodes/, credentials/) and
 * package.json, with the file it is in.
 * @returns {Array<{ file: string, url: string }>}
 */
function readmeLinksInSources() {
	const files = [...filesUnder(path.join(REPO_ROOT, 'nodes')), ...filesUnder(path.join(REPO_ROOT, 'credentials')), path.join(REPO_ROOT, 'package.json')];
	const pattern = new RegExp(`${README_URL.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}#[^'"\`\\s)]*`, 'g');
	return files
		.filter((file) => /\.(ts|json)$/.test(file))
		.flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(pattern)].map((match) => ({ file: path.relative(REPO_ROOT, file), url: match[0] })));
}

module.exports = { README_URL, slugOf, readmeAnchors, readmeLinksInSources };
