import { NodeApiError, NodeOperationError, jsonParse } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { getApprovalDetail } from '../../shared/approvalDetail';
import { binarySize, multipartFromBinary } from '../../shared/binaryFile';
import { isDataObject } from '../../shared/dataObject';
import { errcodeOf, weComApiError } from '../../shared/errors';
import { weComApiRequest } from '../../shared/transport';
import {
	contentsFromValues,
	controlNamedIn,
	controlsOfTemplate,
	formError,
	toUnixSeconds,
} from './approvalForm';
import type { FormControl, FormScope } from './approvalForm';
import { describeTemplate, getTemplate, templateIdOf } from './approvalTemplates';
import { MEDIA_RULES, uploadRequest } from './media';
import { entriesOf, locatorValue, splitIdList, textOf } from './parameters';
import { runPerItem } from './perItem';

/*
 * Approval → Get Template, Submit, Get Many and Get: custom operations of the declarative node
 * (customOperations in WeCom.node.ts), because each needs code: the form is built from the
 * template at run time and files are uploaded in the same step (Submit), the time range is split
 * into 31-day windows and paged by cursor (Get Many), and codes get readable names (Get).
 * Docs: 91982 gettemplatedetail, 91853 applyevent, 96509 getapprovalinfo, 91983 getapprovaldetail.
 */

/** getapprovalinfo accepts at most 31 days per call (end − start, in seconds). */
export const MAX_WINDOW_SECONDS = 31 * 24 * 3600;
/** getapprovalinfo's largest page. */
export const PAGE_SIZE = 100;
const MAX_SUMMARY_LINES = 3;
const MAX_SUMMARY_CHARACTERS = 20;

function parameterText(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback = '',
): string {
	return textOf(context.getNodeParameter(name, itemIndex, fallback)).trim();
}

function parameterObject(context: IExecuteFunctions, name: string, itemIndex: number): IDataObject {
	const value = context.getNodeParameter(name, itemIndex, {});
	return isDataObject(value) ? value : {};
}

