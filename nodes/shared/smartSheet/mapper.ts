import type { IDataObject, IExecuteFunctions, INodeProperties, ResourceMapperTypeOptionsBase } from 'n8n-workflow';

import { isDataObject } from '../dataObject';

/*
 * Reading the `columns` resource mapper of the smart sheet writes: either mapped one by one ("Map
 * Each Column Manually", values by column) or taken from the input item's fields named like the
 * sheet's columns ("Map Automatically").
 */

/** The resource mapper column that holds a record's ID (update and upsert match on it). */
export const RECORD_ID_COLUMN = 'record_id';

function stringOf(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

const autoMappedByRun = new WeakMap<IExecuteFunctions, boolean>();

/**
 * Whether items map themselves to columns by name. The mapping mode takes no expression, so it is
 * the same for every item: read once per run, not once per row of a 10,000-row write.
 */
export function isAutoMapped(context: IExecuteFunctions): boolean {
	let autoMapped = autoMappedByRun.get(context);
	if (autoMapped === undefined) {
		autoMapped = stringOf(context.getNodeParameter('columns.mappingMode', 0, 'defineBelow')) === 'autoMapInputData';
		autoMappedByRun.set(context, autoMapped);
	}
	return autoMapped;
}

/** The column values an item gives, by column, as the resource mapper says. */
export function mappedValues(context: IExecuteFunctions, itemIndex: number): IDataObject {
	if (isAutoMapped(context)) {
		const json = context.getInputData()[itemIndex]?.json ?? {};
		return { ...json };
	}
	const value: unknown = context.getNodeParameter('columns.value', itemIndex, {});
	return isDataObject(value) ? { ...value } : {};
}

/** The matching column chosen in the resource mapper (update and upsert); the record ID by default. */
export function matchingColumn(context: IExecuteFunctions, itemIndex: number): string {
	const columns: unknown = context.getNodeParameter('columns.matchingColumns', itemIndex, []);
	const first = Array.isArray(columns) ? columns.find((entry) => typeof entry === 'string') : undefined;
	return typeof first === 'string' && first !== '' ? first : RECORD_ID_COLUMN;
}

/** The `columns` parameter of a smart sheet write: n8n's resource mapper, loaded by `method`. */
export function columnsMapperField(options: {
	mode: 'add' | 'update' | 'upsert';
	method: string;
	dependsOn: string[];
	extra?: Partial<ResourceMapperTypeOptionsBase>;
}): INodeProperties {
	return {
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: options.dependsOn,
			resourceMapper: {
				resourceMapperMethod: options.method,
				mode: options.mode,
				fieldWords: { singular: 'column', plural: 'columns' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				...options.extra,
			},
		},
	};
}
