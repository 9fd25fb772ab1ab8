import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { webhookKeyAuthentication, webhookKeyProperties, webhookKeyTest } from '../nodes/shared/webhookKey';

export class WeComWebhookApi implements ICredentialType {
	name = 'weComWebhookApi';

	displayName = 'WeCom Group Bot Webhook API';

	icon: Icon = { light: 'file:../icons/wecom.svg', dark: 'file:../icons/wecom.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite#a-group-bot-the-wecom-group-bot-webhook-api-credential';

	properties: INodeProperties[] = webhookKeyProperties({
		placeholder: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
		description:
			'The webhook URL of the group bot (group chat → … → Group Bots (群机器人) → the bot → Webhook URL), or only the key after "key="',
	});

	authenticate: IAuthenticateGeneric = webhookKeyAuthentication;

	/*
	 * Proves the key without posting to the group. WeCom checks the webhook key first and answers
	 * 93000 "invalid webhook url" for a key it does not know; only a known key gets as far as the
	 * body, where an unknown msgtype is refused with 40008 "invalid message type". So 93000 fails
	 * the test, and any other answer (40008, or 45009 while the bot is rate-limited) means WeCom
	 * recognised the key. No message type means nothing can be posted.
	 */
	test: ICredentialTestRequest = webhookKeyTest(
		'/cgi-bin/webhook/send',
		{ msgtype: 'n8n_credential_check' },
		93000,
		'WeCom does not know this webhook key (93000 invalid webhook url). Copy the webhook URL again from the group chat’s bot settings; a removed bot’s key stops working.',
	);
}
