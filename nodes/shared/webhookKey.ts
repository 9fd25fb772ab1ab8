import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IAuthenticateGeneric, ICredentialTestRequest, IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { BASE_URL_EXPRESSION, baseUrlProperty } from './baseUrl';

import { localCheckError, redactSecrets, scrubError } from './errors';

/**
 * WeCom's key-only webhooks (group bots: .../cgi-bin/webhook/send?key=…, smart sheets:
 * .../cgi-bin/wedoc/smartsheet/webhook?key=…) are named by a key in the query string. Their
 * credentials take either the bare key or the whole webhook URL as copied from WeCom. One pattern
 * serves the credentials' `authenticate` expression and the node code, so both read the same key.
 */
const KEY_IN_URL = '[?&]key=([^&#\\s]+)';

/** The key from a key or a webhook URL, trimmed. */
export function webhookKeyOf(raw: unknown): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	const match = new RegExp(KEY_IN_URL).exec(text);
	return match ? match[1] : text;
}

const RAW_FIELD = 'String($credentials.webhookSecretKey || "").trim()';

/** The same extraction as an n8n expression, for the credential's generic `authenticate`. */
export const WEBHOOK_KEY_EXPRESSION = `={{ (${RAW_FIELD}.match(new RegExp(${JSON.stringify(KEY_IN_URL)})) || [])[1] || ${RAW_FIELD} }}`;

/**
 * The fields of a key-only webhook credential: the key (or the webhook URL) and the API base URL.
 * The texts say where in WeCom the webhook URL is shown.
 */
export function webhookKeyProperties(texts: { placeholder: string; description: string }): INodeProperties[] {
	return [
		{
			displayName: 'Webhook Key or URL',
			name: 'webhookSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			...texts,
		},
		baseUrlProperty,
	];
}

/** n8n adds the key to every request's query string, so no node code ever handles it. */
export const webhookKeyAuthentication: IAuthenticateGeneric = {
	type: 'generic',
	properties: {
		qs: { key: WEBHOOK_KEY_EXPRESSION },
	},
};

/**
 * A credential test that proves a webhook key without acting: a POST whose `body` WeCom refuses
 * once it knows the key, so only `unknownKeyErrcode` (WeCom's answer to an unknown key) fails.
 */
export function webhookKeyTest(url: string, body: IDataObject, unknownKeyErrcode: number, message: string): ICredentialTestRequest {
	return {
		request: { baseURL: BASE_URL_EXPRESSION, url, method: 'POST', body, json: true },
		rules: [{ type: 'responseSuccessBody', properties: { key: 'errcode', value: unknownKeyErrcode, message } }],
	};
}

/** Whatever went wrong, the webhook key is not in what the user or the logs get to see. */
export function withoutWebhookSecrets(
	node: INode,
	error: unknown,
	secrets: string[],
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) return scrubError(error, secrets);
	if (error instanceof NodeOperationError) {
		// A local check: n8n would show a NodeOperationError as "Error code: none".
		const description = typeof error.description === 'string' ? error.description : undefined;
		return scrubError(localCheckError(node, error.message, { description, itemIndex }), secrets);
	}
	const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
	return new NodeOperationError(node, message, { itemIndex });
}
