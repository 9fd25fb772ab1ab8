import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { prepareSmartSheetCreate } from '../../helpers/smartSheet/create';
import { membersField } from '../chat/common';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create a smart sheet',
	description: 'Create a smart sheet document (wedoc/create_doc, doc_type 10) and get its docid and URL',
	routing: {
		request: { method: 'POST', url: '/cgi-bin/wedoc/create_doc' },
		send: { preSend: [prepareSmartSheetCreate] },
	},
};

const fields: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'docName',
		type: 'string',
		default: '',
		required: true,
		description: 'The document’s name, up to 255 characters',
		routing: { send: { type: 'body', property: 'doc_name' } },
	},
	{
		displayName:
			'Keep the Document ID (docid) this returns: WeCom has no API to find it again, and every other Smart Sheet operation needs it. Store it in a Data Table, or paste it into the nodes that use the sheet.',
		name: 'keepDocIdNotice',
		type: 'notice',
		default: '',
	},
	membersField('admins', 'Admins', 'Members who manage the document; they see it in their WeCom Docs'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Space ID',
				name: 'spaceId',
				type: 'string',
				default: '',
				description: 'A WeDrive space (spaceid) to create the document in; set Folder ID too',
				routing: { send: { type: 'body', property: 'spaceid' } },
			},
			{
				displayName: 'Folder ID',
				name: 'folderId',
				type: 'string',
				default: '',
				description: 'The folder (fatherid) in that space; the space ID itself for its top level',
				routing: { send: { type: 'body', property: 'fatherid' } },
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['smartSheet'], operation: ['create'] } }, fields);
