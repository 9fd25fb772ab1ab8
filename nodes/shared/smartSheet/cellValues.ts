import type { IDataObject } from 'n8n-workflow';

import { isDataObject } from '../dataObject';
import { NOT_IN_SAMPLE, isListKind, isReadOnlyKind, isWebhookWritableKind, kindLabel, kindOf } from './fieldKinds';

/*
 * Cell values of smart sheets, both ways (wecom-new-features.md §4.8, §4.9; WeCom docs 100230,
 * 101240). A workflow gives and gets flat values (text, numbers, true/false, dates, labels, user
 * IDs); WeCom wants and sends one shape per field type:
 *
 *   Text            [{type:"text", text}]              flat: the text
 *   Number, Currency, Percentage, Progress  number     flat: the number
 *   Checkbox        true/false                         flat: the same
 *   Date            "1767225600000" (Unix ms, string)  flat: ISO 8601 (UTC); in: any n8n date
 *   Member          [{user_id}]                        flat: a list of user IDs
 *   Link            [{type:"url", text, link}]         flat: the link
 *   Single Select   [{id, text}]                       flat: the label
 *   Multiple Select [{id, text}, …]                    flat: a list of labels
 *   Phone, Email, Barcode  string                      flat: the same
 *   Location        [{source_type:1, id, latitude, longitude, title}]   flat: {title, latitude, longitude, id}
 *   Image           [{title, image_url, width, height}]   flat: a list of image URLs
 *   File            [{name, file_id, file_url, …}]     flat: the same objects
 *
 * The sheet webhook differs: cells are keyed by field ID, text is a plain string, a date is the
 * ms string, members go by name or by user ID, images are [{title, image_base64}] (pure base64),
 * options go by label ([{text}]) because the webhook cannot read option IDs.
 *
 * Encoders throw CellValueError, which says which field and what to give instead; the nodes add
 * the item index.
 */

export interface SelectOption {
	id: string;
	text: string;
}

/** One field as get_fields describes it. */
export interface SheetField {
	field_id: string;
	field_title: string;
	field_type: string;
	property_select_field?: { options?: SelectOption[] };
	property_single_select_field?: { options?: SelectOption[] };
}

export class CellValueError extends Error {
	constructor(
		readonly fieldTitle: string,
		message: string,
	) {
		super(message);
		this.name = 'CellValueError';
	}
}

function describeField(title: string, kind: string): string {
	return `Field "${title}" (${kindLabel(kind)})`;
}

function shortText(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** A value that says "leave this cell alone": nothing was mapped to it. */
export function isEmptyValue(value: unknown): boolean {
	return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Unix seconds up to this are read as seconds (year 5138); larger numbers as milliseconds. */
const LARGEST_SECONDS = 1e11;

function hasToMillis(value: unknown): value is { toMillis: () => number } {
	return typeof value === 'object' && value !== null && 'toMillis' in value && typeof value.toMillis === 'function';
}

/**
 * Unix milliseconds from any date n8n hands a node: a Luxon DateTime (the date picker, $now,
 * `{{ DateTime… }}`), a JS Date, an ISO 8601 or RFC 2822 text, Unix seconds or milliseconds (as a
 * number or digits). Undefined when the value is none of these.
 */
export function toUnixMs(value: unknown): number | undefined {
	if (hasToMillis(value)) {
		const ms = value.toMillis();
		return Number.isFinite(ms) ? ms : undefined;
	}
	if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : undefined;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return undefined;
		return Math.abs(value) <= LARGEST_SECONDS ? Math.round(value * 1000) : Math.round(value);
	}
	if (typeof value === 'string') {
		const text = value.trim();
		if (/^-?\d+(\.\d+)?$/.test(text)) return toUnixMs(Number(text));
		const parsed = Date.parse(text);
		return Number.isFinite(parsed) ? parsed : undefined;
	}
	return undefined;
}

function requireMs(title: string, kind: string, value: unknown): string {
	const ms = toUnixMs(value);
	if (ms === undefined) {
		throw new CellValueError(
			title,
			`${describeField(title, kind)}: ${shortText(value)} is not a date. Give an ISO date such as 2026-01-31T09:00:00+08:00, a Unix time, or an n8n date such as {{ $now }}.`,
		);
	}
	return String(ms);
}

function requireNumber(title: string, kind: string, value: unknown): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		throw new CellValueError(title, `${describeField(title, kind)}: ${shortText(value)} is not a number.`);
	}
	return number;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on', 'checked']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off', 'unchecked', '']);

