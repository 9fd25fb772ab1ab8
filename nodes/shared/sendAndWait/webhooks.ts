import type { IWebhookDescription } from 'n8n-workflow';

/**
 * The resume webhooks of a send-and-wait node, as n8n's waiting-webhook router expects them: GET
 * and POST on the node's ID, only while an execution waits there (restartWebhook).
 */
export const sendAndWaitWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'GET',
		responseMode: 'onReceived',
		responseData: '',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: '',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
];
