import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import { sendRoutedRequest } from '../../shared/transport';

/**
 * Cursor paging for WeCom lists that answer `next_cursor` ("" when done) and take `cursor` and
 * `limit` in the body. Each page passes through the transport on its own, so a token refresh or
 * a retry replays that page only. With a limit, paging stops as soon as enough rows arrived and
 * the last page asks only for what is missing.
 */
export function paginateByCursor(itemsProperty: string) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const maxResults =
			requestData.maxResults === undefined ? Infinity : Number(requestData.maxResults);
		const baseBody = isDataObject(requestData.options.body) ? requestData.options.body : {};
		const pageSize = Number(baseBody.limit ?? 1000);
		const results: INodeExecutionData[] = [];
		let cursor = '';
		do {
			const body: IDataObject = {
				...baseBody,
				limit: Math.min(pageSize, maxResults - results.length),
			};
			if (cursor) body.cursor = cursor;
			const page = await sendRoutedRequest(this, { ...requestData, options: { ...requestData.options, body } });
			const json = page[0]?.json ?? {};
			const rows = json[itemsProperty];
			if (Array.isArray(rows)) {
				for (const row of rows) results.push({ json: isDataObject(row) ? row : { value: row } });
			}
			cursor = typeof json.next_cursor === 'string' ? json.next_cursor : '';
		} while (cursor && results.length < maxResults);
		return results.slice(0, maxResults);
	};
}
