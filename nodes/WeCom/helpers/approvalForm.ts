import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode, INodePropertyOptions, ResourceMapperField } from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import { splitIdList, textOf } from './parameters';

/*
 * An approval template's form (oa/gettemplatedetail, doc 91982) as fields of n8n's resource
 * mapper, and the mapped values back into apply_data.contents for oa/applyevent (doc 91853).
 * Controls whose value has parts (a date range, a leave, a location) get one field per part, named
 * "<title>: Start" and so on; the field IDs are "<control id>|<part>".
 */

/** One control of a template, flattened. */
export interface FormControl {
	kind: string;
	id: string;
	/** English title when the template has one, else the first. */
	title: string;
	/** Every title the template gives (any language), to match table columns by. */
	titles: string[];
	required: boolean;
	config: IDataObject;
	/** Columns of a Table control. */
	columns: FormControl[];
}

/** Where a form error is reported: the node and the item. */
export interface FormScope {
	node: INode;
	itemIndex: number;
}

/** A mistake in the mapped values, said in the form's own words, with what to do about it. */
export function formError(scope: FormScope, message: string, hint: string): NodeOperationError {
	return new NodeOperationError(scope.node, message, {
		itemIndex: scope.itemIndex,
		description: hint,
	});
}

/** Controls WeCom fills in itself or shows only: nothing to submit. */
const NOT_SUBMITTED = new Set(['Tips', 'Formula']);

/** Controls this form can build a value for; others go through JSON mode. */
export const SUPPORTED_CONTROLS = [
	'Text',
	'Textarea',
	'Number',
	'Money',
	'Date',
	'DateRange',
	'Selector',
	'Contact',
	'File',
	'Table',
	'Vacation',
	'Attendance',
	'Location',
	'RelatedApproval',
];

export const MAX_FILES = 6;
const PART = '|';

function texts(value: unknown): Array<{ text: string; lang: string }> {
	return (Array.isArray(value) ? value : []).filter(isDataObject).map((entry) => ({
		text: textOf(entry.text),
		lang: textOf(entry.lang),
	}));
}

/** The English text of a [{text, lang}] list, or its first. */
export function preferredText(value: unknown): string {
	const entries = texts(value);
	return (entries.find((entry) => entry.lang === 'en') ?? entries[0])?.text ?? '';
}

function controlOf(entry: IDataObject): FormControl | undefined {
	const property = isDataObject(entry.property) ? entry.property : undefined;
	if (!property) return undefined;
	const config = isDataObject(entry.config) ? entry.config : {};
	const table = isDataObject(config.table) ? config.table : {};
	const columns = (Array.isArray(table.children) ? table.children : [])
		.filter(isDataObject)
		.map(controlOf)
		.filter((column): column is FormControl => column !== undefined);
	const id = textOf(property.id);
	return {
		kind: textOf(property.control),
		id,
		title: preferredText(property.title) || id,
		titles: texts(property.title).map((title) => title.text),
		required: Number(property.require) === 1,
		config,
		columns,
	};
}

/** The controls of a gettemplatedetail answer, in the template's order. */
export function controlsOfTemplate(template: IDataObject): FormControl[] {
	const content = isDataObject(template.template_content) ? template.template_content : {};
	return (Array.isArray(content.controls) ? content.controls : [])
		.filter(isDataObject)
		.map(controlOf)
		.filter((control): control is FormControl => control !== undefined);
}

function selectorOptions(control: FormControl): Array<{ key: string; labels: string[] }> {
	const selector = isDataObject(control.config.selector) ? control.config.selector : {};
	return (Array.isArray(selector.options) ? selector.options : [])
		.filter(isDataObject)
		.map((option) => ({
			key: textOf(option.key),
			labels: texts(option.value).map((entry) => entry.text),
		}));
}

function isMulti(control: FormControl, configKey: 'selector' | 'contact'): boolean {
	const config = control.config[configKey];
	return isDataObject(config) && config.type === 'multi';
}

function vacationTypes(
	control: FormControl,
): Array<{ id: string; name: string; names: Array<{ text: string; lang: string }> }> {
	const list = isDataObject(control.config.vacation_list) ? control.config.vacation_list : {};
	return (Array.isArray(list.item) ? list.item : []).filter(isDataObject).map((item) => ({
		id: textOf(item.id),
		name: preferredText(item.name),
		names: texts(item.name),
	}));
}

