import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { templateCardBody } from '../../shared/aiBot/replies';
import { isDataObject, ownTextField } from '../../shared/dataObject';
import { templateCardOf } from '../helpers/card';
import { postToResponseUrl } from '../helpers/responseUrl';
import type { Relay } from '../helpers/relay';
import type { TriggerMessage } from '../helpers/triggerItem';

/** The clicked card's task_id: in event.template_card_event (doc) or on event itself (SDK types). */
export function clickedTaskId(json: IDataObject): string | undefined {
	const event = isDataObject(json.event) ? json.event : {};
	const click = isDataObject(event.template_card_event) ? event.template_card_event : {};
	return ownTextField(click, 'task_id') ?? ownTextField(event, 'task_id');
}

/**
 * Update Card: replaces the clicked card (wecom-new-features.md §1.4, §2.2). Long connection:
 * aibot_respond_update_msg within 5 s, through the trigger. Callback mode: the 5-second answer is
 * already sent when the workflow runs, so the new card goes out through response_url.
 */
export async function updateCard(
	context: IExecuteFunctions,
	itemIndex: number,
	message: TriggerMessage,
	relay: Relay,
): Promise<IDataObject> {
	const card = templateCardOf(context, itemIndex, clickedTaskId(message.json));
	const userIds = String(context.getNodeParameter('userIds', itemIndex, ''))
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	if (message.connection === 'longConnection') {
		await relay.send(itemIndex, { action: 'updateCard', req_id: message.reqId ?? '', template_card: card, userids: userIds });
		return { operation: 'updateCard', connection: message.connection, req_id: message.reqId, deliveredVia: 'long connection' };
	}
	if (!message.responseUrl) {
		throw new NodeOperationError(context.getNode(), 'This click has no response_url to answer through', { itemIndex });
	}
	await postToResponseUrl(context, message.responseUrl, templateCardBody(card), itemIndex);
	return { operation: 'updateCard', connection: message.connection, deliveredVia: 'response_url (as a new card)' };
}
