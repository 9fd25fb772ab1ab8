import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { AiBotConnection } from './connection';
import { AiBotConnectionError } from './errors';
import { DEFAULT_AI_BOT_WS_URL } from './frames';
import { liveConnection } from './registry';

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/**
 * Subscribes with the Bot ID and Secret and closes again. When a trigger of this n8n process holds
 * the bot's connection, it does not subscribe (that would disconnect the trigger): the live,
 * subscribed connection already proves the credential.
 */
export async function weComAiBotApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const botId = text(data.botId);
	const secret = text(data.secret);
	if (!botId || !secret) return { status: 'Error', message: 'Enter the Bot ID and the Secret' };
	if (liveConnection(botId) !== undefined) {
		return {
			status: 'OK',
			message:
				'A WeCom AI Bot Trigger in this n8n is connected with this Bot ID right now, so the credential works. The test did not connect again: WeCom would have disconnected that trigger.',
		};
	}
	const connection = new AiBotConnection({
		url: text(data.url) || DEFAULT_AI_BOT_WS_URL,
		botId,
		secret,
		onCallback: () => undefined,
		maxReconnectAttempts: 0,
	});
	try {
		await connection.open();
		return { status: 'OK', message: 'Connected and subscribed as the bot, then disconnected' };
	} catch (error) {
		if (error instanceof AiBotConnectionError) return { status: 'Error', message: `${error.message}. ${error.description}` };
		return {
			status: 'Error',
			message: `Could not reach the long-connection endpoint: ${error instanceof Error ? error.message : String(error)}`,
		};
	} finally {
		connection.stop();
	}
}
