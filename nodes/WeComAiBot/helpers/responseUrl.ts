import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';

/*
 * Callback mode's active reply (wecom-new-features.md §1.6): an unencrypted JSON POST to the
 * message's response_url, no token, accepted once within an hour. A POST is never repeated: a
 * second one would be refused, or worse, show twice.
 */

function refusedBeforeSending(error: unknown): boolean {
	const code = isDataObject(error) ? error.code : undefined;
	const cause = error instanceof Error && isDataObject(error.cause) ? error.cause.code : undefined;
	return code === 'ECONNREFUSED' || cause === 'ECONNREFUSED';
}

export async function postToResponseUrl(
	context: IExecuteFunctions,
	responseUrl: string,
	body: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	let answer: unknown;
	try {
		answer = await context.helpers.httpRequest({ method: 'POST', url: responseUrl, body, json: true });
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		throw new NodeOperationError(
			context.getNode(),
			refusedBeforeSending(error)
				? `Could not reach WeCom’s response_url: ${message}`
				: `The reply through response_url may or may not have arrived: ${message}`,
			{
				description:
					'response_url accepts one reply, so the node does not send it again. Check the chat; if nothing arrived, the user can ask again.',
				itemIndex,
			},
		);
	}
	const result = isDataObject(answer) ? answer : {};
	const errcode = typeof result.errcode === 'number' ? result.errcode : 0;
	if (errcode !== 0) {
		throw new NodeOperationError(context.getNode(), `WeCom refused the reply through response_url: ${errcode} ${String(result.errmsg ?? '')}`.trim(), {
			description: 'A response_url takes one reply and works for 1 hour after the message. Markdown and template cards are accepted.',
			itemIndex,
		});
	}
	return result;
}
