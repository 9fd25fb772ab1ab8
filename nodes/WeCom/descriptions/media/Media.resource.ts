import type { INodeProperties } from 'n8n-workflow';

import * as download from './download.operation';
import * as getUploadByUrlResult from './getUploadByUrlResult.operation';
import * as upload from './upload.operation';
import * as uploadByUrl from './uploadByUrl.operation';
import * as uploadImage from './uploadImage.operation';

const operations = [download, getUploadByUrlResult, upload, uploadByUrl, uploadImage];

export const mediaDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['media'] } },
		options: operations.map((operation) => operation.option),
		default: 'upload',
	},
	...operations.flatMap((operation) => operation.description),
];
