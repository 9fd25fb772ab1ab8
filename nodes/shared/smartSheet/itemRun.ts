import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/*
 * The smart sheet operations run over all items at once (a custom operation of the declarative
 * node), so that rows of many items share calls. These helpers keep n8n's per-item contract:
 * every input item gets its output (or, with "On Error: Continue", its error) at its own index.
 */

export type NodeError = NodeApiError | NodeOperationError;

export function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error instanceof Error ? error : String(error), { itemIndex });
}

/** One output slot per input item, filled as batches come back. */
export class ItemResults {
	private readonly slots: INodeExecutionData[][];

	constructor(count: number) {
		this.slots = Array.from({ length: count }, () => []);
	}

	add(itemIndex: number, json: IDataObject): void {
		this.slots[itemIndex].push({ json, pairedItem: { item: itemIndex } });
	}

	fail(itemIndex: number, error: NodeError): void {
		this.slots[itemIndex].push({
			json: { error: error.message, ...(error.description ? { description: error.description } : {}) },
			pairedItem: { item: itemIndex },
		});
	}

	output(): INodeExecutionData[][] {
		return [this.slots.flat()];
	}
}

/**
 * Runs `prepare` for every item; an item that fails is reported (Continue) or stops the node
 * before anything was written (Stop Workflow), because no batch has been sent yet.
 */
export async function prepareItems<T>(
	context: IExecuteFunctions,
	results: ItemResults,
	prepare: (itemIndex: number) => Promise<T | undefined>,
): Promise<Array<{ itemIndex: number; prepared: T }>> {
	const ready: Array<{ itemIndex: number; prepared: T }> = [];
	const count = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const prepared = await prepare(itemIndex);
			if (prepared !== undefined) ready.push({ itemIndex, prepared });
		} catch (error) {
			const failure = asNodeError(context, error, itemIndex);
			if (!context.continueOnFail()) throw failure;
			results.fail(itemIndex, failure);
		}
	}
	return ready;
}

function itemRange(indexes: number[]): string {
	const first = Math.min(...indexes) + 1;
	const last = Math.max(...indexes) + 1;
	return first === last ? `item ${first}` : `items ${first} to ${last}`;
}

/**
 * A batch failed: with Continue, each of its items gets the error; otherwise the node stops with
 * an error that says what was written before it, so nothing is lost without notice.
 */
export function batchFailed(
	context: IExecuteFunctions,
	results: ItemResults,
	error: unknown,
	batchItems: number[],
	writtenSoFar: number,
	verb: string,
): void {
	const failure = asNodeError(context, error, batchItems[0] ?? 0);
	if (context.continueOnFail()) {
		for (const itemIndex of new Set(batchItems)) results.fail(itemIndex, failure);
		return;
	}
	const before =
		writtenSoFar === 0
			? `No record was ${verb} before it.`
			: `${writtenSoFar} record${writtenSoFar === 1 ? ' was' : 's were'} ${verb} by earlier calls of this run; they stay in the sheet.`;
	const note = `WeCom refused the call with the rows of ${itemRange(batchItems)} (${batchItems.length} rows; WeCom takes a batch whole or not at all). ${before}`;
	failure.description = failure.description ? `${note}\n${failure.description}` : note;
	throw failure;
}

/**
 * Sends batches one after another, in order. A batch that fails goes to batchFailed (its items
 * get the error with Continue; otherwise the node stops saying what was written before); each
 * row of a batch that went through is handed to `emit` with WeCom's answer.
 */
export async function writeInBatches<T extends { itemIndex: number }>(
	context: IExecuteFunctions,
	results: ItemResults,
	batches: T[][],
	verb: string,
	send: (batch: T[]) => Promise<IDataObject>,
	emit: (row: T, answer: IDataObject, index: number) => void,
	counter = { written: 0 },
): Promise<void> {
	for (const batch of batches) {
		let answer: IDataObject;
		try {
			answer = await send(batch);
		} catch (error) {
			batchFailed(context, results, error, batch.map((row) => row.itemIndex), counter.written, verb);
			continue;
		}
		counter.written += batch.length;
		batch.forEach((row, index) => emit(row, answer, index));
	}
}
