import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { cardFor, waitTillOf } from '../../shared/sendAndWait/config';
import type { ResponseButton, SendAndWaitCard } from '../../shared/sendAndWait/config';
import { MAX_BUTTON_KEY_BYTES, resumeKeyFor } from '../../shared/sendAndWait/resumeReference';
import { sendAndWaitWebhook } from '../../shared/sendAndWait/webhook';
import type { InChatClick } from '../../shared/sendAndWait/webhook';
import { API_CREDENTIAL, weComApiRequest } from '../../shared/transport';
import { ANSWER_IN_CHAT } from '../descriptions/message/sendAndWait.operation';
import { itemParameters, stringParameter } from './parameters';
import { messageSendRecipients, readRecipients } from './recipients';

/*
 * Message → Send and Wait for Response (a custom operation of the declarative node).
 *
 * One button_interaction card per input item (message/send, doc 90236), then the execution waits
 * in n8n's database until the first answer arrives through the resume webhook (or the wait limit
 * passes). Which item was answered is in the output item's pairedItem.
 */

/** WeCom's card texts that are cut on screen beyond these lengths (doc 90236 advises them). */
const TITLE_MAX_CHARS = 36;
const STYLE_CODE = { primary: 1, secondary: 2 } as const;

/**
 * A task_id that no other card of this app has: WeCom silently drops a card whose task_id was
 * used before. Execution, node, item, and the time of sending (a node run again in a loop).
 */
export function taskIdFor(
	executionId: string,
	nodeId: string,
	itemIndex: number,
	sentAt: number,
): string {
	const clean = (value: string) => value.replace(/[^0-9a-zA-Z_\-@]/g, '').slice(0, 40);
	return `n8n-${clean(executionId) || 'run'}-${clean(nodeId)}-${itemIndex}-${sentAt.toString(36)}`;
}

function buttonOf(button: ResponseButton, inChat: boolean): IDataObject {
	const common = { text: button.label, style: STYLE_CODE[button.style] };
	return inChat
		? { ...common, type: 0, key: resumeKeyFor(button.url) }
		: { ...common, type: 1, url: button.url };
}

/** The template_card of one item (card_type button_interaction). */
export function templateCardOf(
	card: SendAndWaitCard,
	taskId: string,
	inChat: boolean,
): IDataObject {
	return {
		card_type: 'button_interaction',
		main_title: { title: [...card.title].slice(0, TITLE_MAX_CHARS).join('') },
		sub_title_text: card.message,
		task_id: taskId,
		button_list: card.buttons.map((button) => buttonOf(button, inChat)),
	};
}

async function agentIdOf(
	context: IExecuteFunctions | IWebhookFunctions,
	configured: string,
): Promise<number> {
	const credentials = await context.getCredentials(API_CREDENTIAL);
	return Number(configured.trim() || credentials.agentId) || 0;
}

export async function sendAndWait(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const sentAt = Date.now();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const parameters = itemParameters(this, itemIndex);
		const recipients = readRecipients(parameters);
		const agentid = await agentIdOf(this, stringParameter(parameters, 'agentId'));
		if (agentid <= 0) {
			throw new NodeOperationError(
				node,
				'No valid Agent ID: set one on this node or a Default Agent ID in the WeCom API credential',
				{
					itemIndex,
					description:
						'Cards are sent by an app: use a WeCom API credential made with an app’s Secret and its AgentId (App Management → your app).',
				},
			);
		}
		const inChat =
			stringParameter(parameters, 'responseType', 'approval') === 'approval' &&
			stringParameter(parameters, 'answerWith', 'link') === ANSWER_IN_CHAT;
		const card = cardFor(this, itemIndex, { inChat });
		const taskId = taskIdFor(this.getExecutionId() ?? '', node.id, itemIndex, sentAt);
		const template = templateCardOf(card, taskId, inChat);
		for (const button of card.buttons) {
			if (inChat && Buffer.byteLength(resumeKeyFor(button.url)) > MAX_BUTTON_KEY_BYTES) {
				throw new NodeOperationError(
					node,
					'The answer reference does not fit in a WeCom button key',
					{
						itemIndex,
						description:
							'n8n’s webhook URL is too long for in-chat buttons (1,024 bytes). Use Link Buttons.',
					},
				);
			}
		}
		await weComApiRequest.call(
			this,
			{
				method: 'POST',
				url: '/cgi-bin/message/send',
				body: {
					...messageSendRecipients(recipients),
					msgtype: 'template_card',
					agentid,
					template_card: template,
				},
			},
			{ itemIndex },
		);
	}
	await this.putExecutionToWait(waitTillOf(this));
	return [items];
}

/**
 * After an in-chat click: every recipient's card shows the decision and who made it
 * (message/update_template_card with atall and the click's single-use response_code, doc 94945).
 * A failed update does not stop the run: the answer counts, and the output says so.
 */
async function updateEveryCard(
	context: IWebhookFunctions,
	click: InChatClick,
	label: string,
): Promise<IDataObject> {
	if (!click.responseCode) return { cardUpdated: false };
	try {
		const configured = context.getNodeParameter('agentId', '');
		const agentid = await agentIdOf(context, typeof configured === 'string' ? configured : '');
		await weComApiRequest.call(context, {
			method: 'POST',
			url: '/cgi-bin/message/update_template_card',
			body: {
				atall: 1,
				agentid,
				response_code: click.responseCode,
				button: { replace_name: click.userid ? `${label} · ${click.userid}` : label },
			},
		});
		return { cardUpdated: true };
	} catch (error) {
		context.logger.warn(
			`WeCom card update after a click failed: ${error instanceof Error ? error.message : String(error)}`,
		);
		return { cardUpdated: false };
	}
}

/** The node's resume webhook: n8n's signed URL, then the answer (see shared/sendAndWait/webhook.ts). */
export async function sendAndWaitResume(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	return await sendAndWaitWebhook.call(this, {
		onInChatDecision: async (click, _approved, label) => await updateEveryCard(this, click, label),
	});
}
