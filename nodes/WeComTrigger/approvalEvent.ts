import { sleep } from 'n8n-workflow';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import {
	APPLICATION_STATUS,
	APPROVAL_RELATION,
	APPROVER_ATTR,
	CHANGE_EVENT,
	PROCESS_NODE_TYPE,
	STEP_STATUS,
	withCodeName,
} from '../shared/approvalCodes';
import { getApprovalDetail } from '../shared/approvalDetail';
import { isDataObject, ownTextField } from '../shared/dataObject';
import { redactSecrets } from '../shared/errors';
import { API_CREDENTIAL } from '../shared/transport';
import { kindOf } from './filters';

/*
 * sys_approval_change (doc 91815) as the workflow sees it. The XML nests everything in
 * <ApprovalInfo> and repeats elements (SpRecord, Details, Notifyer, Comments, NodeList…); the
 * parser makes an array only where an element repeats, so one approver would give an object and
 * two an array. Here every repeatable element is always a list, and every code gets a readable
 * name beside it (SpStatus 2 → SpStatusName "approved").
 */

/** The whole getapprovaldetail call must fit in WeCom's 5-second wait for our answer. */
export const APPROVAL_DETAIL_TIMEOUT_MS = 2000;

function asList(value: unknown): IDataObject[] {
	const entries = Array.isArray(value) ? value : value === undefined ? [] : [value];
	return entries.filter(isDataObject);
}

function textList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value];
	return entries.filter((entry): entry is string => typeof entry === 'string');
}

function named(
	source: IDataObject,
	field: string,
	codes: Readonly<Record<string, string>>,
): IDataObject {
	return withCodeName(source, field, codes, 'Name');
}

function withMediaList(source: IDataObject): IDataObject {
	return source.MediaId === undefined ? source : { ...source, MediaId: textList(source.MediaId) };
}

function readableRecord(record: IDataObject): IDataObject {
	return {
		...named(named(record, 'SpStatus', STEP_STATUS), 'ApproverAttr', APPROVER_ATTR),
		Details: asList(record.Details).map((detail) =>
			withMediaList(named(detail, 'SpStatus', STEP_STATUS)),
		),
	};
}

function readableProcess(process: IDataObject): IDataObject {
	return {
		...process,
		NodeList: asList(process.NodeList).map((node) => ({
			...named(
				named(named(node, 'SpStatus', STEP_STATUS), 'ApvRel', APPROVAL_RELATION),
				'NodeType',
				PROCESS_NODE_TYPE,
			),
			SubNodeList: asList(node.SubNodeList).map((sub) =>
				withMediaList(named(sub, 'SpYj', STEP_STATUS)),
			),
		})),
	};
}

/** ApprovalInfo with lists and names; anything WeCom adds later passes through unchanged. */
export function readableApprovalChange(info: IDataObject): IDataObject {
	const result: IDataObject = named(
		named(info, 'SpStatus', APPLICATION_STATUS),
		'StatuChangeEvent',
		CHANGE_EVENT,
	);
	result.SpRecord = asList(info.SpRecord).map(readableRecord);
	result.Notifyer = asList(info.Notifyer);
	result.Comments = asList(info.Comments).map(withMediaList);
	if (isDataObject(info.ProcessList)) result.ProcessList = readableProcess(info.ProcessList);
	return result;
}

/** The approval number: SpNoStr (newer, always a string) or SpNo. */
export function approvalNumberOf(info: IDataObject): string | undefined {
	const number = ownTextField(info, 'SpNoStr') || ownTextField(info, 'SpNo');
	return number ? number.trim() : undefined;
}

function isApprovalChange(message: IDataObject): boolean {
	return kindOf(message).kind === 'event' && kindOf(message).type === 'sys_approval_change';
}

async function fetchDetail(context: IWebhookFunctions, spNo: string): Promise<IDataObject> {
	if (!context.getNode().credentials?.[API_CREDENTIAL]) {
		return {
			approvalDetailError:
				'Fetch Approval Details is on, but no WeCom API credential is selected in the trigger. Select one whose app is allowed to call the approval APIs.',
		};
	}
	const deadline = sleep(APPROVAL_DETAIL_TIMEOUT_MS).then(() => 'timeout' as const);
	const fetched = getApprovalDetail(context, spNo, { timeout: APPROVAL_DETAIL_TIMEOUT_MS }).then(
		(detail) => ({ approvalDetail: detail }),
		(error: unknown) => ({
			approvalDetailError: redactSecrets(error instanceof Error ? error.message : String(error)),
		}),
	);
	const outcome = await Promise.race([fetched, deadline]);
	if (outcome === 'timeout') {
		return {
			approvalDetailError: `WeCom did not send the approval's details within ${APPROVAL_DETAIL_TIMEOUT_MS / 1000} seconds. Add a WeCom node (Approval → Get) after the trigger to fetch them with retries.`,
		};
	}
	return outcome;
}

/**
 * The item the trigger emits for a callback: as parsed, except that sys_approval_change gets its
 * readable ApprovalInfo and, when asked, the application's details. Never throws: a failed fetch
 * becomes approvalDetailError, so the event itself is never lost.
 */
export async function callbackOutput(
	context: IWebhookFunctions,
	message: IDataObject,
): Promise<IDataObject> {
	if (!isApprovalChange(message) || !isDataObject(message.ApprovalInfo)) return { ...message };
	const output: IDataObject = {
		...message,
		ApprovalInfo: readableApprovalChange(message.ApprovalInfo),
	};
	const wanted = context.getNodeParameter('fetchApprovalDetails', false) === true;
	const spNo = approvalNumberOf(message.ApprovalInfo);
	if (!wanted || spNo === undefined) return output;
	return { ...output, ...(await fetchDetail(context, spNo)) };
}
