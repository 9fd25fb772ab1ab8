/**
 * Long-connection helpers for in-process tests: the sandbox with its AI bot, and Node 20's
 * missing global WebSocket supplied by undici (the same client Node 22+ ships as the global).
 */
import { WebSocket as UndiciWebSocket } from 'undici';

import type { AiBotConnectionOptions } from '../../nodes/shared/aiBot/connection';
import { AiBotConnection } from '../../nodes/shared/aiBot/connection';
import type { WebSocketConstructor } from '../../nodes/shared/aiBot/webSocket';
import { SANDBOX_AI_BOT } from '../../sandbox/aiBot';
import type { AiBotSandbox } from '../../sandbox/aiBot';
import { startSandbox } from '../../sandbox/server';

export { SANDBOX_AI_BOT };

export const testWebSocket: WebSocketConstructor = UndiciWebSocket;

export interface AiBotSandboxHandle {
	url: string;
	wsUrl: string;
	aiBot: AiBotSandbox;
	close(): Promise<void>;
}

export async function startAiBotSandbox(): Promise<AiBotSandboxHandle> {
	const sandbox = await startSandbox();
	const aiBot = sandbox.aiBot;
	if (aiBot === undefined) throw new Error('the sandbox has no AI bot');
	return { url: sandbox.url, wsUrl: `${sandbox.url.replace('http', 'ws')}/aibot/ws`, aiBot, close: async () => await sandbox.close() };
}

/**
 * A connection to the sandbox bot with fast test timings. The ack timeout stays generous: an ack
 * that takes 300 ms on a busy CI machine is not what these tests are about (a test of the timeout
 * itself sets its own).
 */
export function testConnection(
	sandbox: AiBotSandboxHandle,
	overrides: Partial<AiBotConnectionOptions> = {},
): AiBotConnection {
	return new AiBotConnection({
		url: sandbox.wsUrl,
		botId: SANDBOX_AI_BOT.botId,
		secret: SANDBOX_AI_BOT.secret,
		onCallback: () => undefined,
		heartbeatMs: 100,
		ackTimeoutMs: 5000,
		backoffInitialMs: 20,
		backoffMaxMs: 80,
		webSocket: testWebSocket,
		...overrides,
	});
}
