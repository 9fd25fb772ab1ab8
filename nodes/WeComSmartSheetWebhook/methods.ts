import { NodeOperationError } from 'n8n-workflow';
import type { ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { isWebhookWritableKind, kindLabel, mapperTypeOf } from '../shared/smartSheet/fieldKinds';
import { RECORD_ID_COLUMN } from '../shared/smartSheet/mapper';
import { SAMPLE_HELP, fieldsOfSample } from './helpers/sample';

/** The Columns mapper, from the pasted sample: one column per field, by title. */
export async function getSampleColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const sample = fieldsOfSample(this.getCurrentNodeParameter('sample'));
	if ('problem' in sample) throw new NodeOperationError(this.getNode(), sample.problem, { description: SAMPLE_HELP });
	const columns: ResourceMapperField[] = sample.fields.map((field) => {
		const writable = isWebhookWritableKind(field.kind);
		return {
			id: field.title,
			displayName: `${field.title} (${kindLabel(field.kind)}${writable ? '' : ', not writable by webhook'})`,
			required: false,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: mapperTypeOf(field.kind === 'SINGLE_SELECT' ? 'TEXT' : field.kind),
			readOnly: !writable,
			removed: !writable,
		};
	});
	if (this.getCurrentNodeParameter('operation') !== 'updateRecords') return { fields: columns };
	const recordId: ResourceMapperField = {
		id: RECORD_ID_COLUMN,
		displayName: 'Record ID',
		required: true,
		defaultMatch: true,
		canBeUsedToMatch: true,
		display: true,
		type: 'string',
	};
	return { fields: [recordId, ...columns] };
}
