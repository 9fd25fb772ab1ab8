// @ts-check
/** Small statistics and formatting helpers for the benchmark report. */

/**
 * @param {number[]} values
 * @returns {number} the median (mean of the two middle values for an even count); NaN when empty
 */
function median(values) {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Nearest-rank percentile: the smallest value with at least p % of the values at or below it.
 * @param {number[]} values
 * @param {number} p 0..100
 */
function percentile(values, p) {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[Math.min(rank, sorted.length) - 1];
}

/** @param {number[]} values */
function range(values) {
	return values.length === 0 ? [Number.NaN, Number.NaN] : [Math.min(...values), Math.max(...values)];
}

/**
 * @param {number} value
 * @param {number} [digits]
 */
function fixed(value, digits = 2) {
	return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** @param {number} ms */
function ms(ms) {
	if (!Number.isFinite(ms)) return 'n/a';
	return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** @param {number} value */
function count(value) {
	return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

/** @param {number} bytes */
function megabytes(bytes) {
	return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

module.exports = { median, percentile, range, fixed, ms, count, megabytes };
