import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

export const option: INodePropertyOptions = {
	name: 'Get Upload by URL Result',
	value: 'getUploadByUrlResult',
	action: 'Get the result of an upload by URL',
	description:
		'Check an Upload by URL job: status 1 processing, 2 done (with media_id), 3 failed (media/get_upload_by_url_result)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/media/get_upload_by_url_result' },
	},
};

const fields: INodeProperties[] = [
	{
		displayName: 'Job ID',
		name: 'jobId',
		type: 'string',
		default: '',
		required: true,
		description: 'The jobid that Upload by URL returned',
		routing: { send: { type: 'body', property: 'jobid' } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['media'], operation: ['getUploadByUrlResult'] } },
	fields,
);
