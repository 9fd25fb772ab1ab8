import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { BASE_URL_EXPRESSION } from '../shared/baseUrl';
import { sendDeclarativeRequest } from '../shared/transport';
import { weComProperties } from './descriptions';
import { downloadMedia } from './helpers/mediaDownload';
import { listSearch } from './methods';

export class WeCom implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom',
		name: 'weCom',
		icon: { light: 'file:../../icons/wecom.svg', dark: 'file:../../icons/wecom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage contacts, send messages and files, and call the API of WeCom (WeChat Work)',
		defaults: { name: 'WeCom' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weComApi', required: true }],
		requestDefaults: { baseURL: BASE_URL_EXPRESSION, json: true },
		requestOperations: { pagination: sendDeclarativeRequest },
		properties: weComProperties,
	};

	methods = { listSearch };

	/** Operations that run as code instead of through RoutingNode; each function says why. */
	customOperations = { media: { download: downloadMedia } };
}
