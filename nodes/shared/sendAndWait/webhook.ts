import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { isDataObject } from '../dataObject';
import { formFieldsOf, pageTextsOf, responseTypeOf, webhookParameters } from './config';
import { answersOf, firstText, submittedValues } from './formFields';
import type { FormField } from './formFields';
import { CHOICE_INPUT, PAGE_CSP, formPage, messagePage } from './pages';
import type { PageChoice } from './pages';
import { RESPONSE_TYPE_APPROVAL, RESPONSE_TYPE_FREE_TEXT } from './properties';
import { IN_CHAT_VIA, isAutomatedUserAgent } from './resumeReference';

/*
 * The resume webhook of "Send and Wait for Response" (the node's `webhook`): n8n calls it with a
 * request to the signed resume URL after checking the signature, only while the execution waits
 * at this node. What it returns as workflowData is the node's output, and the run goes on.
 *
 * - Approval link (GET): resumes at once, unless the user agent is a link preview or prefetcher.
 * - Approval link of a group card (`sharedCard`): GET shows a page with the choice (and a name
 *   field), only its POST resumes; the card's own link (no `approved` in the URL) offers every
 *   choice.
 * - Free Text / Custom Form: GET shows the form, its POST resumes with the answers.
 * - In-chat click (POST, `via=card`): sent by the WeCom Trigger with the clicker's user ID.
 */

/** What the trigger sends when it resumes an execution for a card click. */
export interface InChatClick {
	userid: string;
	responseCode: string;
	taskId: string;
}

/** Answer of the resume webhook to the WeCom Trigger, so it can tell the clicker what happened. */
export interface InChatResult {
	resumed: boolean;
	approved?: boolean;
}

export interface SendAndWaitWebhookHooks {
	/**
	 * Runs after an in-chat click was accepted and before the run goes on (e.g. update everyone's
	 * card); what it returns is added to the node's output `data`.
	 */
	onInChatDecision?: (click: InChatClick, approved: boolean, label: string) => Promise<IDataObject>;
	/**
	 * The card is seen by a whole group (the group bot): anyone may open its links, so a link never
	 * answers on GET, and WeCom does not say who tapped, so the page can ask for a name
	 * (`respondedBy` in the output).
	 */
	sharedCard?: { askForName: boolean };
}

function queryText(query: unknown, name: string): string {
	if (!isDataObject(query)) return '';
	const value = query[name];
	return typeof value === 'string' ? value : '';
}

function sendPage(context: IWebhookFunctions, status: number, html: string): void {
	const res = context.getResponseObject();
	res.status(status);
	res.setHeader('Content-Type', 'text/html; charset=utf-8');
	res.setHeader('Content-Security-Policy', PAGE_CSP);
	res.setHeader('Cache-Control', 'no-store');
	res.setHeader('X-Robots-Tag', 'noindex');
	res.end(html);
}

/** Answer with a page and resume the run with `data` as the node's output. */
function resume(
	context: IWebhookFunctions,
	data: IDataObject,
	itemIndex: number,
	html: string,
): IWebhookResponseData {
	sendPage(context, 200, html);
	const item: INodeExecutionData = {
		json: { data: { ...data, respondedAt: new Date().toISOString() } },
		pairedItem: { item: itemIndex },
	};
	return { noWebhookResponse: true, workflowData: [[item]] };
}

/** Answer with a page and leave the run waiting. */
function stay(context: IWebhookFunctions, status: number, html: string): IWebhookResponseData {
	sendPage(context, status, html);
	return { noWebhookResponse: true };
}

const RECORDED = messagePage(
	'Got it, thanks',
	'Your answer was recorded. This page can be closed now.',
);

function itemIndexOf(query: unknown): number {
	const index = Number(queryText(query, 'item'));
	return Number.isInteger(index) && index >= 0 ? index : 0;
}

/** The node's Approval Options (labels, type of approval), empty when none were added. */
function approvalValuesOf(context: IWebhookFunctions): IDataObject {
	const options: unknown = context.getNodeParameter('approvalOptions', {});
	return isDataObject(options) && isDataObject(options.values) ? options.values : {};
}

function approvalLabel(context: IWebhookFunctions, approved: boolean): string {
	const values = approvalValuesOf(context);
	const label = approved ? values.approveLabel : values.disapproveLabel;
	return typeof label === 'string' && label.trim()
		? label.trim()
		: approved
			? 'Approve'
			: 'Decline';
}

function clickOf(body: IDataObject): InChatClick {
	const text = (value: unknown) => (typeof value === 'string' ? value : '');
	return {
		userid: text(body.userid),
		responseCode: text(body.responseCode),
		taskId: text(body.taskId),
	};
}

async function inChatClick(
	context: IWebhookFunctions,
	approved: boolean,
	itemIndex: number,
	hooks: SendAndWaitWebhookHooks,
): Promise<IWebhookResponseData> {
	const click = clickOf(context.getBodyData());
	const label = approvalLabel(context, approved);
	const extra = (await hooks.onInChatDecision?.(click, approved, label)) ?? {};
	const result: InChatResult = { resumed: true, approved };
	const item: INodeExecutionData = {
		json: {
			data: { approved, userid: click.userid, ...extra, respondedAt: new Date().toISOString() },
		},
		pairedItem: { item: itemIndex },
	};
	const res = context.getResponseObject();
	res.status(200);
	res.setHeader('Content-Type', 'application/json; charset=utf-8');
	res.end(JSON.stringify(result));
	return { noWebhookResponse: true, workflowData: [[item]] };
}