function requireBoolean(title: string, kind: string, value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (word !== undefined && TRUE_WORDS.has(word)) return true;
	if (word !== undefined && FALSE_WORDS.has(word)) return false;
	throw new CellValueError(title, `${describeField(title, kind)}: ${shortText(value)} is not true or false.`);
}

function requireText(title: string, kind: string, value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new CellValueError(title, `${describeField(title, kind)}: expects text, got ${shortText(value)}.`);
}

/**
 * A list from a flat value: an array, or text with entries separated by commas (n8n's resource
 * mapper hands text). Entries are trimmed, empty ones dropped.
 */
export function toList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value.filter((entry) => !isEmptyValue(entry));
	if (typeof value === 'string') {
		const text = value.trim();
		if (text.startsWith('[')) {
			try {
				const parsed: unknown = JSON.parse(text);
				if (Array.isArray(parsed)) return toList(parsed);
			} catch {
				// Not JSON: a comma-separated list after all.
			}
		}
		return text
			.split(',')
			.map((entry) => entry.trim())
			.filter((entry) => entry !== '');
	}
	return isEmptyValue(value) ? [] : [value];
}

/** A user ID from a flat entry: the ID itself, a picker value `{mode, value}`, or `{user_id}`. */
function userIdOf(title: string, kind: string, entry: unknown): string {
	if (typeof entry === 'string') return entry.trim();
	if (isDataObject(entry)) {
		if (typeof entry.user_id === 'string') return entry.user_id;
		if (typeof entry.value === 'string') return entry.value;
		if (typeof entry.userid === 'string') return entry.userid;
	}
	throw new CellValueError(title, `${describeField(title, kind)}: ${shortText(entry)} is not a user ID.`);
}

function urlCell(title: string, kind: string, value: unknown): IDataObject[] {
	if (Array.isArray(value) && value.length === 1) return urlCell(title, kind, value[0]);
	const link = typeof value === 'string' ? value.trim() : isDataObject(value) ? value.link : undefined;
	if (typeof link !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(link)) {
		throw new CellValueError(
			title,
			`${describeField(title, kind)}: ${shortText(value)} is not a link. Give a full URL such as https://example.com.`,
		);
	}
	const text = isDataObject(value) && typeof value.text === 'string' && value.text !== '' ? value.text : link;
	return [{ type: 'url', text, link }];
}

function locationCell(title: string, kind: string, value: unknown): IDataObject[] {
	let place: unknown = Array.isArray(value) && value.length === 1 ? value[0] : value;
	if (typeof place === 'string') {
		try {
			place = JSON.parse(place);
		} catch {
			place = undefined;
		}
	}
	if (!isDataObject(place) || place.latitude === undefined || place.longitude === undefined) {
		throw new CellValueError(
			title,
			`${describeField(title, kind)}: expects one place as {"title": "…", "latitude": 39.9, "longitude": 116.4}.`,
		);
	}
	const latitude = requireNumber(title, kind, place.latitude);
	const longitude = requireNumber(title, kind, place.longitude);
	return [
		{
			source_type: 1,
			id: typeof place.id === 'string' ? place.id : '',
			latitude: String(latitude),
			longitude: String(longitude),
			title: typeof place.title === 'string' ? place.title : `${latitude},${longitude}`,
		},
	];
}

function optionsOf(field: SheetField): SelectOption[] {
	return field.property_select_field?.options ?? field.property_single_select_field?.options ?? [];
}

function labelOf(entry: unknown): string | undefined {
	if (typeof entry === 'string') return entry.trim();
	if (typeof entry === 'number') return String(entry);
	if (isDataObject(entry) && typeof entry.text === 'string') return entry.text;
	return undefined;
}

/** Labels → the sheet's options, by exact label first, then ignoring case. */
function selectCell(field: SheetField, kind: string, value: unknown): IDataObject[] {
	const title = field.field_title;
	const options = optionsOf(field);
	return labelsOf(title, kind, value).map((entry) => {
		const label = labelOf(entry);
		const option =
			options.find((candidate) => candidate.text === label) ??
			options.find((candidate) => candidate.text.toLowerCase() === label?.toLowerCase());
		if (!option) {
			const known = options.map((candidate) => `"${candidate.text}"`).join(', ') || 'none yet';
			throw new CellValueError(
				title,
				`${describeField(title, kind)}: "${label ?? shortText(entry)}" is not one of its options (${known}). Add the option in the smart sheet first, or fix the label.`,
			);
		}
		return { id: option.id, text: option.text };
	});
}

