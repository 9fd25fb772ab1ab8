import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { webhookKeyAuthentication, webhookKeyProperties, webhookKeyTest } from '../nodes/shared/webhookKey';

/** A smart sheet's "receive external data" webhook (接收外部数据): one key per sheet, no access token. */
export class WeComSmartSheetWebhookApi implements ICredentialType {
	name = 'weComSmartSheetWebhookApi';

	displayName = 'WeCom Smart Sheet Webhook API';

	icon: Icon = { light: 'file:../icons/wecom.svg', dark: 'file:../icons/wecom.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite#wecom-smart-sheet-webhook-node';

	properties: INodeProperties[] = webhookKeyProperties({
		placeholder: 'https://qyapi.weixin.qq.com/cgi-bin/wedoc/smartsheet/webhook?key=…',
		description:
			'The webhook URL of the sheet (smart sheet → … (top right) → Receive External Data (接收外部数据) → the sheet), or only the key after "key="',
	});

	authenticate: IAuthenticateGeneric = webhookKeyAuthentication;

	/*
	 * Proves the key without writing a row: WeCom checks the key first and answers 40014 for a key
	 * it does not know (or that was revoked by turning Receive External Data off); a known key gets
	 * as far as the body, where an empty one is refused with 40058. Nothing can be added.
	 */
	test: ICredentialTestRequest = webhookKeyTest(
		'/cgi-bin/wedoc/smartsheet/webhook',
		{},
		40014,
		'WeCom does not know this sheet webhook key (40014). Copy the webhook URL again from the smart sheet (… → Receive External Data); turning the feature off revokes the key.',
	);
}
