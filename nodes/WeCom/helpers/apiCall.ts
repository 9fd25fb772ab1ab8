import { jsonParse } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import { sendRoutedRequest } from '../../shared/transport';
import { booleanParameter, inputError, stringParameter } from './parameters';

/*
 * The API Call escape hatch. The request keeps to the credential's WeCom host (a path, never a
 * URL), and it goes through the same transport as every operation: token, refresh and replay,
 * retries, errcode errors. Whether a lost answer may be retried comes from the endpoint table
 * (repeatSafety.ts: GET reads yes, POST to a path it does not know no) unless the user says the
 * call is safe to repeat.
 */

const PATH_PATTERN = /^\/cgi-bin\/[A-Za-z0-9_\-./]*$/;

export async function prepareApiCall(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const path = stringParameter(this, 'path').trim();
	if (!PATH_PATTERN.test(path) || path.includes('..') || path.includes('//')) {
		throw inputError(
			this,
			`"${path}" is not a WeCom API path`,
			'Give the path of a WeCom server API starting with /cgi-bin/, e.g. /cgi-bin/agent/get. Put query parameters under Query Parameters; the host comes from the credential.',
		);
	}
	if (path === '/cgi-bin/gettoken') {
		throw inputError(this, 'gettoken is handled by the credential', 'Every call already carries a fresh access token.');
	}
	const qs: IDataObject = isDataObject(options.qs) ? { ...options.qs } : {};
	for (const key of Object.keys(qs)) {
		if (key.toLowerCase() === 'access_token') {
			throw inputError(this, 'Do not set access_token', 'The credential adds the access token to every call.');
		}
	}
	const method = stringParameter(this, 'method', 'GET') === 'POST' ? 'POST' : 'GET';
	const result: IHttpRequestOptions = { ...options, method, url: path, qs };
	if (method === 'GET') {
		delete result.body;
		return result;
	}
	const raw = this.getNodeParameter('jsonBody', '{}');
	const body = typeof raw === 'string' ? jsonParse<unknown>(raw.trim() || '{}', { fallbackValue: undefined }) : raw;
	if (!isDataObject(body)) {
		throw inputError(this, 'The JSON body must be a JSON object', 'For example {"agentid": 1000002}.');
	}
	result.body = body;
	return result;
}

/** Request hook of the API call: the transport, told when the user marked a POST safe to repeat. */
export async function sendApiCall(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const markedSafe = stringParameter(this, 'method', 'GET') === 'POST' && booleanParameter(this, 'safeToRepeat');
	return await sendRoutedRequest(this, requestData, markedSafe ? { safeToRepeat: true } : {});
}
