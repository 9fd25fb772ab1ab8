import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isDataObject } from '../../../shared/dataObject';
import { inBatches } from '../../../shared/smartSheet/batches';
import { toList } from '../../../shared/smartSheet/cellValues';
import { RECORD_ID_COLUMN, mappedValues, matchingColumn } from '../../../shared/smartSheet/mapper';
import { splitIdList } from '../parameters';
import { fetchFields, fetchRecords, smartSheetCall, targetKey } from './api';
import type { SheetTarget } from './api';
import {
	FieldIndex,
	encodeValues,
	flatRecord,
	matchKey,
	storedMatchKey,
	targetOf,
} from './columns';
import { ItemResults, prepareItems, writeInBatches } from '../../../shared/smartSheet/itemRun';

/*
 * Smart Sheet → Add Records, Update Records, Upsert Records and Delete Records. All items are
 * prepared first (columns read, cells encoded, images uploaded): a bad item fails before any row
 * is written. Rows are then grouped by sheet and sent in batches of at most 500 (add_records,
 * update_records, delete_records), so 10,000 items are 20 calls plus one get_fields per sheet.
 * Batches go one after another, in item order, and none is repeated by a retry unless WeCom
 * proves it did not act (the transport's rule for calls with side effects).
 */

class FieldCache {
	private readonly cache = new Map<string, Promise<FieldIndex>>();

	constructor(private readonly context: IExecuteFunctions) {}

	async get(target: SheetTarget, itemIndex: number): Promise<FieldIndex> {
		const key = targetKey(target);
		let fields = this.cache.get(key);
		if (!fields) {
			fields = fetchFields(this.context, target, itemIndex).then((list) => new FieldIndex(list));
			this.cache.set(key, fields);
			// A failed read is not cached: the next item asks again and gets its own error.
			fields.catch(() => this.cache.delete(key));
		}
		return await fields;
	}
}

interface Row {
	itemIndex: number;
	target: SheetTarget;
	fields: FieldIndex;
	cells: IDataObject;
}

/** Rows by sheet, in the order their first item came. */
function bySheet<T extends { target: SheetTarget }>(rows: T[]): T[][] {
	const groups = new Map<string, T[]>();
	for (const row of rows) {
		const key = targetKey(row.target);
		const group = groups.get(key) ?? [];
		group.push(row);
		groups.set(key, group);
	}
	return [...groups.values()];
}

function returnedRecords(answer: IDataObject): IDataObject[] {
	return Array.isArray(answer.records) ? answer.records.filter(isDataObject) : [];
}

function nothingToWrite(context: IExecuteFunctions, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), 'No column has a value for this item', {
		itemIndex,
		description:
			'Map at least one column under Columns, or with "Map Automatically" give the item fields named like the sheet’s columns.',
	});
}

/** Batches of at most 500 rows, each batch within one sheet. */
function sheetBatches<T extends { target: SheetTarget }>(rows: T[]): T[][] {
	return bySheet(rows).flatMap((group) => inBatches(group));
}

/** Sends rows to add_records in batches; each created record goes to its item's output. */
async function addRows(context: IExecuteFunctions, results: ItemResults, rows: Row[], counter: { written: number }): Promise<void> {
	await writeInBatches(
		context,
		results,
		sheetBatches(rows),
		'added',
		async (batch) =>
			await smartSheetCall(
				context,
				'add_records',
				{ ...batch[0].target, records: batch.map((row) => ({ values: row.cells })) },
				batch[0].itemIndex,
			),
		(row, answer, index) => {
			const record = returnedRecords(answer)[index] ?? { record_id: undefined, values: {} };
			results.add(row.itemIndex, flatRecord(record, row.fields, false));
		},
		counter,
	);
}

