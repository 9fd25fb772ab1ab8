import type { IDataObject } from 'n8n-workflow';

import { isDataObject } from '../dataObject';
import { FORM_FIELD_TYPES } from './properties';
import type { FormFieldType } from './properties';

/*
 * The fields of a response page: the Free Text box, or a Custom Form defined with the node's
 * Form Elements or as JSON in n8n's Form node shape. Read the same way when the card is sent
 * (so a form that cannot be built fails the node before anything is sent) and when the page is
 * served or answered.
 */

export interface FormField {
	label: string;
	type: FormFieldType;
	required: boolean;
	placeholder: string;
	/** The choices of a dropdown. */
	options: string[];
	/** The HTML name of its input; by default its position (inputNameOf). */
	inputName?: string;
}

/** The one field of a Free Text response. */
export const FREE_TEXT_FIELD: FormField = {
	label: 'Response',
	type: 'textarea',
	required: true,
	placeholder: '',
	options: [],
};

/** A form definition that cannot be built, with what is wrong in the user's terms. */
export class FormDefinitionProblem {
	constructor(readonly message: string) {}
}

/** The fields, or the first problem found. */
export type FormDefinition = FormField[] | FormDefinitionProblem;

function isFieldType(value: unknown): value is FormFieldType {
	return typeof value === 'string' && (FORM_FIELD_TYPES as readonly string[]).includes(value);
}

function text(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function optionsOf(entry: IDataObject): string[] {
	const holder = entry.fieldOptions;
	const values = isDataObject(holder) ? holder.values : undefined;
	const list = Array.isArray(values) ? values : [];
	return list
		.map((option) => (isDataObject(option) ? text(option.option).trim() : ''))
		.filter((option) => option !== '');
}

/** One field from a Form Elements entry or a JSON entry; `position` is 1-based, for messages. */
function fieldOf(entry: unknown, position: number): FormField | FormDefinitionProblem {
	if (!isDataObject(entry))
		return new FormDefinitionProblem(`Form field #${position} is not an object`);
	const label = text(entry.fieldLabel).trim();
	if (!label) return new FormDefinitionProblem(`Form field #${position} has no fieldLabel`);
	const type = entry.fieldType === undefined ? 'text' : entry.fieldType;
	if (!isFieldType(type)) {
		return new FormDefinitionProblem(
			`Form field "${label}" has the type "${text(type)}"; use one of ${FORM_FIELD_TYPES.join(', ')}`,
		);
	}
	const options = optionsOf(entry);
	if (type === 'dropdown' && options.length === 0) {
		return new FormDefinitionProblem(`Form field "${label}" is a dropdown without options`);
	}
	return {
		label,
		type,
		required: entry.requiredField === true,
		placeholder: text(entry.placeholder),
		options,
	};
}

function definitionOf(entries: unknown[]): FormDefinition {
	const fields: FormField[] = [];
	const seen = new Set<string>();
	for (const [index, entry] of entries.entries()) {
		const field = fieldOf(entry, index + 1);
		if (field instanceof FormDefinitionProblem) return field;
		if (seen.has(field.label))
			return new FormDefinitionProblem(`Two form fields are named "${field.label}"`);
		seen.add(field.label);
		fields.push(field);
	}
	return fields.length === 0 ? new FormDefinitionProblem('The form has no fields') : fields;
}

/** Fields from the node's Form Elements (`formFields.values`). */
export function fieldsFromElements(values: unknown): FormDefinition {
	return definitionOf(Array.isArray(values) ? values : []);
}

/** Fields from the JSON definition (a list, or text holding one). */
export function fieldsFromJson(json: unknown): FormDefinition {
	let value = json;
	if (typeof json === 'string') {
		try {
			value = JSON.parse(json);
		} catch {
			return new FormDefinitionProblem(
				'The form’s JSON could not be read: check the brackets and quotes',
			);
		}
	}
	if (!Array.isArray(value))
		return new FormDefinitionProblem('The form’s JSON must be a list of fields');
	return definitionOf(value);
}

/** The HTML name of a field on the page: by position, so labels may hold any character. */
export function inputNameOf(index: number): string {
	return `field-${index}`;
}

/** The submitted values of a response page, as n8n parsed the POST (multipart or urlencoded). */
export function submittedValues(body: IDataObject): IDataObject {
	return isDataObject(body.data) ? body.data : body;
}

/** The first text of a submitted value (multipart may repeat a name). */
export function firstText(value: unknown): string {
	if (Array.isArray(value)) return firstText(value[0]);
	return text(value);
}

/**
 * The answers by field label, typed (numbers as numbers, checkboxes as booleans); a required
 * field left empty is reported by label.
 */
export function answersOf(
	fields: FormField[],
	submitted: IDataObject,
): { answers: IDataObject; missing: string[] } {
	const answers: IDataObject = {};
	const missing: string[] = [];
	fields.forEach((field, index) => {
		const raw = submitted[field.inputName ?? inputNameOf(index)];
		if (field.type === 'checkbox') {
			answers[field.label] = firstText(raw) !== '';
			return;
		}
		const value = firstText(raw).trim();
		if (value === '' && field.required) missing.push(field.label);
		if (field.type === 'number' && value !== '' && Number.isFinite(Number(value)))
			answers[field.label] = Number(value);
		else answers[field.label] = value;
	});
	return { answers, missing };
}
