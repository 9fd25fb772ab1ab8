import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

export const option: INodePropertyOptions = {
	name: 'Upload by URL',
	value: 'uploadByUrl',
	action: 'Upload media from a URL',
	description:
		'Let WeCom fetch a file of up to 200 MB from a URL; returns a job ID for Get Upload by URL Result (media/upload_by_url)',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/media/upload_by_url', body: { scene: 1 } },
	},
};

const fields: INodeProperties[] = [
	{
		displayName:
			'WeCom offers this for customer group welcome messages (入群欢迎语) and needs Customer Contact (客户联系) permission. The file must be on a CDN that supports Range requests. Poll Get Upload by URL Result, or catch the upload_media_job_finish event with the WeCom Trigger.',
		name: 'uploadByUrlNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Type',
		name: 'mediaType',
		type: 'options',
		options: [
			{ name: 'File', value: 'file' },
			{ name: 'Video', value: 'video' },
		],
		default: 'file',
		routing: { send: { type: 'body', property: 'type' } },
	},
	{
		displayName: 'File URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://cdn.example.com/brochure.pdf',
		description: 'Up to 1024 bytes; the server must support HTTP Range requests',
		routing: { send: { type: 'body', property: 'url' } },
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'brochure.pdf',
		description: 'The name shown to recipients, up to 128 bytes',
		routing: { send: { type: 'body', property: 'filename' } },
	},
	{
		displayName: 'MD5',
		name: 'md5',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'd41d8cd98f00b204e9800998ecf8427e',
		description: 'The MD5 of the file, as 32 hex digits; WeCom checks the download against it',
		routing: { send: { type: 'body', property: 'md5' } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['media'], operation: ['uploadByUrl'] } }, fields);
