/**
 * WeCom takes at most 500 rows per add_records, update_records, delete_records and sheet webhook
 * call (docs 99909, 99914, 101240; "advised" for writes, a must for deletes): every write is cut
 * into batches of this size, so 10,000 rows are 20 calls.
 */
export const MAX_ROWS_PER_CALL = 500;

/** get_records returns at most 1000 records per call (doc 100230). */
export const MAX_RECORDS_PER_PAGE = 1000;

/** Consecutive slices of at most `size` entries. */
export function inBatches<T>(list: T[], size = MAX_ROWS_PER_CALL): T[][] {
	const batches: T[][] = [];
	for (let start = 0; start < list.length; start += size) batches.push(list.slice(start, start + size));
	return batches;
}
