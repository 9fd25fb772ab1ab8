import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import {
	APPLICATION_STATUS,
	APPROVAL_RELATION,
	APPROVER_ATTR,
	PROCESS_NODE_TYPE,
	STEP_STATUS,
	withCodeName,
} from './approvalCodes';
import { isDataObject } from './dataObject';
import { weComApiRequest } from './transport';

/*
 * One approval application as WeCom's getapprovaldetail returns it (doc 91983), with a readable
 * name beside every code: sp_status 2 gets sp_status_name "approved". Used by the WeCom node's
 * Approval → Get and by the trigger's Fetch Approval Details.
 */

function named(
	source: IDataObject,
	field: string,
	codes: Readonly<Record<string, string>>,
): IDataObject {
	return withCodeName(source, field, codes, '_name');
}

function objects(value: unknown): IDataObject[] {
	return Array.isArray(value) ? value.filter(isDataObject) : [];
}

/** The `info` object of getapprovaldetail with names beside its status and relation codes. */
export function readableApprovalInfo(info: IDataObject): IDataObject {
	const result: IDataObject = named(info, 'sp_status', APPLICATION_STATUS);
	if (Array.isArray(info.sp_record)) {
		result.sp_record = objects(info.sp_record).map((record) => ({
			...named(named(record, 'sp_status', STEP_STATUS), 'approverattr', APPROVER_ATTR),
			details: objects(record.details).map((detail) => named(detail, 'sp_status', STEP_STATUS)),
		}));
	}
	const processList = isDataObject(info.process_list) ? info.process_list : undefined;
	if (processList && Array.isArray(processList.node_list)) {
		result.process_list = {
			...processList,
			node_list: objects(processList.node_list).map((node) => ({
				...named(
					named(named(node, 'sp_status', STEP_STATUS), 'apv_rel', APPROVAL_RELATION),
					'node_type',
					PROCESS_NODE_TYPE,
				),
				sub_node_list: objects(node.sub_node_list).map((sub) => named(sub, 'sp_yj', STEP_STATUS)),
			})),
		};
	}
	return result;
}

/** POST oa/getapprovaldetail for one approval number; the readable `info`. A read: safe to repeat. */
export async function getApprovalDetail(
	context: IExecuteFunctions | IWebhookFunctions,
	spNo: string,
	options: { itemIndex?: number; timeout?: number } = {},
): Promise<IDataObject> {
	const response = await weComApiRequest.call(
		context,
		{
			method: 'POST',
			url: '/cgi-bin/oa/getapprovaldetail',
			body: { sp_no: spNo },
			timeout: options.timeout,
		},
		{ itemIndex: options.itemIndex },
	);
	return readableApprovalInfo(isDataObject(response.info) ? response.info : {});
}
