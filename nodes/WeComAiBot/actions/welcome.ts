import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { templateCardOf } from '../helpers/card';
import type { Relay } from '../helpers/relay';
import type { TriggerMessage } from '../helpers/triggerItem';

/** Welcome: the answer to enter_chat, text or a card, within 5 s (wecom-new-features.md §1.3). */
export async function welcome(
	context: IExecuteFunctions,
	itemIndex: number,
	message: TriggerMessage,
	relay: Relay,
): Promise<IDataObject> {
	if (message.connection === 'callback') {
		throw new NodeOperationError(context.getNode(), 'In callback mode, set the welcome on the trigger', {
			description:
				'WeCom wants the welcome inside the 5-second answer to enter_chat, which the trigger sends before the workflow runs. Fill in Welcome Message on the WeCom AI Bot Trigger.',
			itemIndex,
		});
	}
	const welcomeType = context.getNodeParameter('welcomeType', itemIndex, 'text');
	if (welcomeType === 'templateCard') {
		await relay.send(itemIndex, { action: 'welcome', req_id: message.reqId ?? '', template_card: templateCardOf(context, itemIndex) });
	} else {
		const text = String(context.getNodeParameter('text', itemIndex, '')).trim();
		if (text === '') {
			throw new NodeOperationError(context.getNode(), 'The welcome text is empty', { itemIndex });
		}
		await relay.send(itemIndex, { action: 'welcome', req_id: message.reqId ?? '', text });
	}
	return { operation: 'welcome', connection: message.connection, req_id: message.reqId, deliveredVia: 'long connection' };
}
