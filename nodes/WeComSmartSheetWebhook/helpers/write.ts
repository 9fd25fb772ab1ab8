import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { normalizeBaseUrl } from '../../shared/baseUrl';
import { readBinaryFile } from '../../shared/binaryFile';
import { isDataObject } from '../../shared/dataObject';
import { errcodeOf, isWeComErrorBody, weComApiError } from '../../shared/errors';
import { laneFor } from '../../shared/pacing';
import { inBatches } from '../../shared/smartSheet/batches';
import { CellValueError, decodeCell, encodeWebhookCell, isEmptyValue, pureBase64, toList } from '../../shared/smartSheet/cellValues';
import type { UserReference, WebhookField } from '../../shared/smartSheet/cellValues';
import { ItemResults, asNodeError, prepareItems, writeInBatches } from '../../shared/smartSheet/itemRun';
import { RECORD_ID_COLUMN, isAutoMapped, mappedValues } from '../../shared/smartSheet/mapper';
import { secretsOf, toSafeError, withRequestDefaults, withWeComRetries } from '../../shared/transport';
import { withoutWebhookSecrets } from '../../shared/webhookKey';
import { CREDENTIAL_TYPE, MAX_RATE_LIMIT_WAITS, RATE_WINDOW_SECONDS, ROWS_PER_WINDOW, WEBHOOK_PATH } from './limits';
import { SAMPLE_HELP, fieldsOfSample } from './sample';

/*
 * Adds and updates records through a sheet's webhook (POST /cgi-bin/wedoc/smartsheet/webhook?key=,
 * doc 101240). All items are prepared first (columns → the webhook's cells, keyed by field ID;
 * images read from binary data as pure base64), then sent in batches of at most 500 rows, paced
 * so that the sheet never gets more than 3,000 rows in a rolling minute (shared/pacing.ts, the
 * group bot's pacing, weighted by rows). A 45033 (over the limit) waits a window and tries again;
 * any other failure stops with an error that says which rows were written.
 */

interface Settings {
	users: UserReference;
	pace: boolean;
	limit: number;
	windowMs: number;
}

function settingsOf(context: IExecuteFunctions): Settings {
	const raw = context.getNodeParameter('options', 0, {});
	const options = isDataObject(raw) ? raw : {};
	const positive = (value: unknown, fallback: number) =>
		typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
	return {
		users: options.usersBy === 'userId' ? 'userId' : 'name',
		pace: options.paceRows !== false,
		limit: Math.floor(positive(options.rowsPerWindow, ROWS_PER_WINDOW)),
		windowMs: Math.round(positive(options.rateWindowSeconds, RATE_WINDOW_SECONDS) * 1000),
	};
}

function sheetFields(context: IExecuteFunctions): WebhookField[] {
	const sample = fieldsOfSample(context.getNodeParameter('sample', 0, ''));
	if ('problem' in sample) throw new NodeOperationError(context.getNode(), sample.problem, { description: SAMPLE_HELP });
	return sample.fields;
}

class ColumnIndex {
	private readonly byTitle = new Map<string, WebhookField>();

	constructor(readonly fields: WebhookField[]) {
		for (const field of fields) this.byTitle.set(field.title, field);
	}

	find(title: string): WebhookField | undefined {
		return this.byTitle.get(title);
	}

	get(node: INode, title: string, itemIndex: number): WebhookField {
		const field = this.find(title);
		if (field) return field;
		throw new NodeOperationError(node, `The sheet sample has no column "${title}"`, {
			itemIndex,
			description: `Its columns are: ${this.fields.map((candidate) => `"${candidate.title}"`).join(', ')}. Paste the sample again if the sheet changed.`,
		});
	}
}

async function imagesOf(context: IExecuteFunctions, field: WebhookField, value: unknown, itemIndex: number): Promise<IDataObject[]> {
	const images: IDataObject[] = [];
	for (const entry of toList(value)) {
		if (isDataObject(entry) && typeof entry.image_base64 === 'string') {
			images.push({ title: entry.title ?? 'image', image_base64: pureBase64(entry.image_base64) });
		} else if (typeof entry === 'string' && entry.startsWith('data:')) {
			images.push({ title: 'image', image_base64: pureBase64(entry) });
		} else if (typeof entry === 'string' && /^https?:\/\//i.test(entry)) {
			throw new NodeOperationError(context.getNode(), `Field "${field.title}" (Image): the sheet webhook takes image files, not links`, {
				itemIndex,
				description: 'Download the image first (HTTP Request with Response Format: File) and give the name of its binary field here.',
			});
		} else if (typeof entry === 'string') {
			const file = await readBinaryFile(context, itemIndex, entry);
			images.push({ title: file.fileName, image_base64: file.buffer.toString('base64') });
		}
	}
	return images;
}

interface Row {
	itemIndex: number;
	values: IDataObject;
	recordId?: string;
}

