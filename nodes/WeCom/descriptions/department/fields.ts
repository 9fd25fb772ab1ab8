import type { INodeProperties } from 'n8n-workflow';

/** Optional department fields that Create and Update send the same way. */
export const englishNameField: INodeProperties = {
	displayName: 'English Name',
	name: 'nameEn',
	type: 'string',
	default: '',
	routing: { send: { type: 'body', property: 'name_en' } },
};

export const orderField: INodeProperties = {
	displayName: 'Order',
	name: 'order',
	type: 'number',
	default: 0,
	description: 'Sort order among siblings; higher comes first',
	routing: { send: { type: 'body', property: 'order' } },
};
