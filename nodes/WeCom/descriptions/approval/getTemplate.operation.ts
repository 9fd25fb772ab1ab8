import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { templateLocator } from './common';

/** Runs as a custom operation (helpers/approvalOperations.ts). */
export const option: INodePropertyOptions = {
	name: 'Get Template',
	value: 'getTemplate',
	action: 'Get an approval template',
	description:
		'Get a template’s form: each field with its type, title and whether it is required (oa/gettemplatedetail)',
};

const fields: INodeProperties[] = [templateLocator()];

export const description = updateDisplayOptions(
	{ show: { resource: ['approval'], operation: ['getTemplate'] } },
	fields,
);
