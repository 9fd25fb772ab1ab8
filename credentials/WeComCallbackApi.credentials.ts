import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/*
 * What WeCom's "Receive Messages" (接收消息) page needs to verify and decrypt callbacks.
 *
 * There is deliberately no `test` request here: n8n credential tests are HTTP requests, and these
 * values are never sent anywhere (WeCom only uses them to sign and encrypt what it sends to us).
 * The WeCom Trigger node instead declares `testedBy: 'weComCallbackApiTest'`, a node-level
 * credential test that checks the fields offline and encrypts a sample message with them.
 */
export class WeComCallbackApi implements ICredentialType {
	name = 'weComCallbackApi';

	displayName = 'WeCom Callback API';

	icon: Icon = { light: 'file:../icons/wecom.svg', dark: 'file:../icons/wecom.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite#receive-messages-and-events-the-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Receive ID (Corp ID)',
			name: 'receiveId',
			type: 'string',
			default: '',
			placeholder: 'ww0123456789abcdef',
			description:
				'Your Corp ID (企业ID) for an app’s callbacks. WeCom appends it to every encrypted message and the trigger checks it. Leave empty only for an AI bot (智能机器人) callback.',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The Token from the app’s Receive Messages page (接收消息 → API 接收), up to 32 letters and digits',
		},
		{
			displayName: 'EncodingAESKey',
			// 'Secret' in the name marks it as sensitive for n8n's lint rules: the key decrypts callbacks.
			name: 'encodingAesSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The EncodingAESKey from the same page: exactly 43 letters and digits. Click Random (随机获取) there, copy it here, then save both pages.',
		},
	];
}