/** An image cell entry already uploaded (wedoc/image_upload) or given by URL. */
export interface ImageReference {
	image_url: string;
	title?: string;
	width?: number;
	height?: number;
}

function imageCell(title: string, kind: string, value: unknown): IDataObject[] {
	return toList(value).map((entry) => {
		if (typeof entry === 'string' && /^https?:\/\//i.test(entry)) {
			return { title: entry.split('/').pop() ?? 'image', image_url: entry, width: 0, height: 0 };
		}
		if (isDataObject(entry) && typeof entry.image_url === 'string') {
			return {
				title: typeof entry.title === 'string' ? entry.title : 'image',
				image_url: entry.image_url,
				width: Number(entry.width ?? 0),
				height: Number(entry.height ?? 0),
			};
		}
		throw new CellValueError(
			title,
			`${describeField(title, kind)}: give the name of an input binary field holding the image, or an image URL; got ${shortText(entry)}.`,
		);
	});
}

function attachmentCell(title: string, kind: string, value: unknown): IDataObject[] {
	return toList(value).map((entry) => {
		if (isDataObject(entry) && typeof entry.file_id === 'string' && entry.file_id !== '') return entry;
		throw new CellValueError(
			title,
			`${describeField(title, kind)}: WeCom's API takes files already stored in WeCom (objects with a file_id, as Get Many Records returns them with "Keep Raw Cells"). Uploading new files into a File field is not part of WeCom's smart sheet API.`,
		);
	});
}

export function readOnlyError(title: string, kind: string): CellValueError {
	return new CellValueError(
		title,
		`${describeField(title, kind)} is filled in by WeCom and cannot be written. Remove "${title}" from the columns to send.`,
	);
}

/** Labels of a select field from a flat value; a single select takes one. */
function labelsOf(title: string, kind: string, value: unknown): unknown[] {
	const labels = kind === 'SINGLE_SELECT' && typeof value === 'string' ? [value.trim()] : toList(value);
	if (kind === 'SINGLE_SELECT' && labels.length > 1) {
		throw new CellValueError(title, `${describeField(title, kind)}: takes one option, got ${labels.length}.`);
	}
	return labels;
}

const NOT_SHARED = Symbol('not shared');

/** The cells whose shape the app API and the webhook share: numbers, checkboxes, dates, links, places. */
function sharedCell(title: string, kind: string, value: unknown): unknown {
	switch (kind) {
		case 'NUMBER':
		case 'CURRENCY':
		case 'PERCENTAGE':
		case 'PROGRESS':
			return requireNumber(title, kind, value);
		case 'CHECKBOX':
			return requireBoolean(title, kind, value);
		case 'DATE_TIME':
			return requireMs(title, kind, value);
		case 'URL':
			return urlCell(title, kind, value);
		case 'LOCATION':
			return locationCell(title, kind, value);
		default:
			return NOT_SHARED;
	}
}

/**
 * The app API's cell for a flat value (add_records / update_records with field titles as keys).
 * Image fields expect URLs or ImageReferences here: the node uploads binary images first.
 */
export function encodeAppCell(field: SheetField, value: unknown): unknown {
	const kind = kindOf(field.field_type);
	const title = field.field_title;
	if (isReadOnlyKind(kind)) throw readOnlyError(title, kind);
	const shared = sharedCell(title, kind, value);
	if (shared !== NOT_SHARED) return shared;
	switch (kind) {
		case 'TEXT':
			if (Array.isArray(value) && value.every((run) => isDataObject(run) && typeof run.text === 'string')) return value;
			return [{ type: 'text', text: requireText(title, kind, value) }];
		case 'USER':
			return toList(value).map((entry) => ({ user_id: userIdOf(title, kind, entry) }));
		case 'SELECT':
		case 'SINGLE_SELECT':
			return selectCell(field, kind, value);
		case 'PHONE_NUMBER':
		case 'EMAIL':
		case 'BARCODE':
			return requireText(title, kind, value);
		case 'IMAGE':
			return imageCell(title, kind, value);
		case 'ATTACHMENT':
			return attachmentCell(title, kind, value);
		default:
			return value;
	}
}

/** A field the webhook knows from the pasted sample: its ID, title and kind. */
export interface WebhookField {
	id: string;
	title: string;
	kind: string;
}

export type UserReference = 'name' | 'userId';

