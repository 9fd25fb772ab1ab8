import type { INodeProperties } from 'n8n-workflow';

/** Return All / Limit pair for any list; `maxResults` feeds both the cursor pagination and n8n's limit. */
export function returnAllOrLimit(
	displayOptions: INodeProperties['displayOptions'],
	maxLimit?: number,
): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, ...(maxLimit ? { maxValue: maxLimit } : {}) },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: {
				...displayOptions,
				show: { ...displayOptions?.show, returnAll: [false] },
			},
			routing: { output: { maxResults: '={{$value}}' } },
		},
	];
}

/** A department picker: from the list (with search) or by ID. */
export function departmentLocator(overrides: Partial<INodeProperties>): INodeProperties {
	return {
		displayName: 'Department',
		name: 'departmentId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The department, picked from your directory or given by its numeric ID',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchDepartments', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '1',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[0-9]+$', errorMessage: 'A department ID is a whole number, e.g. 1' },
					},
				],
			},
		],
		...overrides,
	};
}

/** A member picker: from the list (with search) or by user ID (the account, 账号). */
export function userLocator(overrides: Partial<INodeProperties>): INodeProperties {
	return {
		displayName: 'User',
		name: 'userId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The member, picked from your directory or given by their user ID (账号)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By User ID',
				name: 'id',
				type: 'string',
				placeholder: 'zhangsan',
			},
		],
		...overrides,
	};
}

/** A tag picker: from the list (with search) or by its numeric ID. */
export function tagLocator(overrides: Partial<INodeProperties>): INodeProperties {
	return {
		displayName: 'Tag',
		name: 'tagId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The tag, picked from the list or given by its numeric ID',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTags', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '1',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[0-9]+$', errorMessage: 'A tag ID is a whole number, e.g. 1' },
					},
				],
			},
		],
		...overrides,
	};
}
