import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	ResourceMapperFields,
} from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import { weComApiRequest } from '../../shared/transport';
import {
	SUPPORTED_CONTROLS,
	controlsOfTemplate,
	mapperFieldsOf,
	preferredText,
} from './approvalForm';
import { locatorValue, textOf } from './parameters';

/*
 * Approval templates: gettemplatedetail (doc 91982, a read), the template picker and the
 * resource mapper's fields. WeCom has no API that lists a company's templates, so "From List"
 * offers the templates of applications made in the last 31 days; any other template is picked
 * By ID (the templateId in the template editor's URL).
 */

const DAY_SECONDS = 24 * 3600;
/** getapprovaldetail calls the picker makes at most to name recent templates. */
const PICKER_DETAIL_LIMIT = 30;

/** POST oa/gettemplatedetail. */
export async function getTemplate(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	templateId: string,
	itemIndex?: number,
): Promise<IDataObject> {
	return await weComApiRequest.call(
		context,
		{ method: 'POST', url: '/cgi-bin/oa/gettemplatedetail', body: { template_id: templateId } },
		{ itemIndex },
	);
}

/** The template ID of the node's "Template" picker, for an item. */
export function templateIdOf(context: IExecuteFunctions, itemIndex: number): string {
	return locatorValue(context.getNodeParameter('templateId', itemIndex));
}

/** Get Template's output: WeCom's answer plus a flat list of the fields with their types and titles. */
export function describeTemplate(templateId: string, template: IDataObject): IDataObject {
	const controls = controlsOfTemplate(template);
	return {
		template_id: templateId,
		name: preferredText(template.template_names),
		fields: controls.map((control) => ({
			id: control.id,
			control: control.kind,
			title: control.title,
			required: control.required,
			fillable: SUPPORTED_CONTROLS.includes(control.kind),
			...(control.columns.length > 0
				? {
						columns: control.columns.map((column) => ({
							id: column.id,
							control: column.kind,
							title: column.title,
							required: column.required,
						})),
					}
				: {}),
		})),
		template_names: template.template_names,
		template_content: template.template_content,
	};
}

/** listSearch: templates of recent applications, named by the application's template name. */
export async function searchApprovalTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const end = Math.floor(Date.now() / 1000);
	const list = await weComApiRequest.call(this, {
		method: 'POST',
		url: '/cgi-bin/oa/getapprovalinfo',
		body: {
			starttime: String(end - 31 * DAY_SECONDS + 1),
			endtime: String(end),
			new_cursor: '',
			size: 100,
		},
	});
	const numbers = (Array.isArray(list.sp_no_list) ? list.sp_no_list : []).map(textOf).reverse();
	const templates = new Map<string, string>();
	for (const spNo of numbers.slice(0, PICKER_DETAIL_LIMIT)) {
		const detail = await weComApiRequest.call(this, {
			method: 'POST',
			url: '/cgi-bin/oa/getapprovaldetail',
			body: { sp_no: spNo },
		});
		const info = isDataObject(detail.info) ? detail.info : {};
		const id = textOf(info.template_id);
		if (id && !templates.has(id)) templates.set(id, textOf(info.sp_name) || id);
	}
	const results = [...templates.entries()]
		.map(([id, name]) => ({ name: `${name} (${id})`, value: id }))
		.filter((result) => !filter || result.name.toLowerCase().includes(filter.toLowerCase()));
	return { results };
}

/** resourceMapping: the form fields of the chosen template. */
export async function getApprovalFormFields(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const templateId = locatorValue(this.getNodeParameter('templateId', undefined));
	if (!templateId) return { fields: [], emptyFieldsNotice: 'Choose a template first' };
	const controls = controlsOfTemplate(await getTemplate(this, templateId));
	const unsupported = controls.filter(
		(control) =>
			!SUPPORTED_CONTROLS.includes(control.kind) &&
			control.kind !== 'Tips' &&
			control.kind !== 'Formula',
	);
	return {
		fields: mapperFieldsOf(controls),
		...(unsupported.length > 0
			? {
					emptyFieldsNotice: `Fields of type ${unsupported.map((control) => control.kind).join(', ')} can be sent with Input Mode → JSON only`,
				}
			: {}),
	};
}
