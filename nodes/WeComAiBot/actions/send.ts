import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { AiBotConnection } from '../../shared/aiBot/connection';
import { uploadMedia } from '../../shared/aiBot/upload';
import { markdownBody, templateCardBody } from '../../shared/aiBot/replies';
import { liveConnection } from '../../shared/aiBot/registry';
import { aiBotCredentialsOf, AI_BOT_CREDENTIAL } from '../../WeComAiBotTrigger/settings';
import { mediaFileOf } from '../helpers/binary';
import { templateCardOf } from '../helpers/card';

/** Uploads the item's binary file and returns the media message that sends it. */
async function mediaMessage(context: IExecuteFunctions, itemIndex: number, connection: AiBotConnection, chatid: string): Promise<IDataObject> {
	const { type, data, filename } = await mediaFileOf(context, itemIndex);
	const mediaId = await uploadMedia(connection, type, filename, data);
	return { chatid, msgtype: type, [type]: { media_id: mediaId } };
}

/**
 * Send: aibot_send_msg (wecom-new-features.md §2.4), markdown or a card, on the connection a
 * published trigger holds in this process. Opening a second connection would disconnect it.
 */
export async function send(context: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { botId } = aiBotCredentialsOf(await context.getCredentials(AI_BOT_CREDENTIAL, itemIndex));
	const chatid = String(context.getNodeParameter('chatId', itemIndex, '')).trim();
	if (!chatid) {
		throw new NodeOperationError(context.getNode(), 'Chat is empty', {
			description: 'Enter the user ID (single chat) or the group chat ID, e.g. {{ $json.chat }} from the trigger.',
			itemIndex,
		});
	}
	const sendType = context.getNodeParameter('sendType', itemIndex, 'markdown');
	const connection = liveConnection(botId);
	if (connection === undefined) {
		throw new NodeOperationError(context.getNode(), `No live long connection for AI bot ${botId} in this n8n process`, {
			description:
				'Send goes out on the connection of a published WeCom AI Bot Trigger (Long Connection) with the same Bot ID; WeCom allows one connection per bot. Publish such a workflow. In queue mode this node must run where that trigger runs (the main instance); on a worker, answer with Reply instead.',
			itemIndex,
		});
	}
	let body: IDataObject;
	if (sendType === 'media') {
		body = await mediaMessage(context, itemIndex, connection, chatid);
	} else if (sendType === 'templateCard') {
		body = { chatid, ...templateCardBody(templateCardOf(context, itemIndex)) };
	} else {
		body = markdownBody(String(context.getNodeParameter('markdown', itemIndex, '')), chatid);
	}
	await connection.send('aibot_send_msg', body);
	return { operation: 'send', chatid, ...body, deliveredVia: 'long connection' };
}
