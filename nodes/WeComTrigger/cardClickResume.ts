import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { buildCallbackXml } from '../shared/callbackCodec';
import { isDataObject } from '../shared/dataObject';
import { resumePathOf } from '../shared/sendAndWait/resumeReference';

/*
 * In-chat answers to "Send and Wait for Response". A click on a card button whose key is a
 * resume reference (shared/sendAndWait/resumeReference.ts) arrives here as template_card_event.
 * The trigger hands it to the waiting execution by requesting the signed resume path on its own
 * n8n (n8n checks the signature and that the execution still waits at that node), and starts no
 * workflow of its own for the click. Clicks that resume nothing (a second click, a wait that
 * ended, a key that was altered) get a passive reply that relabels the clicker's buttons.
 *
 * Needs n8n to reach its own public URL (WEBHOOK_URL), as every in-chat click does.
 */

/** Time for the resume request, well inside WeCom's 5 s for the click callback. */
const RESUME_TIMEOUT_MS = 3_500;

const CLICK_USER_AGENT = 'n8n-nodes-wecom-suite (WeCom card click)';

/**
 * - resumed: the execution took the answer;
 * - refused: n8n said no (answered, ended, altered key); `replyXml` relabels the clicker's buttons;
 * - unreachable: n8n could not be asked; the callback must not be acknowledged, so WeCom re-sends it.
 */
export type CardClickOutcome =
	| { kind: 'resumed' }
	| { kind: 'refused'; replyXml: string }
	| { kind: 'unreachable' };

function text(message: IDataObject, key: string): string {
	const value = message[key];
	return typeof value === 'string' ? value : '';
}

/** The resume path of a click on one of our cards, or undefined for any other callback. */
export function resumePathOfClick(message: IDataObject): string | undefined {
	if (text(message, 'MsgType') !== 'event' || text(message, 'Event') !== 'template_card_event')
		return undefined;
	return resumePathOf(text(message, 'EventKey'));
}

/** What the clicker's buttons say when the click changed nothing, by n8n's answer. */
function labelForRefusal(status: number): string | undefined {
	if (status === 401 || status === 403) return 'Link not valid';
	if (status === 404) return 'No longer waiting';
	if (status === 409 || status === 200) return 'Already answered';
	return undefined;
}

function resumedIn(body: unknown): boolean {
	return isDataObject(body) && body.resumed === true;
}

/**
 * Resumes the waiting execution for a card click. The result says whether it resumed, and
 * otherwise which passive reply to send (already built as callback XML, to be encrypted).
 */
export async function resumeForCardClick(
	context: IWebhookFunctions,
	message: IDataObject,
	resumePath: string,
	nowSeconds: number,
): Promise<CardClickOutcome> {
	const origin = new URL(context.getNodeWebhookUrl('default') ?? '').origin;
	let status = 0;
	let body: unknown;
	try {
		const response: unknown = await context.helpers.httpRequest({
			method: 'POST',
			url: `${origin}${resumePath}`,
			body: {
				userid: text(message, 'FromUserName'),
				responseCode: text(message, 'ResponseCode'),
				taskId: text(message, 'TaskId'),
			},
			json: true,
			headers: { 'User-Agent': CLICK_USER_AGENT },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: RESUME_TIMEOUT_MS,
		});
		if (isDataObject(response)) {
			status = Number(response.statusCode) || 0;
			body = response.body;
		}
	} catch (error) {
		context.logger.warn(
			`WeCom card click could not reach the waiting execution: ${error instanceof Error ? error.message : String(error)}`,
		);
	}
	if (status === 200 && resumedIn(body)) return { kind: 'resumed' };
	const label = labelForRefusal(status);
	if (label === undefined) return { kind: 'unreachable' };
	const replyXml = buildCallbackXml({
		ToUserName: text(message, 'FromUserName'),
		FromUserName: text(message, 'ToUserName'),
		CreateTime: nowSeconds,
		MsgType: 'update_button',
		Button: { ReplaceName: label },
	});
	return { kind: 'refused', replyXml };
}
