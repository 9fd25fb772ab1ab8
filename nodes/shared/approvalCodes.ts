import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

/*
 * The numeric codes of WeCom approvals (审批) and their readable names, shared by the WeCom node's
 * Approval resource and the trigger's sys_approval_change output. Sources: docs 91983
 * (getapprovaldetail) and 91815 (sys_approval_change).
 */

/** sp_status / SpStatus of an application (doc 91983). */
export const APPLICATION_STATUS: Readonly<Record<string, string>> = {
	'1': 'pending',
	'2': 'approved',
	'3': 'rejected',
	'4': 'revoked',
	'6': 'revoked after approval',
	'7': 'deleted',
	'10': 'paid',
};

/** sp_status / SpStatus of one approval step or one approver's action in sp_record. */
export const STEP_STATUS: Readonly<Record<string, string>> = {
	'1': 'pending',
	'2': 'approved',
	'3': 'rejected',
	'4': 'transferred',
	'11': 'returned',
	'12': 'approver added',
	'13': 'added and approved',
	'14': 'handled',
	'15': 'forwarded',
};

/** StatuChangeEvent (sic) of sys_approval_change: what just happened (doc 91815). */
export const CHANGE_EVENT: Readonly<Record<string, string>> = {
	'1': 'submitted',
	'2': 'approved',
	'3': 'rejected',
	'4': 'transferred',
	'5': 'reminded',
	'6': 'revoked',
	'8': 'revoked after approval',
	'10': 'comment added',
	'11': 'returned to an approver',
	'12': 'approver added',
	'13': 'approver added and approved',
	'14': 'handled',
	'15': 'forwarded',
};

/** approverattr / ApproverAttr of sp_record: 1 any one approver (或签), 2 every approver (会签). */
export const APPROVER_ATTR: Readonly<Record<string, string>> = {
	'1': 'any approver',
	'2': 'all approvers',
};

/** apv_rel / ApvRel of process_list nodes. Mind the inversion: 1 = all (会签), 2 = any (或签). */
export const APPROVAL_RELATION: Readonly<Record<string, string>> = {
	'1': 'all approvers',
	'2': 'any approver',
	'3': 'in order',
};

/** node_type / NodeType of process_list nodes. */
export const PROCESS_NODE_TYPE: Readonly<Record<string, string>> = {
	'1': 'approver',
	'2': 'cc',
	'3': 'handler',
};

/** The name of a code, or undefined when WeCom sent a code this list does not know yet. */
export function nameOfCode(
	codes: Readonly<Record<string, string>>,
	code: unknown,
): string | undefined {
	if (typeof code !== 'string' && typeof code !== 'number') return undefined;
	const key = String(code).trim();
	return Object.prototype.hasOwnProperty.call(codes, key) ? codes[key] : undefined;
}

/**
 * The object with the readable name of `source[field]` added beside it, as `field + suffix`
 * (sp_status → sp_status_name in API answers, SpStatus → SpStatusName in callbacks). Unknown codes
 * get no name, so a code WeCom adds later is still passed on.
 */
export function withCodeName(
	source: IDataObject,
	field: string,
	codes: Readonly<Record<string, string>>,
	suffix: '_name' | 'Name',
): IDataObject {
	const name = nameOfCode(codes, source[field]);
	return name === undefined ? source : { ...source, [`${field}${suffix}`]: name };
}

/** Options for a filter over codes: "Approved (2)". */
export function codeOptions(codes: Readonly<Record<string, string>>): INodePropertyOptions[] {
	return Object.entries(codes)
		.map(([value, name]) => ({
			name: `${name.charAt(0).toUpperCase()}${name.slice(1)} (${value})`,
			value,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
