/** Shared set-up for the group bot tests: a sandbox, its bots, and weComWebhookApi credentials. */
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { WeComWebhookApi } from '../../credentials/WeComWebhookApi.credentials';
import { WeComGroupBot } from '../../nodes/WeComGroupBot/WeComGroupBot.node';
import { SANDBOX_BOT_KEY, SANDBOX_OTHER_BOT_KEY, webhookBotsOf } from '../../sandbox/routes/webhookBot';
import type { WebhookBots } from '../../sandbox/routes/webhookBot';
import { startSandbox } from '../../sandbox/server';
import type { WeComSandbox } from '../../sandbox/server';
import { TestCredentialsHelper, registerCredentialType, registerNodeType, runNode } from './engine';
import type { RunOptions, RunResult } from './engine';

export const GROUP_BOT_NODE = 'n8n-nodes-wecom-suite.weComGroupBot';

registerNodeType(GROUP_BOT_NODE, new WeComGroupBot());
registerCredentialType(new WeComWebhookApi());

export { SANDBOX_BOT_KEY, SANDBOX_OTHER_BOT_KEY };

/** Stored credentials: the bot by its whole webhook URL, the other bot by bare key, a bad key. */
export const BOT_CREDENTIAL = { id: 'cred-bot-alerts', name: 'Alerts bot (URL)' };
export const OTHER_BOT_CREDENTIAL = { id: 'cred-bot-reports', name: 'Reports bot (key)' };
export const UNKNOWN_BOT_ID = '0badc0de-1111-4222-8333-deadbeef0000';
export const BAD_BOT_CREDENTIAL = { id: 'cred-bot-bad', name: 'Removed bot' };

export interface BotHarness {
	sandbox: WeComSandbox;
	bots: WebhookBots;
	credentials: TestCredentialsHelper;
	/** Runs the group bot node; `credential` picks the bot (default: the Alerts bot). */
	run(
		parameters: RunOptions['parameters'],
		options?: Partial<RunOptions> & { credential?: { id: string; name: string } },
	): Promise<RunResult>;
	close(): Promise<void>;
}

export async function startBotHarness(): Promise<BotHarness> {
	const sandbox = await startSandbox();
	const credentials = new TestCredentialsHelper();
	const add = (reference: { id: string; name: string }, webhookSecretKey: string) =>
		credentials.add({
			...reference,
			type: 'weComWebhookApi',
			data: { webhookSecretKey, baseUrl: sandbox.url },
		});
	add(BOT_CREDENTIAL, `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${SANDBOX_BOT_KEY}`);
	add(OTHER_BOT_CREDENTIAL, `  ${SANDBOX_OTHER_BOT_KEY} `);
	add(BAD_BOT_CREDENTIAL, UNKNOWN_BOT_ID);
	return {
		sandbox,
		get bots() {
			return webhookBotsOf(sandbox);
		},
		credentials,
		run: async (parameters, options = {}) => {
			const { credential = BOT_CREDENTIAL, ...rest } = options;
			return await runNode({
				parameters,
				credentialsHelper: credentials,
				credentials: { weComWebhookApi: credential },
				nodeType: GROUP_BOT_NODE,
				...rest,
			});
		},
		close: async () => await sandbox.close(),
	};
}

/**
 * One harness for the enclosing describe block (or the whole file when called at its top): started
 * before the block's tests, closed after them, the sandbox's data reset before each test.
 */
export function useBotHarness(): BotHarness {
	let started: BotHarness | undefined;
	const current = (): BotHarness => {
		if (!started) throw new Error('The bot harness is used before its beforeAll hook ran');
		return started;
	};
	beforeAll(async () => {
		started = await startBotHarness();
	});
	afterAll(async () => await started?.close());
	beforeEach(() => current().sandbox.resetData());
	return {
		get sandbox() {
			return current().sandbox;
		},
		get bots() {
			return current().bots;
		},
		get credentials() {
			return current().credentials;
		},
		run: async (parameters, options) => await current().run(parameters, options),
		close: async () => await current().close(),
	};
}

/** An item carrying a file as n8n binary data (inline base64, as pinned data and tests keep it). */
export function binaryItem(bytes: Buffer, fileName: string, mimeType: string, json = {}): INodeExecutionData {
	const binary: IBinaryData = {
		data: bytes.toString('base64'),
		mimeType,
		fileName,
		fileSize: String(bytes.length),
	};
	return { json, binary: { data: binary } };
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG-looking file: the signature, then deterministic filler bytes. */
export function fakePng(size: number): Buffer {
	const bytes = Buffer.alloc(size);
	PNG_SIGNATURE.copy(bytes);
	for (let index = PNG_SIGNATURE.length; index < size; index++) bytes[index] = (index * 31) % 251;
	return bytes;
}

/** An AMR-looking voice clip: the "#!AMR\n" header, then filler frames. */
export function fakeAmr(size: number): Buffer {
	const bytes = Buffer.alloc(size, 0x3c);
	Buffer.from('#!AMR\n', 'latin1').copy(bytes);
	return bytes;
}

/** Every string reachable from a value, including non-enumerable ones such as Error.message. */
export function allStrings(value: unknown, seen = new Set<unknown>()): string[] {
	if (typeof value === 'string') return [value];
	if (typeof value !== 'object' || value === null || seen.has(value)) return [];
	seen.add(value);
	if (Buffer.isBuffer(value)) return [];
	const strings: string[] = [];
	for (const key of Object.getOwnPropertyNames(value)) {
		strings.push(key);
		const descriptor = Object.getOwnPropertyDescriptor(value, key);
		if (descriptor && 'value' in descriptor) strings.push(...allStrings(descriptor.value, seen));
	}
	return strings;
}
