import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { APPLICATION_STATUS, codeOptions } from '../../../shared/approvalCodes';
import { filtersCollection, optionsCollection } from '../../../shared/fields';
import { returnAllOrLimit, userLocator } from '../common';
import { templateLocator } from './common';

/** Runs as a custom operation (helpers/approvalOperations.ts). */
export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getMany',
	action: 'Get many approvals',
	description:
		'List the approval numbers of applications made in a time range; ranges over 31 days are split into several calls (oa/getapprovalinfo)',
};

/** record_type of getapprovalinfo (doc 96509): applications made after 2021-05-31 only. */
const RECORD_TYPES: INodePropertyOptions[] = [
	{ name: 'Leave', value: '1' },
	{ name: 'Meeting Room', value: '7' },
	{ name: 'Outing', value: '4' },
	{ name: 'Overtime', value: '5' },
	{ name: 'Punch Correction', value: '2' },
	{ name: 'Red Packet Reimbursement', value: '9' },
	{ name: 'Refund', value: '8' },
	{ name: 'Shift Swap', value: '6' },
	{ name: 'Business Trip', value: '3' },
].sort((a, b) => a.name.localeCompare(b.name));

const fields: INodeProperties[] = [
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'dateTime',
		default: '={{ $now.minus({ days: 7 }).toISO() }}',
		required: true,
		description: 'Applications made from this time on',
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'dateTime',
		default: '={{ $now.toISO() }}',
		required: true,
		description:
			'Applications made up to this time. WeCom lists at most 31 days per call; longer ranges are split.',
	},
	...returnAllOrLimit(undefined),
	filtersCollection([
		templateLocator({ required: false }),
		userLocator({
			displayName: 'Applicant',
			name: 'creator',
			required: false,
			description: 'Only applications of this member',
		}),
		{
			displayName: 'Department IDs',
			name: 'departments',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2, 3',
			description: 'Only applications of members of these departments (comma-separated)',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: codeOptions(APPLICATION_STATUS),
			default: '1',
			description: 'Only applications with this status; WeCom filters by one status per call',
		},
		{
			displayName: 'Record Type',
			name: 'recordType',
			type: 'options',
			options: RECORD_TYPES,
			default: '1',
			description: 'Only applications of this kind (applications made after 2021-05-31)',
		},
	]),
	optionsCollection([
		{
			displayName: 'Include Details',
			name: 'includeDetails',
			type: 'boolean',
			default: false,
			description:
				'Whether to return each application’s details (one more call each) instead of its number only',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['approval'], operation: ['getMany'] } },
	fields,
);
