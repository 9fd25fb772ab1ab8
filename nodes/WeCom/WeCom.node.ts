import { NodeConnectionTypes, SEND_AND_WAIT_OPERATION } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { BASE_URL_EXPRESSION, normalizeBaseUrl } from '../shared/baseUrl';
import { runRoutedOperation } from '../shared/routing/runOperation';
import type { RoutedDescription } from '../shared/routing/runOperation';
import { sendAndWaitWebhooks } from '../shared/sendAndWait/webhooks';
import { sendDeclarativeRequest } from '../shared/transport';
import { weComProperties } from './descriptions';
import { getApproval, getApprovalTemplate, getManyApprovals, submitApproval } from './helpers/approvalOperations';
import { getApprovalFormFields, searchApprovalTemplates } from './helpers/approvalTemplates';
import { downloadMedia } from './helpers/mediaDownload';
import { sendAndWait, sendAndWaitResume } from './helpers/sendAndWait';
import { smartSheetOperations } from './helpers/smartSheet/router';
import { listSearch, loadOptions, resourceMapping } from './methods';

/** What shapes the requests: read by n8n's editor and by the package's router alike. */
const routedDescription: RoutedDescription = {
	credentials: [{ name: 'weComApi', required: true }],
	requestDefaults: { baseURL: BASE_URL_EXPRESSION, json: true },
	requestOperations: { pagination: sendDeclarativeRequest },
	properties: weComProperties,
};

export class WeCom implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom',
		name: 'weCom',
		icon: { light: 'file:../../icons/wecom.svg', dark: 'file:../../icons/wecom.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage contacts, send messages and files, work with smart sheets, and start workflows on messages and events of WeCom (WeChat Work)',
		// the node panel's Docs link; n8n appends ?utm… to the codex URL instead, which breaks the #anchor
		documentationUrl: 'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite#wecom-node-contacts',
		defaults: { name: 'WeCom' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Message → Send and Wait for Response resumes through these, only while a run waits there.
		webhooks: sendAndWaitWebhooks,
		waitingNodeTooltip: 'The workflow goes on when someone answers the card in WeCom',
		...routedDescription,
	};

	methods = {
		listSearch: { ...listSearch, searchApprovalTemplates },
		loadOptions,
		resourceMapping: { ...resourceMapping, getApprovalFormFields },
	};

	/** Operations whose work is more than one routed request; each function says why. */
	customOperations = {
		media: { download: downloadMedia },
		approval: { getTemplate: getApprovalTemplate, submit: submitApproval, getMany: getManyApprovals, get: getApproval },
		message: { [SEND_AND_WAIT_OPERATION]: sendAndWait },
		smartSheet: smartSheetOperations,
	};

	/** Every other operation: its routing description, run by the package's router (shared/routing). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runRoutedOperation(this, {
			description: routedDescription,
			baseUrlOf: (credentials) => normalizeBaseUrl(credentials.baseUrl),
		});
	}

	/** The resume URL of Send and Wait for Response (n8n checks its signature first). */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await sendAndWaitResume.call(this);
	}
}
