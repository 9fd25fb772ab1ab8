import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/*
 * The fields of "Send and Wait for Response", shared by the WeCom node (app card) and the Group
 * Bot node (group card). Parameter names are n8n's own (`message`, `responseType`,
 * `approvalOptions`, `formFields`, `limitWaitTime`), because n8n builds the AI Agent's "human
 * review" tool variant from them and maps its own settings onto these names.
 */

export const RESPONSE_TYPE_APPROVAL = 'approval';
export const RESPONSE_TYPE_FREE_TEXT = 'freeText';
export const RESPONSE_TYPE_CUSTOM_FORM = 'customForm';

const showForCustomForm = { show: { responseType: [RESPONSE_TYPE_CUSTOM_FORM] } };
/** Inside the Options collection, display options name top-level parameters with a leading slash. */
const showForForms = {
	show: { '/responseType': [RESPONSE_TYPE_FREE_TEXT, RESPONSE_TYPE_CUSTOM_FORM] },
};

/** The operation's entry in a node's Operation list; n8n's AI Agent looks for its value. */
export function sendAndWaitOperationOption(description: string): INodePropertyOptions {
	return {
		name: 'Send and Wait for Response',
		value: SEND_AND_WAIT_OPERATION,
		action: 'Send a message and wait for response',
		description,
	};
}

export const subjectField: INodeProperties = {
	displayName: 'Card Title',
	name: 'subject',
	type: 'string',
	default: 'Approval required',
	required: true,
	description: 'The card’s main title. WeCom shows up to 36 characters.',
};

export const messageField: INodeProperties = {
	displayName: 'Message',
	name: 'message',
	type: 'string',
	default: '',
	required: true,
	typeOptions: { rows: 4 },
	description:
		'What the person is asked to answer. WeCom shows up to 1,000 bytes of it on the card.',
};

export const responseTypeField: INodeProperties = {
	displayName: 'Response Type',
	name: 'responseType',
	type: 'options',
	default: RESPONSE_TYPE_APPROVAL,
	options: [
		{
			name: 'Approval',
			value: RESPONSE_TYPE_APPROVAL,
			description: 'Buttons to approve, or to approve or decline',
		},
		{
			name: 'Free Text',
			value: RESPONSE_TYPE_FREE_TEXT,
			description: 'A button opens a page with one text box',
		},
		{
			name: 'Custom Form',
			value: RESPONSE_TYPE_CUSTOM_FORM,
			description: 'A button opens a page with the fields defined here',
		},
	],
};

const STYLE_OPTIONS = [
	{ name: 'Primary', value: 'primary' },
	{ name: 'Secondary', value: 'secondary' },
];
const showForDouble = { show: { approvalType: ['double'] } };

/**
 * Approval Options as n8n's own send-and-wait nodes have them (type first; the decline button's
 * fields only for Approve and Disapprove). `buttonStyles`: whether the card's buttons have styles
 * (an app card's do; a group card's links do not).
 */
export function approvalOptionsFieldFor(options: { buttonStyles: boolean }): INodeProperties {
	const style = (displayName: string, name: string, fallback: string, extra = {}): INodeProperties[] =>
		options.buttonStyles
			? [{ displayName, name, type: 'options', default: fallback, options: STYLE_OPTIONS, ...extra }]
			: [];
	return {
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'fixedCollection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { responseType: [RESPONSE_TYPE_APPROVAL] } },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Type of Approval',
						name: 'approvalType',
						type: 'options',
						default: 'single',
						options: [
							{ name: 'Approve Only', value: 'single' },
							{ name: 'Approve and Disapprove', value: 'double' },
						],
					},
					{
						displayName: 'Approve Button Label',
						name: 'approveLabel',
						type: 'string',
						default: 'Approve',
						description: 'WeCom shows about 10 characters of a button',
					},
					...style('Approve Button Style', 'buttonApprovalStyle', 'primary'),
					{
						displayName: 'Disapprove Button Label',
						name: 'disapproveLabel',
						type: 'string',
						default: 'Decline',
						displayOptions: showForDouble,
					},
					...style('Disapprove Button Style', 'buttonDisapprovalStyle', 'secondary', {
						displayOptions: showForDouble,
					}),
				],
			},
		],
	};
}