async function rowOf(
	context: IExecuteFunctions,
	columns: ColumnIndex,
	settings: Settings,
	update: boolean,
	itemIndex: number,
): Promise<Row> {
	const node = context.getNode();
	const autoMapped = isAutoMapped(context);
	const mapped = mappedValues(context, itemIndex);
	const values: IDataObject = {};
	for (const [title, value] of Object.entries(mapped)) {
		if (title === RECORD_ID_COLUMN || isEmptyValue(value)) continue;
		if (autoMapped && !columns.find(title)) continue;
		const field = columns.get(node, title, itemIndex);
		try {
			const ready = field.kind === 'IMAGE' ? await imagesOf(context, field, value, itemIndex) : value;
			values[field.id] = encodeWebhookCell(field, ready, settings.users) as IDataObject[string];
		} catch (error) {
			if (error instanceof CellValueError) throw new NodeOperationError(node, error.message, { itemIndex });
			throw asNodeError(context, error, itemIndex);
		}
	}
	if (Object.keys(values).length === 0) {
		throw new NodeOperationError(node, 'No column has a value for this item', {
			itemIndex,
			description: 'Map at least one column, or with "Map Automatically" give the item fields named like the sheet’s columns.',
		});
	}
	if (!update) return { itemIndex, values };
	const recordId = toList(mapped[RECORD_ID_COLUMN]).map(String)[0];
	if (!recordId) {
		throw new NodeOperationError(node, 'Record ID is empty', {
			itemIndex,
			description: 'Map record_id to the ID that Add Records returned for this record; the webhook updates only records it added.',
		});
	}
	return { itemIndex, values, recordId };
}

function invalidKey(node: INode, itemIndex: number): NodeApiError {
	const error = weComApiError(node, { errcode: 40014, errmsg: 'invalid webhook key' }, itemIndex);
	error.message = 'WeCom does not know this sheet webhook key (40014)';
	error.description =
		'The key is wrong, or Receive External Data (接收外部数据) was turned off for the sheet, which revokes it. Copy the webhook URL again from the smart sheet into the WeCom Smart Sheet Webhook credential.';
	return error;
}

function stillRateLimited(node: INode, settings: Settings, itemIndex: number): NodeApiError {
	const error = weComApiError(node, { errcode: 45033, errmsg: 'api freq out of limit' }, itemIndex);
	error.message = `The sheet is over WeCom’s row limit (errcode 45033) and still was after waiting ${(MAX_RATE_LIMIT_WAITS * settings.windowMs) / 1000} seconds`;
	error.description = `WeCom takes ${settings.limit} rows per ${settings.windowMs / 1000} seconds for each sheet and 10,000 a minute per document, counted over everything that writes to them. Send fewer rows, or spread them over time.`;
	return error;
}

export async function writeThroughWebhook(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const secrets = await secretsOf(this);
	const baseURL = normalizeBaseUrl(credentials.baseUrl);
	const update = this.getNodeParameter('operation', 0) === 'updateRecords';
	const settings = settingsOf(this);
	const columns = new ColumnIndex(sheetFields(this));
	const results = new ItemResults(this.getInputData().length);
	const reference = node.credentials?.[CREDENTIAL_TYPE];
	const lane = laneFor(this.getExecutionId(), reference ? `sheet/${reference.id ?? ''}/${reference.name}` : `node/${node.id}`);

	const prepared = await prepareItems(this, results, async (itemIndex) => await rowOf(this, columns, settings, update, itemIndex));
	const rows = prepared.map(({ prepared: row }) => row);

	const requestFor = (batch: Row[]) =>
		withRequestDefaults(
			{
				method: 'POST' as const,
				baseURL,
				url: WEBHOOK_PATH,
				json: true,
				body: update
					? { update_records: batch.map((row) => ({ record_id: row.recordId, values: row.values })) }
					: { add_records: batch.map((row) => ({ values: row.values })) },
			},
			baseURL,
			undefined,
		);

	const sendOnce = async (batch: Row[]): Promise<IDataObject> =>
		await withWeComRetries(
			this,
			async () => {
				if (settings.pace) await lane.waitForRoom(settings.limit, settings.windowMs, batch.length);
				let answer: unknown;
				try {
					answer = await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, requestFor(batch));
				} finally {
					lane.recordFinished(batch.length);
				}
				if (isWeComErrorBody(answer) && answer.errcode === 40014) throw invalidKey(node, batch[0].itemIndex);
				if (isWeComErrorBody(answer) && answer.errcode !== 0) throw weComApiError(node, answer, batch[0].itemIndex);
				return isDataObject(answer) ? answer : {};
			},
			// Not safe to repeat (repeatSafety.ts): a lost answer ends as "outcome unknown".
			{ refreshToken: false, itemIndex: batch[0].itemIndex, endpoint: requestFor(batch) },
		);

	const send = async (batch: Row[]): Promise<IDataObject> => {
		for (let waits = 0; ; waits++) {
			try {
				return await sendOnce(batch);
			} catch (error) {
				if (errcodeOf(error) !== 45033) throw toSafeError(node, error, batch[0].itemIndex);
				if (waits >= MAX_RATE_LIMIT_WAITS) throw stillRateLimited(node, settings, batch[0].itemIndex);
				// WeCom refused the whole batch: nothing was written, so it is safe to send again.
				await sleep(settings.windowMs);
			}
		}
	};

	await writeInBatches(
		this,
		results,
		inBatches(rows),
		update ? 'updated' : 'added',
		async (batch) => {
			try {
				return await send(batch);
			} catch (error) {
				throw withoutWebhookSecrets(node, error, secrets, batch[0].itemIndex);
			}
		},
		(row, answer, index) => {
			const added = Array.isArray(answer.add_records) ? answer.add_records.filter(isDataObject) : [];
			results.add(row.itemIndex, update ? { record_id: row.recordId, updated: true } : flatOf(columns, added[index]));
		},
	);
	return results.output();
}

/** An added record as the item's output: record_id and a flat value per column title. */
function flatOf(columns: ColumnIndex, record: IDataObject | undefined): IDataObject {
	const values = isDataObject(record?.values) ? record.values : {};
	const output: IDataObject = { record_id: record?.record_id };
	for (const field of columns.fields) {
		if (values[field.id] === undefined) continue;
		const decoded = decodeCell({ field_id: field.id, field_title: field.title, field_type: field.kind }, values[field.id]);
		output[field.title] = decoded as IDataObject[string];
	}
	return output;
}