function isDepartmentContact(control: FormControl): boolean {
	return isDataObject(control.config.contact) && control.config.contact.mode === 'department';
}

function field(
	id: string,
	displayName: string,
	required: boolean,
	type: ResourceMapperField['type'],
	options?: INodePropertyOptions[],
): ResourceMapperField {
	return {
		id,
		displayName,
		required,
		defaultMatch: false,
		display: true,
		type,
		...(options ? { options } : {}),
	};
}

/** The resource mapper's fields for a template's controls. */
export function mapperFieldsOf(controls: FormControl[]): ResourceMapperField[] {
	return controls.flatMap((control): ResourceMapperField[] => {
		const { id, title, required } = control;
		switch (control.kind) {
			case 'Text':
			case 'Textarea':
				return [field(id, title, required, 'string')];
			case 'Number':
			case 'Money':
				return [field(id, title, required, 'number')];
			case 'Date':
				return [field(id, title, required, 'dateTime')];
			case 'DateRange':
			case 'Attendance':
				return [
					field(`${id}${PART}begin`, `${title}: Start`, required, 'dateTime'),
					field(`${id}${PART}end`, `${title}: End`, required, 'dateTime'),
				];
			case 'Selector': {
				const options = selectorOptions(control).map((option) => ({
					name: option.labels.find(Boolean) ?? option.key,
					value: option.key,
				}));
				return isMulti(control, 'selector')
					? [field(id, `${title} (Labels, Comma-Separated)`, required, 'string')]
					: [field(id, title, required, 'options', options)];
			}
			case 'Contact':
				return [
					field(
						id,
						`${title} (${isDepartmentContact(control) ? 'Department IDs' : 'User IDs'}${isMulti(control, 'contact') ? ', Comma-Separated' : ''})`,
						required,
						'string',
					),
				];
			case 'File':
				return [field(id, `${title} (Binary Fields, Comma-Separated)`, required, 'string')];
			case 'Table':
				return [
					field(
						id,
						`${title} (Rows: [{"${control.columns[0]?.title ?? 'Column'}": …}])`,
						required,
						'array',
					),
				];
			case 'Vacation': {
				const options = vacationTypes(control).map((type) => ({ name: type.name, value: type.id }));
				return [
					field(`${id}${PART}type`, `${title}: Type`, required, 'options', options),
					field(`${id}${PART}begin`, `${title}: Start`, required, 'dateTime'),
					field(`${id}${PART}end`, `${title}: End`, required, 'dateTime'),
				];
			}
			case 'Location':
				return [
					field(`${id}${PART}latitude`, `${title}: Latitude`, required, 'number'),
					field(`${id}${PART}longitude`, `${title}: Longitude`, required, 'number'),
					field(`${id}${PART}title`, `${title}: Place Name`, required, 'string'),
					field(`${id}${PART}address`, `${title}: Address`, false, 'string'),
				];
			case 'RelatedApproval':
				return [field(id, `${title} (Approval Numbers, Comma-Separated)`, required, 'string')];
			default:
				return [];
		}
	});
}

function isEmpty(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		(typeof value === 'string' && value.trim() === '') ||
		(Array.isArray(value) && value.length === 0)
	);
}

/** Unix seconds from a date-time (ISO text, a JS Date, a Luxon DateTime, or seconds/milliseconds). */
export function toUnixSeconds(scope: FormScope, value: unknown, label: string): number {
	let millis = NaN;
	if (typeof value === 'number') millis = value > 1e12 ? value : value * 1000;
	else if (typeof value === 'string' && /^\d+$/.test(value.trim()))
		millis = Number(value) > 1e12 ? Number(value) : Number(value) * 1000;
	else if (typeof value === 'string') millis = Date.parse(value);
	else if (value instanceof Date) millis = value.getTime();
	else if (isDataObject(value) && typeof value.toMillis === 'function')
		millis = Number(value.toMillis());
	if (!Number.isFinite(millis)) {
		throw formError(
			scope,
			`"${label}" is not a date: ${textOf(value) || typeof value}`,
			'Give a date such as 2026-12-01 or 2026-12-01T09:00:00, or a Unix timestamp.',
		);
	}
	return Math.floor(millis / 1000);
}

