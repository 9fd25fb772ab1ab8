import type { INodeProperties } from 'n8n-workflow';

import * as convertToOpenId from './convertToOpenId.operation';
import * as create from './create.operation';
import * as deleteUser from './delete.operation';
import * as deleteMany from './deleteMany.operation';
import * as get from './get.operation';
import * as getIdByEmail from './getIdByEmail.operation';
import * as getIdByMobile from './getIdByMobile.operation';
import * as getMany from './getMany.operation';
import * as listIds from './listIds.operation';
import * as update from './update.operation';

const operations = [
	convertToOpenId,
	create,
	deleteUser,
	deleteMany,
	get,
	getIdByEmail,
	getIdByMobile,
	getMany,
	listIds,
	update,
];

export const userDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: operations.map((operation) => operation.option),
		default: 'get',
	},
	...operations.flatMap((operation) => operation.description),
];
