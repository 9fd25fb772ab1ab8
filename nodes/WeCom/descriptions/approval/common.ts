import type { INodeProperties } from 'n8n-workflow';

/**
 * The template picker. WeCom has no API that lists templates, so "From List" shows the templates
 * of applications made in the last 31 days; any template can be given By ID.
 */
export function templateLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Template',
		name: 'templateId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The approval template (审批模板). The list shows templates used in the last 31 days; for others use By ID.',
		hint: 'The ID is the templateId in the URL of the template’s edit page, under Admin → Approval (审批)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchApprovalTemplates', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. C4UCJS891Afmu1rE1Ws6cvph7YHqebWtt7KRm1D8t',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[A-Za-z0-9_-]{8,}$',
							errorMessage:
								'A template ID is letters and digits, e.g. C4UCJS891Afmu1rE1Ws6cvph7YHqebWtt7KRm1D8t',
						},
					},
				],
			},
		],
		...overrides,
	};
}