/** The field types the response page can render, as n8n's Form node names them. */
export const FORM_FIELD_TYPES = [
	'text',
	'textarea',
	'number',
	'email',
	'date',
	'dropdown',
	'checkbox',
] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export const formDefinitionFields: INodeProperties[] = [
	{
		displayName: 'Define Form',
		name: 'defineForm',
		type: 'options',
		noDataExpression: true,
		default: 'fields',
		displayOptions: showForCustomForm,
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
	},
	{
		displayName: 'Form Fields',
		name: 'jsonOutput',
		type: 'json',
		typeOptions: { rows: 5 },
		default:
			'[\n  {\n    "fieldLabel": "Reason",\n    "fieldType": "textarea",\n    "requiredField": true\n  }\n]',
		hint: 'A list of fields as n8n’s Form node defines them: fieldLabel, fieldType (text, textarea, number, email, date, dropdown, checkbox), requiredField, placeholder, fieldOptions.values[].option',
		displayOptions: { show: { responseType: [RESPONSE_TYPE_CUSTOM_FORM], defineForm: ['json'] } },
	},
	{
		displayName: 'Form Elements',
		name: 'formFields',
		placeholder: 'Add Form Element',
		type: 'fixedCollection',
		default: {},
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: { responseType: [RESPONSE_TYPE_CUSTOM_FORM], defineForm: ['fields'] } },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Element Type',
						name: 'fieldType',
						type: 'options',
						default: 'text',
						options: [
							{
								name: 'Checkbox',
								value: 'checkbox',
							},
							{
								name: 'Date',
								value: 'date',
							},
							{
								name: 'Dropdown List',
								value: 'dropdown',
							},
							{
								name: 'Email',
								value: 'email',
							},
							{
								name: 'Number',
								value: 'number',
							},
							{
								name: 'Text',
								value: 'text',
							},
							{
								name: 'Textarea',
								value: 'textarea',
							},
						],
					},
					{
						displayName: 'Field Name',
						name: 'fieldLabel',
						type: 'string',
						default: '',
						placeholder: 'e.g. Reason',
						required: true,
						description: 'Label of the field;	the answer comes out under this name',
					},
					{
						displayName: 'Field Options',
						name: 'fieldOptions',
						placeholder: 'Add Field Option',
						type: 'fixedCollection',
						default: { values: [{ option: '' }] },
						typeOptions: { multipleValues: true, sortable: true },
						displayOptions: { show: { fieldType: ['dropdown'] } },
						options: [
							{
								displayName: 'Values',
								name: 'values',
								values: [{ displayName: 'Option', name: 'option', type: 'string', default: '' }],
							},
						],
					},
					{
						displayName: 'Placeholder',
						name: 'placeholder',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Required Field',
						name: 'requiredField',
						type: 'boolean',
						default: false,
						description: 'Whether the form can be sent without an answer to this field',
					},
				],
			},
		],
	},
];

/** "Limit Wait Time" as n8n's own send-and-wait nodes have it (no limit when not added). */
export const limitWaitTimeOption: INodeProperties = {
	displayName: 'Limit Wait Time',
	name: 'limitWaitTime',
	type: 'fixedCollection',
	description:
		'Whether the workflow goes on without an answer after some time (its output then has no data)',
	default: { values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' } },
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Limit Type',
					name: 'limitType',
					type: 'options',
					default: 'afterTimeInterval',
					options: [
						{
							name: 'After Time Interval',
							value: 'afterTimeInterval',
							description: 'Waits for a certain amount of time',
						},
						{
							name: 'At Specified Time',
							value: 'atSpecifiedTime',
							description: 'Waits until a date and time',
						},
					],
				},
				{
					displayName: 'Amount',
					name: 'resumeAmount',
					type: 'number',
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
					typeOptions: { minValue: 0, numberPrecision: 2 },
					default: 45,
					description: 'The time to wait',
				},
				{
					displayName: 'Unit',
					name: 'resumeUnit',
					type: 'options',
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
					options: [
						{ name: 'Minutes', value: 'minutes' },
						{ name: 'Hours', value: 'hours' },
						{ name: 'Days', value: 'days' },
					],
					default: 'minutes',
				},
				{
					displayName: 'Max Date and Time',
					name: 'maxDateAndTime',
					type: 'dateTime',
					displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
					default: '',
					description: 'Continue execution after the specified date and time',
				},
			],
		},
	],
};

/** The options every send-and-wait operation has; `extra` adds the node's own. */
export function sendAndWaitOptions(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			limitWaitTimeOption,
			{
				displayName: 'Message Button Label',
				name: 'messageButtonLabel',
				type: 'string',
				default: 'Respond',
				description: 'The card button that opens the response page',
				displayOptions: showForForms,
			},
			{
				displayName: 'Response Form Title',
				name: 'responseFormTitle',
				type: 'string',
				default: '',
				description: 'Title of the response page; empty uses the card title',
				displayOptions: showForForms,
			},
			{
				displayName: 'Response Form Description',
				name: 'responseFormDescription',
				type: 'string',
				default: '',
				description: 'Text under the title of the response page',
				displayOptions: showForForms,
			},
			{
				displayName: 'Response Form Button Label',
				name: 'responseFormButtonLabel',
				type: 'string',
				default: 'Submit',
				displayOptions: showForForms,
			},
			...extra,
		],
	};
}
