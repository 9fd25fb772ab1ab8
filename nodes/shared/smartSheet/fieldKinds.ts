import type { FieldType } from 'n8n-workflow';

/*
 * Smart sheet field types (wedoc/smartsheet/get_fields `field_type`, e.g. FIELD_TYPE_TEXT) and
 * what each means for a workflow: its label in n8n's UI, the resource mapper's input type, and
 * whether the app API and the sheet webhook can write it (wecom-new-features.md §4.8, §4.9,
 * WeCom docs 100230 and 101240).
 */

const PREFIX = 'FIELD_TYPE_';

/** `FIELD_TYPE_SINGLE_SELECT` → `SINGLE_SELECT`; a bare kind passes through. */
export function kindOf(fieldType: unknown): string {
	const text = typeof fieldType === 'string' ? fieldType.trim().toUpperCase() : '';
	return text.startsWith(PREFIX) ? text.slice(PREFIX.length) : text;
}

/**
 * A field the webhook sample lists in its schema but shows no value for: WeCom's sample gives a
 * value for every field the webhook can write, so this one is treated as not writable.
 */
export const NOT_IN_SAMPLE = 'NOT_IN_SAMPLE';

/** The names WeCom's editor shows for each type. */
const LABELS: Record<string, string> = {
	TEXT: 'Text',
	NUMBER: 'Number',
	CURRENCY: 'Currency',
	PERCENTAGE: 'Percentage',
	PROGRESS: 'Progress',
	CHECKBOX: 'Checkbox',
	DATE_TIME: 'Date',
	IMAGE: 'Image',
	ATTACHMENT: 'File',
	USER: 'Member',
	CREATED_USER: 'Creator',
	MODIFIED_USER: 'Last Editor',
	URL: 'Link',
	SELECT: 'Multiple Select',
	SINGLE_SELECT: 'Single Select',
	PHONE_NUMBER: 'Phone Number',
	EMAIL: 'Email',
	BARCODE: 'Barcode',
	LOCATION: 'Location',
	AUTONUMBER: 'Auto Number',
	REFERENCE: 'Link to Records',
	CREATED_TIME: 'Created Time',
	MODIFIED_TIME: 'Last Edited Time',
	FORMULA: 'Formula',
	WWGROUP: 'Group Chat',
	LOOKUP: 'Lookup',
	[NOT_IN_SAMPLE]: 'No Sample Value',
};

export function kindLabel(kind: string): string {
	return LABELS[kind] ?? kind;
}

/** WeCom fills these in itself; the app API refuses writes to them. */
const READ_ONLY = new Set([
	'CREATED_TIME',
	'MODIFIED_TIME',
	'CREATED_USER',
	'MODIFIED_USER',
	'AUTONUMBER',
	'FORMULA',
	'LOOKUP',
	// Their write shapes are not documented (§4.10): refused here rather than guessed.
	'REFERENCE',
	'WWGROUP',
]);

/** The sheet webhook cannot write these (doc 101240), besides the read-only ones. */
const WEBHOOK_UNWRITABLE = new Set([...READ_ONLY, 'ATTACHMENT', NOT_IN_SAMPLE]);

export function isReadOnlyKind(kind: string): boolean {
	return READ_ONLY.has(kind);
}

export function isWebhookWritableKind(kind: string): boolean {
	return !WEBHOOK_UNWRITABLE.has(kind);
}

/** Kinds whose cell holds a list (the flat value is an array). */
const LIST_KINDS = new Set(['USER', 'SELECT', 'IMAGE', 'ATTACHMENT', 'REFERENCE', 'CREATED_USER', 'MODIFIED_USER']);

export function isListKind(kind: string): boolean {
	return LIST_KINDS.has(kind);
}

/**
 * The resource mapper's input for a kind: a toggle, a number box, a list, or text. Dates are text
 * on purpose: n8n's dateTime check refuses Unix times (WeCom's own CreateTime), which the cell
 * encoder accepts along with ISO text and n8n dates.
 */
export function mapperTypeOf(kind: string): FieldType {
	switch (kind) {
		case 'NUMBER':
		case 'CURRENCY':
		case 'PERCENTAGE':
		case 'PROGRESS':
			return 'number';
		case 'CHECKBOX':
			return 'boolean';
		case 'SINGLE_SELECT':
			return 'options';
		case 'LOCATION':
			return 'object';
		default:
			return 'string';
	}
}