function decimalText(scope: FormScope, value: unknown, label: string): string {
	const text = textOf(value).trim();
	if (!/^-?\d+(\.\d+)?$/.test(text))
		throw formError(
			scope,
			`"${label}" must be a number, not "${text}"`,
			'Map a number, e.g. 120.50, without currency signs or thousands separators.',
		);
	return text;
}

/** Resolves the binary field names of a File control to WeCom file IDs (uploads in the same step). */
export type FileUploader = (binaryPropertyName: string, control: FormControl) => Promise<string>;

function dateRange(
	scope: FormScope,
	begin: unknown,
	end: unknown,
	type: string,
	label: string,
): IDataObject {
	const newBegin = toUnixSeconds(scope, begin, `${label}: Start`);
	const newEnd = toUnixSeconds(scope, end, `${label}: End`);
	if (newEnd < newBegin)
		throw formError(scope, `"${label}" ends before it starts`, 'Swap the Start and End values.');
	return { type, new_begin: newBegin, new_end: newEnd, new_duration: newEnd - newBegin };
}

function configType(config: unknown, key: string, fallback: string): string {
	return isDataObject(config) && typeof config[key] === 'string' ? String(config[key]) : fallback;
}

/** The value of one single-field control (also used for table cells). */
function simpleValue(scope: FormScope, control: FormControl, raw: unknown): IDataObject {
	const { kind, title } = control;
	switch (kind) {
		case 'Text':
		case 'Textarea':
			return { text: textOf(raw) };
		case 'Number':
			return { new_number: decimalText(scope, raw, title) };
		case 'Money':
			return { new_money: decimalText(scope, raw, title) };
		case 'Date':
			return {
				date: {
					type: configType(control.config.date, 'type', 'day'),
					s_timestamp: String(toUnixSeconds(scope, raw, title)),
				},
			};
		case 'Selector': {
			const options = selectorOptions(control);
			const wanted = isMulti(control, 'selector') ? splitLabels(raw) : [textOf(raw).trim()];
			const keys = wanted.map((label) => {
				const option = options.find((entry) => entry.key === label || entry.labels.includes(label));
				if (!option) {
					throw formError(
						scope,
						`"${title}" has no option "${label}"`,
						`Choose one of: ${options.map((entry) => entry.labels[0] ?? entry.key).join(', ')}.`,
					);
				}
				return { key: option.key };
			});
			if (!isMulti(control, 'selector') && keys.length > 1)
				throw formError(scope, `"${title}" takes one option`, 'Give a single option.');
			return {
				selector: { type: isMulti(control, 'selector') ? 'multi' : 'single', options: keys },
			};
		}
		case 'Contact': {
			const ids = splitIdList(raw);
			if (!isMulti(control, 'contact') && ids.length > 1)
				throw formError(
					scope,
					`"${title}" takes one ${isDepartmentContact(control) ? 'department' : 'member'}`,
					'Give a single ID.',
				);
			return isDepartmentContact(control)
				? { departments: ids.map((id) => ({ openapi_id: id })) }
				: { members: ids.map((userid) => ({ userid })) };
		}
		case 'RelatedApproval':
			return { related_approval: splitIdList(raw).map((spNo) => ({ sp_no: spNo })) };
		default:
			throw formError(
				scope,
				`"${title}" is a ${kind} control, which this form cannot fill in`,
				'Use Input Mode → JSON for this template.',
			);
	}
}

function splitLabels(raw: unknown): string[] {
	if (Array.isArray(raw)) return raw.map((entry) => textOf(entry).trim()).filter(Boolean);
	return textOf(raw)
		.split(/[,，]/)
		.map((label) => label.trim())
		.filter(Boolean);
}

function tableRows(scope: FormScope, control: FormControl, raw: unknown): IDataObject[] {
	let rows: unknown = raw;
	if (typeof raw === 'string') {
		try {
			rows = JSON.parse(raw);
		} catch {
			throw formError(
				scope,
				`"${control.title}" is not a JSON list of rows`,
				`Give rows such as [{"${control.columns[0]?.title ?? 'Column'}": "…"}].`,
			);
		}
	}
	if (!Array.isArray(rows) || !rows.every(isDataObject)) {
		throw formError(
			scope,
			`"${control.title}" must be a list of rows`,
			'Each row is an object keyed by the column titles (or column IDs).',
		);
	}
	return rows.map((row) => {
		const list = control.columns.flatMap((column) => {
			const key = Object.keys(row).find(
				(name) => name === column.id || column.titles.includes(name) || name === column.title,
			);
			const cell = key === undefined ? undefined : row[key];
			if (isEmpty(cell)) {
				if (column.required)
					throw formError(
						scope,
						`A row of "${control.title}" has no "${column.title}"`,
						'Fill in every required column of every row.',
					);
				return [];
			}
			return [{ control: column.kind, id: column.id, value: simpleValue(scope, column, cell) }];
		});
		return { list };
	});
}

