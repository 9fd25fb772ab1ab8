import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { memberIds } from '../chat';
import { inputError, objectParameter, requestBodyOf } from '../parameters';

/**
 * wedoc/create_doc's doc_type for a smart sheet (doc 97460). 3 is a document and 4 a sheet; 5,
 * which one competing node sends, is a form (收集表) in WeCom's JS-SDK, not a smart sheet.
 */
export const SMART_SHEET_DOC_TYPE = 10;

const MAX_DOC_NAME_CHARACTERS = 255;

/** preSend of Smart Sheet → Create: doc_type 10, the admins, and WeCom's rules for the name and place. */
export async function prepareSmartSheetCreate(
	this: IExecuteSingleFunctions,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = requestBodyOf(options.body);
	const name = typeof body.doc_name === 'string' ? body.doc_name.trim() : '';
	if (name === '') throw inputError(this, 'Name is empty', 'Give the smart sheet a name.');
	if ([...name].length > MAX_DOC_NAME_CHARACTERS) {
		throw inputError(this, `Name is ${[...name].length} characters long; WeCom allows ${MAX_DOC_NAME_CHARACTERS}`);
	}
	const hasSpace = typeof body.spaceid === 'string' && body.spaceid !== '';
	const hasFolder = typeof body.fatherid === 'string' && body.fatherid !== '';
	if (hasSpace !== hasFolder) {
		throw inputError(this, 'Space ID and Folder ID go together', 'Set both to create the sheet in a WeDrive folder, or neither.');
	}
	if (!hasSpace) {
		delete body.spaceid;
		delete body.fatherid;
	}
	body.doc_name = name;
	body.doc_type = SMART_SHEET_DOC_TYPE;
	const admins = memberIds(objectParameter(this, 'admins'));
	if (admins.length > 0) body.admin_users = admins;
	return { ...options, body };
}
