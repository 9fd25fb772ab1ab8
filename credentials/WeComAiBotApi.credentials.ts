import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { DEFAULT_AI_BOT_WS_URL } from '../nodes/shared/aiBot/frames';

/*
 * An AI bot (智能机器人) in API mode with Long Connection: its Bot ID and Secret
 * (wecom-new-features.md §2.1). There is no HTTP `test` request: the bot only speaks WebSocket,
 * so the nodes declare `testedBy: 'weComAiBotApiTest'`, which subscribes and unsubscribes, unless
 * a listener of this n8n holds the bot's connection (a test would disconnect it).
 */
export class WeComAiBotApi implements ICredentialType {
	name = 'weComAiBotApi';

	displayName = 'WeCom AI Bot API';

	icon: Icon = { light: 'file:../icons/wecom.svg', dark: 'file:../icons/wecom.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite#wecom-ai-bot';

	properties: INodeProperties[] = [
		{
			displayName: 'Bot ID',
			name: 'botId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'aib0123456789abcdef',
			description: 'The Bot ID (Bot ID / 机器人ID) on the bot’s API mode page, with Long Connection (长连接) chosen',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Secret on the same page. Resetting it there disconnects every listener that uses the old one.',
		},
		{
			displayName: 'WebSocket URL',
			name: 'url',
			type: 'string',
			default: DEFAULT_AI_BOT_WS_URL,
			description: 'Change only for a private deployment (私有化部署) or a local sandbox (ws:// is allowed)',
		},
		{
			displayName:
				'Testing connects to WeCom once. WeCom keeps one connection per bot: if this bot is connected elsewhere (another n8n, the WeCom SDK), the test disconnects it. A listener in this n8n is never disconnected by the test.',
			name: 'testNotice',
			type: 'notice',
			default: '',
		},
	];
}
