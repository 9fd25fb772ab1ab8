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

interface PickerShape {
	displayName: string;
	name: string;
	description: string;
	searchListMethod: string;
	idModeName: string;
	idPlaceholder: string;
	/** Department and tag IDs are whole numbers; user IDs are not. */
	numericIdHint?: string;
}

/** A resource locator with "From List" (searchable) and "By ID" modes. */
function picker(shape: PickerShape, overrides: Partial<INodeProperties>): INodeProperties {
	return {
		displayName: shape.displayName,
		name: shape.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: shape.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: shape.searchListMethod, searchable: true },
			},
			{
				displayName: shape.idModeName,
				name: 'id',
				type: 'string',
				placeholder: shape.idPlaceholder,
				...(shape.numericIdHint
					? {
							validation: [
								{
									type: 'regex' as const,
									properties: { regex: '^[0-9]+$', errorMessage: shape.numericIdHint },
								},
							],
						}
					: {}),
			},
		],
		...overrides,
	};
}

/** A department picker: from the list (with search) or by ID. */
export function departmentLocator(overrides: Partial<INodeProperties>): INodeProperties {
	return picker(
		{
			displayName: 'Department',
			name: 'departmentId',
			description: 'The department, picked from your directory or given by its numeric ID',
			searchListMethod: 'searchDepartments',
			idModeName: 'By ID',
			idPlaceholder: '1',
			numericIdHint: 'A department ID is a whole number, e.g. 1',
		},
		overrides,
	);
}

/** A member picker: from the list (with search) or by user ID (the account, 账号). */
export function userLocator(overrides: Partial<INodeProperties>): INodeProperties {
	return picker(
		{
			displayName: 'User',
			name: 'userId',
			description: 'The member, picked from your directory or given by their user ID (账号)',
			searchListMethod: 'searchUsers',
			idModeName: 'By User ID',
			idPlaceholder: 'zhangsan',
		},
		overrides,
	);
}

/** A tag picker: from the list (with search) or by its numeric ID. */
export function tagLocator(overrides: Partial<INodeProperties>): INodeProperties {
	return picker(
		{
			displayName: 'Tag',
			name: 'tagId',
			description: 'The tag, picked from the list or given by its numeric ID',
			searchListMethod: 'searchTags',
			idModeName: 'By ID',
			idPlaceholder: '1',
			numericIdHint: 'A tag ID is a whole number, e.g. 1',
		},
		overrides,
	);
}
