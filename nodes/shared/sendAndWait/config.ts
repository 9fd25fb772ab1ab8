import { NodeOperationError, WAIT_INDEFINITELY } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { isDataObject } from '../dataObject';
import { FREE_TEXT_FIELD, fieldsFromElements, fieldsFromJson } from './formFields';
import type { FormDefinition } from './formFields';
import {
	RESPONSE_TYPE_APPROVAL,
	RESPONSE_TYPE_CUSTOM_FORM,
	RESPONSE_TYPE_FREE_TEXT,
} from './properties';
import { IN_CHAT_VIA } from './resumeReference';
import { messageParameter } from './toolReview';

/*
 * What one item's card says and where its buttons lead, read from the node's parameters.
 */

export type ResponseType =
	| typeof RESPONSE_TYPE_APPROVAL
	| typeof RESPONSE_TYPE_FREE_TEXT
	| typeof RESPONSE_TYPE_CUSTOM_FORM;

export interface ResponseButton {
	label: string;
	style: 'primary' | 'secondary';
	/** true for Approve and for the button that opens a form. */
	approved: boolean;
	/** n8n's signed resume URL for this choice. */
	url: string;
}

export interface SendAndWaitCard {
	title: string;
	message: string;
	responseType: ResponseType;
	buttons: ResponseButton[];
}

function text(value: unknown, fallback = ''): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
}

function isResponseType(value: unknown): value is ResponseType {
	return (
		value === RESPONSE_TYPE_APPROVAL ||
		value === RESPONSE_TYPE_FREE_TEXT ||
		value === RESPONSE_TYPE_CUSTOM_FORM
	);
}

/** Reads a parameter of an execute context (by item) or a webhook context (the node's own). */
type ParameterReader = (name: string, fallback: unknown) => unknown;

export function executeParameters(context: IExecuteFunctions, itemIndex: number): ParameterReader {
	return (name, fallback) => context.getNodeParameter(name, itemIndex, fallback);
}

export function webhookParameters(context: IWebhookFunctions): ParameterReader {
	return (name, fallback) => context.getNodeParameter(name, fallback);
}

export function responseTypeOf(read: ParameterReader): ResponseType {
	const value = read('responseType', RESPONSE_TYPE_APPROVAL);
	return isResponseType(value) ? value : RESPONSE_TYPE_APPROVAL;
}

function objectAt(read: ParameterReader, name: string): IDataObject {
	const value = read(name, {});
	return isDataObject(value) ? value : {};
}

/**
 * The fields of the response page for this response type, or what keeps a Custom Form from being
 * built (naming the field at fault).
 */
export function formFieldsOf(read: ParameterReader): FormDefinition {
	const responseType = responseTypeOf(read);
	if (responseType === RESPONSE_TYPE_FREE_TEXT) return [FREE_TEXT_FIELD];
	if (responseType !== RESPONSE_TYPE_CUSTOM_FORM) return [];
	if (read('defineForm', 'fields') === 'json') return fieldsFromJson(read('jsonOutput', '[]'));
	return fieldsFromElements(objectAt(read, 'formFields').values);
}

export interface PageTexts {
	title: string;
	description: string;
	buttonLabel: string;
}

/** Title, text and button of the response page, from the Options (falling back to the card). */
export function pageTextsOf(read: ParameterReader): PageTexts {
	const options = objectAt(read, 'options');
	return {
		title:
			text(options.responseFormTitle).trim() || text(read('subject', '')).trim() || 'Your response',
		description: text(options.responseFormDescription).trim() || text(read('message', '')).trim(),
		buttonLabel: text(options.responseFormButtonLabel).trim() || 'Submit',
	};
}

export interface CardOptions {
	/** Adds `via=card` so the resume webhook accepts the clicker's user ID from the trigger. */
	inChat: boolean;
}

/**
 * One item's card: its texts and a button per choice, each with its own signed resume URL
 * (bound to this execution, this node, the choice and the item).
 */
export function cardFor(
	context: IExecuteFunctions,
	itemIndex: number,
	options: CardOptions,
): SendAndWaitCard {
	const read = executeParameters(context, itemIndex);
	const responseType = responseTypeOf(read);
	const form = formFieldsOf(read);
	if (!Array.isArray(form)) {
		throw new NodeOperationError(context.getNode(), form.message, {
			itemIndex,
			description:
				'Fix the form under Form Elements (or its JSON) so the response page can be built; nothing was sent.',
		});
	}
	const resumeUrl = (approved: boolean) =>
		context.getSignedResumeUrl({
			approved: String(approved),
			item: String(itemIndex),
			...(options.inChat ? { via: IN_CHAT_VIA } : {}),
		});
	const title = text(read('subject', '')).trim();
	const message = text(messageParameter(context, itemIndex)).trim();
	if (!message) {
		throw new NodeOperationError(context.getNode(), 'Message is empty', {
			itemIndex,
			description:
				'Say what the person should answer: fill in Message, or check the expression that fills it.',
		});
	}
	const buttons: ResponseButton[] = [];
	if (responseType !== RESPONSE_TYPE_APPROVAL) {
		const label = text(objectAt(read, 'options').messageButtonLabel).trim() || 'Respond';
		buttons.push({ label, style: 'primary', approved: true, url: resumeUrl(true) });
	} else {
		const approval = objectAt(read, 'approvalOptions');
		const values = isDataObject(approval.values) ? approval.values : {};
		const style = (value: unknown, fallback: 'primary' | 'secondary') =>
			value === 'primary' || value === 'secondary' ? value : fallback;
		buttons.push({
			label: text(values.approveLabel).trim() || 'Approve',
			style: style(values.buttonApprovalStyle, 'primary'),
			approved: true,
			url: resumeUrl(true),
		});
		if (values.approvalType === 'double') {
			buttons.push({
				label: text(values.disapproveLabel).trim() || 'Decline',
				style: style(values.buttonDisapprovalStyle, 'secondary'),
				approved: false,
				url: resumeUrl(false),
			});
		}
	}
	return { title: title || 'Approval required', message, responseType, buttons };
}

const UNIT_MS: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/**
 * When the wait ends without an answer: never, unless Options → Limit Wait Time is set (as in
 * n8n's own send-and-wait nodes). Read from the first item, since one execution waits once.
 */
export function waitTillOf(context: IExecuteFunctions): Date {
	const options = executeParameters(context, 0)('options', {});
	const limit =
		isDataObject(options) && isDataObject(options.limitWaitTime)
			? options.limitWaitTime
			: undefined;
	const values = limit && isDataObject(limit.values) ? limit.values : undefined;
	if (!values) return WAIT_INDEFINITELY;
	let waitTill: Date;
	if (values.limitType === 'atSpecifiedTime') {
		waitTill = new Date(text(values.maxDateAndTime));
	} else {
		const amount = Number(values.resumeAmount ?? 45);
		waitTill = new Date(
			Date.now() + amount * (UNIT_MS[text(values.resumeUnit, 'minutes')] ?? UNIT_MS.minutes),
		);
	}
	if (Number.isNaN(waitTill.getTime())) {
		throw new NodeOperationError(context.getNode(), 'Limit Wait Time has no valid date', {
			description:
				'Pick a date and time under Options → Limit Wait Time, or give an amount and unit.',
		});
	}
	return waitTill;
}
