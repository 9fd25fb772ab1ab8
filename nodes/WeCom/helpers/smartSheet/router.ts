import { getFields, getManyRecords } from './read';
import { addRecords, deleteRecords, updateRecords, upsertRecords } from './write';

/*
 * The Smart Sheet operations that run as code (customOperations of the weCom node), like
 * Airtable v2's router: each runs once over all input items, so rows of many items share calls
 * (writes in batches of 500) and fields are read once per sheet. Create and Get Sheets are
 * declarative.
 */
export const smartSheetOperations = {
	getFields,
	getManyRecords,
	addRecords,
	updateRecords,
	upsertRecords,
	deleteRecords,
};