/** The webhook's cell for a flat value (§4.9). Images arrive here as base64 already. */
export function encodeWebhookCell(field: WebhookField, value: unknown, users: UserReference): unknown {
	const { title, kind } = field;
	if (kind === NOT_IN_SAMPLE) {
		throw new CellValueError(
			title,
			`Field "${title}" has no value in the sheet sample, so the sheet webhook cannot write it (formulas, auto numbers, creators, times and files are not writable). If it is writable, give its type in the sample's schema, e.g. "${title}": {"title": "${title}", "type": "TEXT"}.`,
		);
	}
	if (!isWebhookWritableKind(kind)) {
		throw new CellValueError(
			title,
			`${describeField(title, kind)} cannot be written through the sheet webhook. Remove "${title}" from the columns to send.`,
		);
	}
	const shared = sharedCell(title, kind, value);
	if (shared !== NOT_SHARED) return shared;
	switch (kind) {
		case 'USER':
			return toList(value).map((entry) => {
				const reference = userIdOf(title, kind, entry);
				return users === 'name' ? reference : { user_id: reference };
			});
		case 'SELECT':
		case 'SINGLE_SELECT':
			return labelsOf(title, kind, value).map((entry) => ({ text: labelOf(entry) ?? requireText(title, kind, entry) }));
		case 'IMAGE':
			return toList(value).map((entry) => {
				if (isDataObject(entry) && typeof entry.image_base64 === 'string') return entry;
				throw new CellValueError(title, `${describeField(title, kind)}: give the name of an input binary field holding the image.`);
			});
		default:
			return requireText(title, kind, value);
	}
}

/** Strips a `data:…;base64,` prefix: the webhook refuses it (errcode 2023033). */
export function pureBase64(text: string): string {
	const comma = text.startsWith('data:') ? text.indexOf(',') : -1;
	return comma >= 0 ? text.slice(comma + 1) : text;
}

function textOfRuns(cell: unknown[]): string {
	return cell
		.map((run) => (isDataObject(run) && typeof run.text === 'string' ? run.text : typeof run === 'string' ? run : ''))
		.join('');
}

function msToIso(value: unknown): string | null {
	const ms = Number(value);
	return Number.isFinite(ms) && String(value).trim() !== '' ? new Date(ms).toISOString() : null;
}

function listOf(cell: unknown): unknown[] {
	return Array.isArray(cell) ? cell : cell === undefined || cell === null ? [] : [cell];
}

/** The flat value of a cell read by get_records; null for an empty cell. */
export function decodeCell(field: SheetField, cell: unknown): unknown {
	if (cell === undefined || cell === null) return isListKind(kindOf(field.field_type)) ? [] : null;
	const kind = kindOf(field.field_type);
	switch (kind) {
		case 'TEXT':
			return Array.isArray(cell) ? textOfRuns(cell) : String(cell);
		case 'NUMBER':
		case 'CURRENCY':
		case 'PERCENTAGE':
		case 'PROGRESS':
			return typeof cell === 'number' ? cell : Number(cell);
		case 'CHECKBOX':
			return cell === true || cell === 'true';
		case 'DATE_TIME':
		case 'CREATED_TIME':
		case 'MODIFIED_TIME':
			return msToIso(cell);
		case 'USER':
		case 'CREATED_USER':
		case 'MODIFIED_USER':
			return listOf(cell).map((user) => (isDataObject(user) ? String(user.user_id ?? user.tmp_external_userid ?? '') : String(user)));
		case 'URL': {
			const first = listOf(cell)[0];
			return isDataObject(first) && typeof first.link === 'string' ? first.link : null;
		}
		case 'SELECT':
			return listOf(cell).map((option) => (isDataObject(option) ? String(option.text ?? '') : String(option)));
		case 'SINGLE_SELECT': {
			const first = listOf(cell)[0];
			return isDataObject(first) ? String(first.text ?? '') : first === undefined ? null : String(first);
		}
		case 'LOCATION': {
			const place = listOf(cell)[0];
			if (!isDataObject(place)) return null;
			return { title: place.title, latitude: Number(place.latitude), longitude: Number(place.longitude), id: place.id };
		}
		case 'IMAGE':
			return listOf(cell).map((image) => (isDataObject(image) ? String(image.image_url ?? '') : String(image)));
		case 'AUTONUMBER':
			return isDataObject(cell) ? String(cell.text ?? cell.seq ?? '') : String(cell);
		default:
			return cell;
	}
}