export async function addRecords(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const results = new ItemResults(this.getInputData().length);
	const fieldCache = new FieldCache(this);
	const prepared = await prepareItems(this, results, async (itemIndex): Promise<Row> => {
		const target = targetOf(this, itemIndex);
		const fields = await fieldCache.get(target, itemIndex);
		const cells = await encodeValues(this, target, fields, mappedValues(this, itemIndex), itemIndex, new Set([RECORD_ID_COLUMN]));
		if (Object.keys(cells).length === 0) throw nothingToWrite(this, itemIndex);
		return { itemIndex, target, fields, cells };
	});
	await addRows(this, results, prepared.map(({ prepared: row }) => row), { written: 0 });
	return results.output();
}

interface MatchedRow extends Row {
	/** The records this item changes; empty when none matched (upsert adds one). */
	recordIds: string[];
	matchTitle: string;
	matchValue: IDataObject[string];
}

/** Record IDs by the match key of one column's stored value (one get_records pass per column). */
async function indexByColumn(
	context: IExecuteFunctions,
	target: SheetTarget,
	fields: FieldIndex,
	title: string,
	itemIndex: number,
): Promise<Map<string, string[]>> {
	const field = fields.get(context.getNode(), title, itemIndex);
	const records = await fetchRecords(context, target, { field_titles: [title] }, Infinity, itemIndex);
	const index = new Map<string, string[]>();
	for (const record of records) {
		const values = isDataObject(record.values) ? record.values : {};
		const key = storedMatchKey(field, values[title]);
		index.set(key, [...(index.get(key) ?? []), String(record.record_id)]);
	}
	return index;
}

/** Shared by Update and Upsert: finds the records each item changes. */
async function matchRows(context: IExecuteFunctions, results: ItemResults, upsert: boolean): Promise<MatchedRow[]> {
	const fieldCache = new FieldCache(context);
	const indexes = new Map<string, Promise<Map<string, string[]>>>();
	const prepared = await prepareItems(context, results, async (itemIndex): Promise<MatchedRow> => {
		const target = targetOf(context, itemIndex);
		const fields = await fieldCache.get(target, itemIndex);
		const values = mappedValues(context, itemIndex);
		const matchTitle = matchingColumn(context, itemIndex);
		const matchValue = values[matchTitle];
		const cells = await encodeValues(context, target, fields, values, itemIndex, new Set([matchTitle, RECORD_ID_COLUMN]));
		if (Object.keys(cells).length === 0) throw nothingToWrite(context, itemIndex);
		const row = { itemIndex, target, fields, cells, matchTitle, matchValue };
		if (matchTitle === RECORD_ID_COLUMN) {
			const recordIds = toList(matchValue).map(String);
			if (recordIds.length === 0) {
				throw new NodeOperationError(context.getNode(), 'Record ID is empty', {
					itemIndex,
					description: 'Map the record_id column to the ID of the record to change (from Get Many Records or Add Records).',
				});
			}
			return { ...row, recordIds };
		}
		const field = fields.get(context.getNode(), matchTitle, itemIndex);
		const indexKey = `${targetKey(target)}\u0000${matchTitle}`;
		let index = indexes.get(indexKey);
		if (!index) {
			index = indexByColumn(context, target, fields, matchTitle, itemIndex);
			indexes.set(indexKey, index);
		}
		const recordIds = (await index).get(matchKey(field, matchValue)) ?? [];
		if (recordIds.length === 0 && !upsert) {
			throw new NodeOperationError(context.getNode(), `No record has "${matchTitle}" = ${JSON.stringify(matchValue)}`, {
				itemIndex,
				description: 'Nothing was changed for this item. Check the value of the matching column, or use Upsert Records to add a record when none matches.',
			});
		}
		return { ...row, recordIds };
	});
	return prepared.map(({ prepared: row }) => row);
}

