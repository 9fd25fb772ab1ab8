// @ts-check
/**
 * Every errcode the sandbox can answer with: the keys of its errmsg table (sandbox/errors.js) and
 * every code its routes pass to weComError(). The sandbox answers as WeCom does for the endpoints
 * the package's operations use, so these are the errcodes those operations can meet.
 */
const fs = require('node:fs');
const path = require('node:path');

const { ERRMSG } = require('../../sandbox/errors');

const SANDBOX = path.join(__dirname, '..', '..', 'sandbox');

/** @param {string} directory @returns {string[]} */
function sourceFiles(directory) {
	return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.js') ? [full] : [];
	});
}

/** @returns {number[]} */
function sandboxErrcodes() {
	const codes = new Set(Object.keys(ERRMSG).map(Number));
	for (const file of sourceFiles(SANDBOX)) {
		for (const match of fs.readFileSync(file, 'utf8').matchAll(/weComError\((-?\d+)/g)) codes.add(Number(match[1]));
	}
	return [...codes].sort((a, b) => a - b);
}

module.exports = { sandboxErrcodes };
