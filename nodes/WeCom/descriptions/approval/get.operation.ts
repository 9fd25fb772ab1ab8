import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

/** Runs as a custom operation (helpers/approvalOperations.ts). */
export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get an approval',
	description:
		'Get one application with its form data, approvers and comments; each status code gets its name beside it, e.g. sp_status 2 → approved (oa/getapprovaldetail)',
};

const fields: INodeProperties[] = [
	{
		displayName: 'Approval Number',
		name: 'spNo',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 202611300001',
		description:
			'The approval number (审批单号, sp_no), as Submit, Get Many or the trigger’s approval events give it',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['approval'], operation: ['get'] } },
	fields,
);
