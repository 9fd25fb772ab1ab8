import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isDataObject } from '../../../shared/dataObject';
import { kindLabel, kindOf } from '../../../shared/smartSheet/fieldKinds';
import { entriesOf } from '../parameters';
import { fetchFields, fetchRecords } from './api';
import type { RecordQuery } from './api';
import { FieldIndex, flatRecord, targetOf } from './columns';
import { ItemResults, asNodeError } from '../../../shared/smartSheet/itemRun';

/*
 * Smart Sheet → Get Fields and Get Many Records. Both read the sheet's fields first (get_fields):
 * records come back keyed by field title and each cell is made flat by its field's type.
 */

async function eachItem(
	context: IExecuteFunctions,
	run: (itemIndex: number, results: ItemResults) => Promise<void>,
): Promise<INodeExecutionData[][]> {
	const results = new ItemResults(context.getInputData().length);
	for (let itemIndex = 0; itemIndex < context.getInputData().length; itemIndex++) {
		try {
			await run(itemIndex, results);
		} catch (error) {
			const failure = asNodeError(context, error, itemIndex);
			if (!context.continueOnFail()) throw failure;
			results.fail(itemIndex, failure);
		}
	}
	return results.output();
}

export async function getFields(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await eachItem(this, async (itemIndex, results) => {
		const fields = await fetchFields(this, targetOf(this, itemIndex), itemIndex);
		for (const field of fields) {
			results.add(itemIndex, { ...field, type: kindLabel(kindOf(field.field_type)) } as IDataObject);
		}
	});
}

/** WeCom's operators, by the names the node shows. */
const OPERATORS: Record<string, string> = {
	is: 'OPERATOR_IS',
	isNot: 'OPERATOR_IS_NOT',
	contains: 'OPERATOR_CONTAINS',
	doesNotContain: 'OPERATOR_DOES_NOT_CONTAIN',
	isEmpty: 'OPERATOR_IS_EMPTY',
	isNotEmpty: 'OPERATOR_IS_NOT_EMPTY',
	isGreater: 'OPERATOR_IS_GREATER',
	isLess: 'OPERATOR_IS_LESS',
};

const NUMBER_KINDS = new Set(['NUMBER', 'CURRENCY', 'PERCENTAGE', 'PROGRESS']);

/** filter_spec from the Filters parameter: conditions on field titles become field IDs. */
function filterSpec(context: IExecuteFunctions, fields: FieldIndex, itemIndex: number): IDataObject | undefined {
	const filters = context.getNodeParameter('filters', itemIndex, {});
	const conditions = entriesOf(isDataObject(filters) ? filters : {}, 'conditions');
	if (conditions.length === 0) return undefined;
	return {
		conjunction: context.getNodeParameter('matchType', itemIndex, 'and') === 'or' ? 'CONJUNCTION_OR' : 'CONJUNCTION_AND',
		conditions: conditions.map((condition) => {
			const field = fields.get(context.getNode(), String(condition.field ?? ''), itemIndex);
			const kind = kindOf(field.field_type);
			const value = condition.value;
			const spec: IDataObject = {
				field_id: field.field_id,
				field_type: field.field_type,
				operator: OPERATORS[String(condition.operator)] ?? 'OPERATOR_IS',
			};
			if (String(condition.operator).startsWith('isEmpty') || condition.operator === 'isNotEmpty') return spec;
			if (NUMBER_KINDS.has(kind)) spec.number_value = { value: Number(value) };
			else if (kind === 'CHECKBOX') spec.bool_value = { value: value === true || String(value).toLowerCase() === 'true' };
			else spec.string_value = { value: [String(value ?? '')] };
			return spec;
		}),
	};
}

function sortRules(context: IExecuteFunctions, fields: FieldIndex, itemIndex: number): IDataObject[] | undefined {
	const sort = context.getNodeParameter('sort', itemIndex, {});
	const rules = entriesOf(isDataObject(sort) ? sort : {}, 'rules');
	if (rules.length === 0) return undefined;
	return rules.map((rule) => ({
		field_title: fields.get(context.getNode(), String(rule.field ?? ''), itemIndex).field_title,
		desc: rule.direction === 'desc',
	}));
}

export async function getManyRecords(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await eachItem(this, async (itemIndex, results) => {
		const target = targetOf(this, itemIndex);
		const fields = new FieldIndex(await fetchFields(this, target, itemIndex));
		const options = this.getNodeParameter('options', itemIndex, {});
		const { viewId, keepRawCells } = isDataObject(options) ? options : {};
		const query: RecordQuery = {};
		const filter = filterSpec(this, fields, itemIndex);
		const sort = sortRules(this, fields, itemIndex);
		if (filter && sort) {
			throw new NodeOperationError(this.getNode(), 'Filters and Sort cannot be used together', {
				itemIndex,
				description: 'WeCom’s get_records takes either filters or a sort order. Keep the filters here and sort with n8n’s Sort node after this one.',
			});
		}
		if (filter) query.filter_spec = filter;
		if (sort) query.sort = sort;
		if (typeof viewId === 'string' && viewId.trim() !== '') query.view_id = viewId.trim();
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) === true;
		const limit = returnAll ? Infinity : Number(this.getNodeParameter('limit', itemIndex, 50));
		const records = await fetchRecords(this, target, query, limit, itemIndex);
		for (const record of records) results.add(itemIndex, flatRecord(record, fields, keepRawCells === true));
	});
}
