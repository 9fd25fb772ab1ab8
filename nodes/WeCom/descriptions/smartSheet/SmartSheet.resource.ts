import type { INodeProperties } from 'n8n-workflow';

import * as addRecords from './addRecords.operation';
import { smartSheetNotice } from './common';
import * as create from './create.operation';
import * as deleteRecords from './deleteRecords.operation';
import * as getFields from './getFields.operation';
import * as getManyRecords from './getManyRecords.operation';
import * as getSheets from './getSheets.operation';
import * as updateRecords from './updateRecords.operation';
import * as upsertRecords from './upsertRecords.operation';

const operations = [addRecords, create, deleteRecords, getFields, getManyRecords, getSheets, updateRecords, upsertRecords];

export const smartSheetDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['smartSheet'] } },
		options: operations.map((operation) => operation.option),
		default: 'addRecords',
	},
	{ ...smartSheetNotice, displayOptions: { show: { resource: ['smartSheet'] } } },
	...operations.flatMap((operation) => operation.description),
];