/** Each output object becomes one item paired to the input item. */
async function perItem(
	context: IExecuteFunctions,
	operation: (itemIndex: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[][]> {
	return await runPerItem(context, async (itemIndex) =>
		(await operation(itemIndex)).map((json) => ({ json })),
	);
}

function scopeOf(context: IExecuteFunctions, itemIndex: number): FormScope {
	return { node: context.getNode(), itemIndex };
}

function requireTemplateId(context: IExecuteFunctions, itemIndex: number): string {
	const templateId = templateIdOf(context, itemIndex);
	if (!templateId) {
		throw new NodeOperationError(context.getNode(), 'No template is chosen', {
			itemIndex,
			description:
				'Pick the template, or give its ID: open the template in Admin → Approval (审批) → the template’s edit page; the ID is the templateId in the page’s URL.',
		});
	}
	return templateId;
}

export async function getApprovalTemplate(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	return await perItem(this, async (itemIndex) => {
		const templateId = requireTemplateId(this, itemIndex);
		return [describeTemplate(templateId, await getTemplate(this, templateId, itemIndex))];
	});
}

/** Uploads one binary field as a WeCom "file" (media/upload), for a File control. */
async function uploadFile(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	control: FormControl,
): Promise<string> {
	const binary = context.helpers.assertBinaryData(itemIndex, propertyName);
	const access = {
		helpers: context.helpers,
		readBuffer: async () => await context.helpers.getBinaryDataBuffer(itemIndex, propertyName),
	};
	const size = await binarySize(access, binary);
	const fileName = binary.fileName || `${propertyName}.${binary.fileExtension || 'bin'}`;
	const rule = MEDIA_RULES.file;
	if (size > rule.maxBytes || size < 6) {
		throw formError(
			scopeOf(context, itemIndex),
			`The file "${fileName}" for "${control.title}" is ${size.toLocaleString('en-US')} bytes; WeCom accepts files of 6 bytes to 20 MB`,
			'Compress or split the file, or check that the binary field holds it.',
		);
	}
	const multipart = await multipartFromBinary(access, binary, size, {
		fieldName: 'media',
		fileName,
		contentType: binary.mimeType,
	});
	const answer = await weComApiRequest.call(
		context,
		uploadRequest({ kind: 'file', fileName, size, multipart }),
		{ itemIndex },
	);
	const mediaId = textOf(answer.media_id);
	if (!mediaId)
		throw formError(
			scopeOf(context, itemIndex),
			`WeCom accepted "${fileName}" but sent no media_id back`,
			'Try again.',
		);
	return mediaId;
}

/** The approver flow given in the node: process.node_list (type 1 approver / 2 CC / 3 handler). */
function processOf(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const steps = entriesOf(parameterObject(context, 'approvalSteps', itemIndex), 'step');
	const nodeList = steps.map((step, index) => {
		const userid = splitIdList(step.userIds);
		if (userid.length === 0) {
			throw new NodeOperationError(
				context.getNode(),
				`Step ${index + 1} of the approval flow has no users`,
				{
					itemIndex,
					description:
						'Give the user IDs (账号) of the approvers, CC recipients or handlers of this step.',
				},
			);
		}
		const type = Number(step.stepType ?? 1);
		return { type, ...(type === 1 ? { apv_rel: Number(step.relation ?? 2) } : {}), userid };
	});
	if (!nodeList.some((node) => node.type === 1)) {
		throw new NodeOperationError(context.getNode(), 'The approval flow has no approver step', {
			itemIndex,
			description: 'Add a step of type Approver, or set Approval Flow to "From the Template".',
		});
	}
	return { node_list: nodeList };
}

function summaryOf(context: IExecuteFunctions, itemIndex: number): IDataObject[] | undefined {
	const lines = entriesOf(parameterObject(context, 'summary', itemIndex), 'line')
		.map((line) => textOf(line.text).trim())
		.filter(Boolean);
	if (lines.length === 0) return undefined;
	if (lines.length > MAX_SUMMARY_LINES)
		throw formError(
			scopeOf(context, itemIndex),
			`The summary has ${lines.length} lines; WeCom shows at most ${MAX_SUMMARY_LINES}`,
			'Remove summary lines.',
		);
	const long = lines.find((line) => [...line].length > MAX_SUMMARY_CHARACTERS);
	if (long)
		throw formError(
			scopeOf(context, itemIndex),
			`The summary line "${long}" is longer than ${MAX_SUMMARY_CHARACTERS} characters`,
			'WeCom cuts summary lines at 20 characters: shorten it.',
		);
	return lines.map((text) => ({ summary_info: [{ text, lang: 'zh_CN' }] }));
}

function jsonContents(context: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const raw = context.getNodeParameter('contentsJson', itemIndex, '[]');
	const parsed: unknown =
		typeof raw === 'string'
			? jsonParse(raw, { errorMessage: 'Form Data (JSON) is not valid JSON' })
			: raw;
	const contents =
		isDataObject(parsed) && isDataObject(parsed.apply_data)
			? parsed.apply_data.contents
			: isDataObject(parsed)
				? parsed.contents
				: parsed;
	if (!Array.isArray(contents) || !contents.every(isDataObject)) {
		throw formError(
			scopeOf(context, itemIndex),
			'Form Data (JSON) must be the list apply_data.contents',
			'Give [{"control": "Text", "id": "Text-…", "value": {"text": "…"}}, …], with the IDs from Get Template.',
		);
	}
	return contents;
}

/** 301025 names a control by ID; say which form field that is. */
function explainFormError(
	context: IExecuteFunctions,
	error: unknown,
	controls: FormControl[],
	itemIndex: number,
): unknown {
	if (!(error instanceof NodeApiError) || errcodeOf(error) !== 301025) return error;
	const errmsg = textOf(
		error.context.data && isDataObject(error.context.data) ? error.context.data.errmsg : '',
	);
	const control = controlNamedIn(errmsg, controls);
	if (!control) return error;
	const explained = weComApiError(context.getNode(), { errcode: 301025, errmsg }, itemIndex);
	explained.message = `WeCom refused the form field "${control.title}" (${control.kind}, ID ${control.id}): ${errmsg.split(',')[0]}`;
	explained.description = `Check the value mapped to "${control.title}" in Form Fields: its type and whether it is required are set in the template, under Admin → Approval (审批) → the template → Form.\n${explained.description ?? ''}`;
	return explained;
}

export async function submitApproval(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await perItem(this, async (itemIndex) => {
		const templateId = requireTemplateId(this, itemIndex);
		const creator = locatorValue(this.getNodeParameter('creatorUserId', itemIndex));
		if (!creator)
			throw formError(
				scopeOf(this, itemIndex),
				'No applicant is chosen',
				'Pick the member who applies (Applicant); the app must see them (its Visible Range).',
			);
		const controls = controlsOfTemplate(await getTemplate(this, templateId, itemIndex));
		const mode = parameterText(this, 'inputMode', itemIndex, 'mapper');
		const contents =
			mode === 'json'
				? jsonContents(this, itemIndex)
				: await contentsFromValues(
						scopeOf(this, itemIndex),
						controls,
						parameterObject(this, 'formFields.value', itemIndex),
						async (name, control) => await uploadFile(this, itemIndex, name, control),
					);
		const fromTemplate =
			parameterText(this, 'approverSource', itemIndex, 'template') === 'template';
		const options = parameterObject(this, 'options', itemIndex);
		const summary = summaryOf(this, itemIndex);
		const body: IDataObject = {
			creator_userid: creator,
			template_id: templateId,
			use_template_approver: fromTemplate ? 1 : 0,
			...(fromTemplate ? {} : { process: processOf(this, itemIndex) }),
			...(options.chooseDepartment ? { choose_department: Number(options.chooseDepartment) } : {}),
			apply_data: { contents },
			...(summary ? { summary_list: summary } : {}),
		};
		try {
			const answer = await weComApiRequest.call(
				this,
				{ method: 'POST', url: '/cgi-bin/oa/applyevent', body },
				{ itemIndex },
			);
			return [{ sp_no: textOf(answer.sp_no), template_id: templateId, creator_userid: creator }];
		} catch (error) {
			throw explainFormError(this, error, controls, itemIndex);
		}
	});
}

export interface TimeWindow {
	start: number;
	end: number;
}

/** [start, end] (seconds, inclusive) cut into windows getapprovalinfo accepts, oldest first. */
export function timeWindows(
	start: number,
	end: number,
	maxSpan = MAX_WINDOW_SECONDS,
): TimeWindow[] {
	const windows: TimeWindow[] = [];
	for (let from = start; from <= end; from += maxSpan) {
		windows.push({ start: from, end: Math.min(end, from + maxSpan - 1) });
	}
	return windows;
}

function listFilters(
	context: IExecuteFunctions,
	itemIndex: number,
): Array<{ key: string; value: string }> {
	const filters = parameterObject(context, 'filters', itemIndex);
	const result: Array<{ key: string; value: string }> = [];
	const templateId = locatorValue(filters.templateId);
	if (templateId) result.push({ key: 'template_id', value: templateId });
	const creator = locatorValue(filters.creator);
	if (creator) result.push({ key: 'creator', value: creator });
	for (const department of splitIdList(filters.departments))
		result.push({ key: 'department', value: department });
	if (textOf(filters.status)) result.push({ key: 'sp_status', value: textOf(filters.status) });
	if (textOf(filters.recordType))
		result.push({ key: 'record_type', value: textOf(filters.recordType) });
	return result;
}

export async function getManyApprovals(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await perItem(this, async (itemIndex) => {
		const start = toUnixSeconds(
			scopeOf(this, itemIndex),
			this.getNodeParameter('startTime', itemIndex),
			'Start Time',
		);
		const end = toUnixSeconds(
			scopeOf(this, itemIndex),
			this.getNodeParameter('endTime', itemIndex),
			'End Time',
		);
		if (end < start)
			throw formError(
				scopeOf(this, itemIndex),
				'End Time is before Start Time',
				'Swap the two times.',
			);
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) === true;
		const limit = returnAll ? Infinity : Number(this.getNodeParameter('limit', itemIndex, 50));
		const filters = listFilters(this, itemIndex);
		const withDetails = parameterObject(this, 'options', itemIndex).includeDetails === true;
		const numbers: string[] = [];
		for (const window of timeWindows(start, end)) {
			let cursor = '';
			do {
				const size = Math.min(PAGE_SIZE, limit - numbers.length);
				const page = await weComApiRequest.call(
					this,
					{
						method: 'POST',
						url: '/cgi-bin/oa/getapprovalinfo',
						body: {
							starttime: String(window.start),
							endtime: String(window.end),
							new_cursor: cursor,
							size,
							filters,
						},
					},
					{ itemIndex },
				);
				numbers.push(...(Array.isArray(page.sp_no_list) ? page.sp_no_list.map(textOf) : []));
				cursor = textOf(page.new_next_cursor);
			} while (cursor !== '' && numbers.length < limit);
			if (numbers.length >= limit) break;
		}
		const chosen = numbers.slice(0, limit);
		if (!withDetails) return chosen.map((spNo) => ({ sp_no: spNo }));
		const details: IDataObject[] = [];
		for (const spNo of chosen) details.push(await getApprovalDetail(this, spNo, { itemIndex }));
		return details;
	});
}

export async function getApproval(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await perItem(this, async (itemIndex) => {
		const spNo = parameterText(this, 'spNo', itemIndex);
		if (!/^\d+$/.test(spNo)) {
			throw formError(
				scopeOf(this, itemIndex),
				`"${spNo}" is not an approval number`,
				'An approval number (审批单号, sp_no) is digits only, e.g. 202611300001; Submit and Get Many return it.',
			);
		}
		return [await getApprovalDetail(this, spNo, { itemIndex })];
	});
}
