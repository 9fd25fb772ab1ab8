import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit } from '../common';

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getMany',
	action: 'Get many tags',
	description: 'List the company’s tags (tag/list)',
	routing: {
		request: { method: 'GET', url: '/cgi-bin/tag/list' },
		output: { postReceive: [{ type: 'rootProperty', properties: { property: 'taglist' } }] },
	},
};

const fields: INodeProperties[] = [...returnAllOrLimit(undefined)];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['getMany'] } }, fields);
