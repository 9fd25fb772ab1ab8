import type { INodeProperties } from 'n8n-workflow';

export function binaryPropertyField(description: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file',
		description,
		...extra,
	};
}