/**
 * apply_data.contents from the mapped values (keyed by mapper field ID). Required controls that
 * are empty are reported by title before anything is sent. Files are uploaded through `upload`.
 */
export async function contentsFromValues(
	scope: FormScope,
	controls: FormControl[],
	values: IDataObject,
	upload: FileUploader,
): Promise<IDataObject[]> {
	const contents: IDataObject[] = [];
	const part = (control: FormControl, name: string) => values[`${control.id}${PART}${name}`];
	for (const control of controls) {
		if (NOT_SUBMITTED.has(control.kind)) continue;
		const parts = mapperFieldsOf([control]).map((entry) => values[entry.id]);
		if (parts.length === 0 || parts.every(isEmpty)) {
			if (control.required) {
				throw formError(
					scope,
					`The form field "${control.title}" is required`,
					`Map a value to "${control.title}" (${control.kind}, ID ${control.id}) in Form Fields.`,
				);
			}
			continue;
		}
		const { kind, id, title } = control;
		let value: IDataObject;
		switch (kind) {
			case 'DateRange':
				value = {
					date_range: dateRange(
						scope,
						part(control, 'begin'),
						part(control, 'end'),
						configType(control.config.date_range, 'type', 'halfday'),
						title,
					),
				};
				break;
			case 'Attendance': {
				const attendance = isDataObject(control.config.attendance) ? control.config.attendance : {};
				value = {
					attendance: {
						date_range: dateRange(
							scope,
							part(control, 'begin'),
							part(control, 'end'),
							configType(attendance.date_range, 'type', 'hour'),
							title,
						),
						type: Number(attendance.type ?? 4),
					},
				};
				break;
			}
			case 'Vacation': {
				const typeId = textOf(part(control, 'type')).trim();
				const type = vacationTypes(control).find(
					(entry) => entry.id === typeId || entry.names.some((name) => name.text === typeId),
				);
				if (!type) {
					throw formError(
						scope,
						`"${title}: Type" has no leave type "${typeId}"`,
						`Choose one of: ${vacationTypes(control)
							.map((entry) => entry.name)
							.join(', ')}.`,
					);
				}
				value = {
					vacation: {
						selector: {
							type: 'single',
							options: [{ key: type.id, value: type.names }],
							exp_type: 0,
						},
						attendance: {
							date_range: dateRange(
								scope,
								part(control, 'begin'),
								part(control, 'end'),
								'halfday',
								title,
							),
							type: 1,
						},
					},
				};
				break;
			}
			case 'Location':
				value = {
					location: {
						latitude: decimalText(scope, part(control, 'latitude'), `${title}: Latitude`),
						longitude: decimalText(scope, part(control, 'longitude'), `${title}: Longitude`),
						title: textOf(part(control, 'title')),
						address: textOf(part(control, 'address')),
						time: Math.floor(Date.now() / 1000),
					},
				};
				break;
			case 'File': {
				const names = splitIdList(values[id]);
				if (names.length > MAX_FILES)
					throw formError(
						scope,
						`"${title}" has ${names.length} files; WeCom takes at most ${MAX_FILES}`,
						'Send fewer files, or zip them into one.',
					);
				const files: IDataObject[] = [];
				for (const name of names) files.push({ file_id: await upload(name, control) });
				value = { files };
				break;
			}
			case 'Table':
				value = { children: tableRows(scope, control, values[id]) };
				break;
			default:
				value = simpleValue(scope, control, values[id]);
		}
		contents.push({ control: kind, id, value });
	}
	return contents;
}

/** The control an errmsg of 301025 names ("File-1636358214395 is required"), if any. */
export function controlNamedIn(errmsg: string, controls: FormControl[]): FormControl | undefined {
	const all = controls.flatMap((control) => [control, ...control.columns]);
	return all
		.filter((control) => control.id !== '' && errmsg.includes(control.id))
		.sort((a, b) => b.id.length - a.id.length)[0];
}
