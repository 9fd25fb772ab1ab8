import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listOf, optionsCollection } from '../../../shared/fields';
import { returnAllOrLimit } from '../common';
import { docIdField, sheetLocator } from './common';

/** Runs as code (helpers/smartSheet/read.ts): cells are made flat by their field's type. */
export const option: INodePropertyOptions = {
	name: 'Get Many Records',
	value: 'getManyRecords',
	action: 'Get many records of a sheet',
	description: 'Read records, one item each with record_id and a value per column (wedoc/smartsheet/get_records)',
};

const columnName: INodeProperties = {
	displayName: 'Column Name or ID',
	name: 'field',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getSheetColumnTitles', loadOptionsDependsOn: ['docId', 'sheetId.value'] },
	default: '',
	description:
		'The column, by its title. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const fields: INodeProperties[] = [
	docIdField,
	sheetLocator,
	...returnAllOrLimit(undefined),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'fixedCollection',
		typeOptions: listOf(),
		placeholder: 'Add Condition',
		default: {},
		description: 'Only records that meet these conditions. WeCom does not combine filters with Sort.',
		options: [
			{
				displayName: 'Conditions',
				name: 'conditions',
				values: [
					columnName,
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						default: 'is',
						options: [
							{ name: 'Contains', value: 'contains' },
							{ name: 'Does Not Contain', value: 'doesNotContain' },
							{ name: 'Is', value: 'is' },
							{ name: 'Is Empty', value: 'isEmpty' },
							{ name: 'Is Greater Than', value: 'isGreater' },
							{ name: 'Is Less Than', value: 'isLess' },
							{ name: 'Is Not', value: 'isNot' },
							{ name: 'Is Not Empty', value: 'isNotEmpty' },
						],
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						displayOptions: { hide: { operator: ['isEmpty', 'isNotEmpty'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Must Match',
		name: 'matchType',
		type: 'options',
		default: 'and',
		options: [
			{ name: 'All Conditions', value: 'and' },
			{ name: 'Any Condition', value: 'or' },
		],
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'fixedCollection',
		typeOptions: listOf(),
		placeholder: 'Add Sort Rule',
		default: {},
		options: [
			{
				displayName: 'Rules',
				name: 'rules',
				values: [
					columnName,
					{
						displayName: 'Direction',
						name: 'direction',
						type: 'options',
						default: 'asc',
						options: [
							{ name: 'Ascending', value: 'asc' },
							{ name: 'Descending', value: 'desc' },
						],
					},
				],
			},
		],
	},
	optionsCollection([
		{
			displayName: 'View ID',
			name: 'viewId',
			type: 'string',
			default: '',
			description: 'Read the records of this view (its filters and order), by view_id',
		},
		{
			displayName: 'Keep Raw Cells',
			name: 'keepRawCells',
			type: 'boolean',
			default: false,
			description:
				'Whether to output WeCom’s own cell values (arrays of text runs, options, users…) under "values" instead of one flat value per column',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['smartSheet'], operation: ['getManyRecords'] } }, fields);
