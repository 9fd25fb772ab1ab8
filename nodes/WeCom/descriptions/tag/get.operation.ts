import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { tagLocator } from '../common';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get a tag and its members',
	description: 'Get a tag’s name, its member users and its departments (tag/get)',
	routing: { request: { method: 'GET', url: '/cgi-bin/tag/get' } },
};

const fields: INodeProperties[] = [
	tagLocator({ routing: { send: { type: 'query', property: 'tagid' } } }),
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['get'] } }, fields);
