import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { MAX_BATCH_DELETE, prepareUserIdList, sendInBatches } from '../../helpers/contacts';

export const option: INodePropertyOptions = {
	name: 'Delete Many',
	value: 'deleteMany',
	action: 'Delete many users',
	description: `Remove several members at once; lists over ${MAX_BATCH_DELETE} are sent in batches (user/batchdelete)`,
	routing: {
		request: { method: 'POST', url: '/cgi-bin/user/batchdelete' },
		send: { preSend: [prepareUserIdList] },
		operations: { pagination: sendInBatches('useridlist', MAX_BATCH_DELETE) },
	},
};

const fields: INodeProperties[] = [
	{
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'zhangsan, lisi',
		description:
			'The user IDs to delete, separated by commas (or an expression returning a list). WeCom rejects a whole batch if one ID is unknown.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['deleteMany'] } }, fields);