/** The name field of a shared card's page; its own input name, so no form field can clash. */
const NAME_FIELD: FormField = {
	label: 'Your name',
	type: 'text',
	required: true,
	placeholder: '',
	options: [],
	inputName: 'respondedBy',
};

/** The answers a shared card's approval page offers: the link's own, or all of them (card tap). */
function approvalChoicesOf(context: IWebhookFunctions, query: unknown): PageChoice[] {
	const asked = queryText(query, 'approved');
	const choice = (approved: boolean) => ({ label: approvalLabel(context, approved), value: String(approved) });
	if (asked === 'true' || asked === 'false') return [choice(asked === 'true')];
	return approvalValuesOf(context).approvalType === 'double' ? [choice(true), choice(false)] : [choice(true)];
}

/**
 * A group card's page: GET shows it, POST resumes with the answers, the pressed choice and the
 * name. Nothing resumes on GET, so a preview, a prefetch or a curious tap changes nothing.
 */
function sharedCardPage(
	context: IWebhookFunctions,
	shared: { askForName: boolean },
	page: { texts: ReturnType<typeof pageTextsOf>; fields: FormField[]; choices?: PageChoice[] },
	itemIndex: number,
	toOutput: (answers: IDataObject, choice: string) => IDataObject,
): IWebhookResponseData {
	const fields = shared.askForName ? [...page.fields, NAME_FIELD] : page.fields;
	const show = (problem?: string) =>
		stay(context, 200, formPage({ ...page.texts, fields, choices: page.choices, problem }));
	if (context.getRequestObject().method !== 'POST') return show();
	const submitted = submittedValues(context.getBodyData());
	const choice = firstText(submitted[CHOICE_INPUT]);
	if (page.choices && !page.choices.some((offered) => offered.value === choice)) {
		return show('Please answer with one of the buttons.');
	}
	const form = answersOf(page.fields, submitted);
	const who = answersOf(shared.askForName ? [NAME_FIELD] : [], submitted);
	const missing = [...form.missing, ...who.missing];
	if (missing.length) return show(`Please fill in: ${missing.join(', ')}`);
	const respondedBy = who.answers[NAME_FIELD.label];
	return resume(
		context,
		{ ...toOutput(form.answers, choice), ...(shared.askForName ? { respondedBy } : {}) },
		itemIndex,
		RECORDED,
	);
}

export async function sendAndWaitWebhook(
	this: IWebhookFunctions,
	hooks: SendAndWaitWebhookHooks = {},
): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const method = request.method;
	const query: unknown = request.query;
	const read = webhookParameters(this);
	const responseType = responseTypeOf(read);
	const approved = queryText(query, 'approved') === 'true';
	const itemIndex = itemIndexOf(query);

	if (queryText(query, 'via') === IN_CHAT_VIA) {
		if (method !== 'POST' || responseType !== RESPONSE_TYPE_APPROVAL) {
			return stay(
				this,
				400,
				messagePage('Not a link', 'This answer can only be given with the buttons in WeCom.'),
			);
		}
		return await inChatClick(this, approved, itemIndex, hooks);
	}

	if (responseType === RESPONSE_TYPE_APPROVAL) {
		if (hooks.sharedCard) {
			const texts = pageTextsOf(read);
			const choices = approvalChoicesOf(this, query);
			return sharedCardPage(this, hooks.sharedCard, { texts, fields: [], choices }, itemIndex, (_answers, choice) => ({
				approved: choice === 'true',
			}));
		}
		// A link preview or prefetch fetches the URL before anyone clicks: it must not answer.
		const userAgent = request.headers['user-agent'];
		if (
			method !== 'GET' ||
			isAutomatedUserAgent(typeof userAgent === 'string' ? userAgent : undefined)
		) {
			return stay(this, 200, '');
		}
		return resume(this, { approved }, itemIndex, RECORDED);
	}

	const fields = formFieldsOf(read);
	// The form was checked when the card was sent; it can only break if the node was edited since.
	if (!Array.isArray(fields))
		return stay(this, 500, messagePage('This form cannot be shown', fields.message));
	const texts = pageTextsOf(read);
	const formOutput = (answers: IDataObject): IDataObject =>
		responseType === RESPONSE_TYPE_FREE_TEXT ? { text: answers[fields[0].label] } : answers;
	if (hooks.sharedCard) {
		return sharedCardPage(this, hooks.sharedCard, { texts, fields }, itemIndex, formOutput);
	}
	if (method !== 'POST') return stay(this, 200, formPage({ ...texts, fields }));
	const { answers, missing } = answersOf(fields, submittedValues(this.getBodyData()));
	if (missing.length) {
		return stay(
			this,
			200,
			formPage({ ...texts, fields, problem: `Please fill in: ${missing.join(', ')}` }),
		);
	}
	return resume(this, formOutput(answers), itemIndex, RECORDED);
}
