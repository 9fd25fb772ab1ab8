import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../shared/fields';
import { columnsMapperField } from '../shared/smartSheet/mapper';
import { ROWS_PER_WINDOW, RATE_WINDOW_SECONDS } from './helpers/limits';

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Add Records',
			value: 'addRecords',
			action: 'Add records through a sheet webhook',
			description: 'Add one record per item to the sheet',
		},
		{
			name: 'Update Records',
			value: 'updateRecords',
			action: 'Update records through a sheet webhook',
			description: 'Change records this webhook added earlier, by record ID',
		},
	],
	default: 'addRecords',
};

const notice: INodeProperties = {
	displayName:
		'Works with any smart sheet, also one a member made: turn on … (top right) → Receive External Data (接收外部数据) for the sheet, put its webhook URL in the credential and paste the sample JSON shown there below. Update changes only records added through this webhook.',
	name: 'webhookNotice',
	type: 'notice',
	default: '',
};

const sample: INodeProperties = {
	displayName: 'Sheet Sample (JSON)',
	name: 'sample',
	type: 'string',
	typeOptions: { rows: 8 },
	default: '',
	required: true,
	placeholder: '{"schema": {"fAbc12": "Title", …}, "add_records": [{"values": {…}}]}',
	description:
		'The sample JSON from the sheet’s Receive External Data page: it tells the field IDs, titles and types of the columns below',
};

function columns(mode: 'add' | 'update'): INodeProperties {
	return {
		...columnsMapperField({
			mode,
			method: 'getSampleColumns',
			dependsOn: ['sample'],
			extra: { noFieldsError: 'Paste the sheet’s sample JSON into Sheet Sample to load its columns' },
		}),
		displayOptions: { show: { operation: [mode === 'add' ? 'addRecords' : 'updateRecords'] } },
	};
}

const options = optionsCollection([
	{
		displayName: 'Members Given By',
		name: 'usersBy',
		type: 'options',
		default: 'name',
		options: [
			{ name: 'Name', value: 'name', description: 'The member’s name as shown in WeCom, e.g. Zhang San' },
			{ name: 'User ID', value: 'userId', description: 'The member’s account (账号) in Contacts' },
		],
		description: 'How Member columns name people',
	},
	{
		displayName: 'Pace Rows',
		name: 'paceRows',
		type: 'boolean',
		default: true,
		description: `Whether to wait instead of exceeding WeCom’s limit of ${ROWS_PER_WINDOW.toLocaleString('en-US')} rows a minute per sheet`,
	},
	{
		displayName: 'Rows per Window',
		name: 'rowsPerWindow',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: ROWS_PER_WINDOW,
		description: 'How many rows the sheet takes per rate window; WeCom’s limit is 3,000 a minute',
	},
	{
		displayName: 'Rate Window (Seconds)',
		name: 'rateWindowSeconds',
		type: 'number',
		typeOptions: { minValue: 0.1, numberPrecision: 1 },
		default: RATE_WINDOW_SECONDS,
		description: 'The length of the rate window; change only for a private deployment with other limits',
	},
]);

export const smartSheetWebhookProperties: INodeProperties[] = [
	operation,
	notice,
	sample,
	columns('add'),
	columns('update'),
	options,
];
