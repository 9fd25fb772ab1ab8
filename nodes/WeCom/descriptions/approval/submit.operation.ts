import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { entryCollection, listOf, optionsCollection, textValue } from '../../../shared/fields';
import { userLocator } from '../common';
import { templateLocator } from './common';

/** Runs as a custom operation (helpers/approvalOperations.ts). */
export const option: INodePropertyOptions = {
	name: 'Submit',
	value: 'submit',
	action: 'Submit an approval',
	description:
		'File an application on behalf of a member, from the template’s form (oa/applyevent)',
};

const whenNodeFlow = { show: { approverSource: ['node'] } };

const fields: INodeProperties[] = [
	templateLocator(),
	userLocator({
		displayName: 'Applicant',
		name: 'creatorUserId',
		description: 'The member who applies. The app must see them (its Visible Range, 可见范围).',
	}),
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		options: [
			{
				name: 'Form Fields',
				value: 'mapper',
				description: 'Map a value to each field of the template, by its title',
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'Give apply_data.contents as WeCom documents it',
			},
		],
		default: 'mapper',
	},
	{
		displayName: 'Form Fields',
		name: 'formFields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['templateId.value'],
			resourceMapper: {
				resourceMapperMethod: 'getApprovalFormFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { inputMode: ['mapper'] } },
	},
	{
		displayName:
			'Files: give the names of binary fields of the input item (e.g. data); each file is uploaded to WeCom in this step, at most 6. Tables: a JSON list of rows keyed by column title. Contacts: user IDs or department IDs.',
		name: 'formNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { inputMode: ['mapper'] } },
	},
	{
		displayName: 'Form Data (JSON)',
		name: 'contentsJson',
		type: 'json',
		default:
			'[\n  {\n    "control": "Text",\n    "id": "Text-1569573760849",\n    "value": { "text": "Taxi to the airport" }\n  }\n]',
		description:
			'The list apply_data.contents of oa/applyevent: one {control, ID, value} per field, with the IDs from Get Template. File values need file_id from Media → Upload.',
		displayOptions: { show: { inputMode: ['json'] } },
	},
	{
		displayName: 'Approval Flow',
		name: 'approverSource',
		type: 'options',
		options: [
			{
				name: 'From the Template',
				value: 'template',
				description:
					'Use the approvers set in the template (it may not ask the applicant to choose)',
			},
			{
				name: 'Set Here',
				value: 'node',
				description: 'Give approvers, CC recipients and handlers below',
			},
		],
		default: 'template',
	},
	entryCollection(
		{
			displayName: 'Steps',
			name: 'approvalSteps',
			typeOptions: listOf(),
			placeholder: 'Add Step',
			description: 'The flow in order: each step is approvers, CC recipients or handlers',
			displayOptions: whenNodeFlow,
		},
		{ displayName: 'Step', name: 'step' },
		[
			{
				displayName: 'Type',
				name: 'stepType',
				type: 'options',
				options: [
					{ name: 'Approvers', value: 1 },
					{ name: 'CC', value: 2 },
					{ name: 'Handlers', value: 3 },
				],
				default: 1,
			},
			{
				displayName: 'Approval Needed From',
				name: 'relation',
				type: 'options',
				options: [
					{ name: 'Any One of Them (或签)', value: 2 },
					{ name: 'All of Them (会签)', value: 1 },
					{ name: 'All of Them, in Order (依次审批)', value: 3 },
				],
				default: 2,
				description: 'For an approver step: whether one approval is enough',
			},
			textValue('User IDs', 'userIds', {
				placeholder: 'e.g. lisi, zhangsan',
				description: 'The members of this step, by user ID (账号), comma-separated',
			}),
		],
	),
	entryCollection(
		{
			displayName: 'Summary',
			name: 'summary',
			typeOptions: listOf(3),
			placeholder: 'Add Summary Line',
			description: 'Up to 3 lines shown on the approval card, each at most 20 characters',
		},
		{ displayName: 'Line', name: 'line' },
		[textValue('Text', 'text')],
	),
	optionsCollection([
		{
			displayName: 'Applicant’s Department ID',
			name: 'chooseDepartment',
			type: 'number',
			default: 0,
			description:
				'For a member in several departments: which one the application is for. Default: their main department.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['approval'], operation: ['submit'] } },
	fields,
);