async function updateRows(
	context: IExecuteFunctions,
	results: ItemResults,
	rows: MatchedRow[],
	counter: { written: number },
): Promise<void> {
	const updates = rows.flatMap((row) => row.recordIds.map((recordId) => ({ ...row, recordId })));
	await writeInBatches(
		context,
		results,
		sheetBatches(updates),
		'updated',
		async (batch) =>
			await smartSheetCall(
				context,
				'update_records',
				{ ...batch[0].target, records: batch.map((row) => ({ record_id: row.recordId, values: row.cells })) },
				batch[0].itemIndex,
			),
		(row, answer, index) => {
			const record = returnedRecords(answer)[index] ?? { record_id: row.recordId, values: {} };
			results.add(row.itemIndex, flatRecord(record, row.fields, false));
		},
		counter,
	);
}

export async function updateRecords(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const results = new ItemResults(this.getInputData().length);
	const rows = await matchRows(this, results, false);
	await updateRows(this, results, rows, { written: 0 });
	return results.output();
}

/**
 * Upsert: items whose matching value is found update those records; the others add a record.
 * Items of this run with the same new value add one record together (the later item's columns
 * win), so a run never creates duplicates of its own.
 */
export async function upsertRecords(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const results = new ItemResults(this.getInputData().length);
	const rows = await matchRows(this, results, true);
	const counter = { written: 0 };
	await updateRows(this, results, rows.filter((row) => row.recordIds.length > 0), counter);
	const newRows = rows.filter((row) => row.recordIds.length === 0);
	const merged = new Map<string, Row & { sharedBy: number[] }>();
	for (const row of newRows) {
		const field = row.fields.get(this.getNode(), row.matchTitle, row.itemIndex);
		const key = `${targetKey(row.target)}\u0000${row.matchTitle}\u0000${matchKey(field, row.matchValue)}`;
		const existing = merged.get(key);
		const matchCell = { [row.matchTitle]: row.matchValue };
		if (existing) {
			Object.assign(existing.cells, row.cells);
			existing.sharedBy.push(row.itemIndex);
		} else {
			const cells = await encodeValues(this, row.target, row.fields, matchCell, row.itemIndex, new Set());
			merged.set(key, { ...row, cells: { ...cells, ...row.cells }, sharedBy: [] });
		}
	}
	const adds = [...merged.values()];
	const shadow = new ItemResults(this.getInputData().length);
	await addRows(this, shadow, adds, counter);
	// Each item that shared a new record gets the record too.
	const created = shadow.output()[0];
	for (const entry of created) {
		const itemIndex = typeof entry.pairedItem === 'object' && !Array.isArray(entry.pairedItem) ? entry.pairedItem.item : 0;
		results.add(itemIndex, entry.json);
		const sharers = adds.find((row) => row.itemIndex === itemIndex)?.sharedBy ?? [];
		for (const sharer of sharers) results.add(sharer, entry.json);
	}
	return results.output();
}

export async function deleteRecords(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const results = new ItemResults(this.getInputData().length);
	const prepared = await prepareItems(this, results, async (itemIndex) => {
		const target = targetOf(this, itemIndex);
		const recordIds = splitIdList(this.getNodeParameter('recordIds', itemIndex, ''));
		if (recordIds.length === 0) {
			throw new NodeOperationError(this.getNode(), 'Record IDs is empty', {
				itemIndex,
				description: 'Give the record_id of each record to delete, separated by commas.',
			});
		}
		return { target, recordIds };
	});
	const rows = prepared.flatMap(({ itemIndex, prepared: { target, recordIds } }) =>
		recordIds.map((recordId) => ({ itemIndex, target, recordId })),
	);
	const deleted = new Map<number, string[]>();
	await writeInBatches(
		this,
		results,
		sheetBatches(rows),
		'deleted',
		async (batch) =>
			await smartSheetCall(
				this,
				'delete_records',
				{ ...batch[0].target, record_ids: batch.map((row) => row.recordId) },
				batch[0].itemIndex,
			),
		(row) => deleted.set(row.itemIndex, [...(deleted.get(row.itemIndex) ?? []), row.recordId]),
	);
	for (const [itemIndex, recordIds] of [...deleted.entries()].sort(([a], [b]) => a - b)) {
		results.add(itemIndex, { deleted: true, record_ids: recordIds });
	}
	return results.output();
}
