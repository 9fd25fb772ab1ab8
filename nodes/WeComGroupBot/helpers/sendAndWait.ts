import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { normalizeBaseUrl } from '../../shared/baseUrl';
import { isDataObject } from '../../shared/dataObject';
import { cardFor, waitTillOf } from '../../shared/sendAndWait/config';
import type { SendAndWaitCard } from '../../shared/sendAndWait/config';
import { RESPONSE_TYPE_APPROVAL } from '../../shared/sendAndWait/properties';
import { sendAndWaitWebhook } from '../../shared/sendAndWait/webhook';
import { secretsOf, weComAnswerOf, withRequestDefaults } from '../../shared/transport';
import { laneFor } from '../../shared/pacing';
import { withoutWebhookSecrets } from '../../shared/webhookKey';
import { ASK_FOR_NAME_OPTION } from '../descriptions/sendAndWait.operation';
import { botIdOf, pacingOf, postPaced } from './deliver';
import { CREDENTIAL_TYPE, SEND_PATH } from './limits';

/*
 * Group Bot → Send and Wait for Response.
 *
 * One text_notice card per input item (webhook/send, doc 99110): the message, one link per choice
 * (jump_list, at most 3) and the card itself opening a page with every choice (card_action). Group
 * bots cannot post interactive cards, so every answer goes through n8n's signed resume URL; its
 * page never answers on GET (anyone in the group may open it) and asks for a name where the node
 * says so (shared/sendAndWait/webhook.ts). The execution waits in n8n's database until the first
 * answer, or the wait limit.
 */

/** What WeCom shows of a group card's texts (doc 99110 advises these lengths). */
const TITLE_MAX_CHARS = 26;
const SUBTITLE_MAX_CHARS = 112;

function cut(text: string, maxChars: number): string {
	const chars = [...text];
	return chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 1).join('')}…`;
}

/** The template_card of one item: the card opens `cardUrl`, each link its own choice. */
export function groupCardOf(card: SendAndWaitCard, cardUrl: string): IDataObject {
	return {
		card_type: 'text_notice',
		main_title: { title: cut(card.title, TITLE_MAX_CHARS) },
		sub_title_text: cut(card.message, SUBTITLE_MAX_CHARS),
		jump_list: card.buttons.map((button) => ({ type: 1, title: button.label, url: button.url })),
		card_action: { type: 1, url: cardUrl },
	};
}

export async function groupBotSendAndWait(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const secrets = await secretsOf(this);
	const lane = laneFor(this.getExecutionId(), botIdOf(node));
	const pacing = pacingOf({});
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const baseURL = normalizeBaseUrl(credentials.baseUrl);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const card = cardFor(this, itemIndex, { inChat: false });
			// An approval card's own tap offers every choice; a form card's opens the form.
			const cardUrl =
				card.responseType === RESPONSE_TYPE_APPROVAL
					? this.getSignedResumeUrl({ item: String(itemIndex) })
					: card.buttons[0].url;
			const request = withRequestDefaults(
				{
					method: 'POST' as const,
					baseURL,
					url: SEND_PATH,
					json: true,
					body: { msgtype: 'template_card', template_card: groupCardOf(card, cardUrl) },
				},
				baseURL,
				undefined,
			);
			const post = async () =>
				weComAnswerOf(
					node,
					await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, request),
					itemIndex,
				);
			await postPaced(this, post, request, lane, pacing, itemIndex);
		} catch (error) {
			throw withoutWebhookSecrets(node, error, secrets, itemIndex);
		}
	}
	await this.putExecutionToWait(waitTillOf(this));
	return [items];
}

/** The resume webhook: n8n's signed URL, then the page and the answer (shared/sendAndWait). */
export async function groupBotSendAndWaitResume(
	this: IWebhookFunctions,
): Promise<IWebhookResponseData> {
	const options: unknown = this.getNodeParameter('options', {});
	const askForName = !(isDataObject(options) && options[ASK_FOR_NAME_OPTION] === false);
	return await sendAndWaitWebhook.call(this, { sharedCard: { askForName } });
}
