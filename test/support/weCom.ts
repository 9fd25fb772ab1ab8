/** Shared set-up for workflow tests: a sandbox, and a WeCom API credential that points at it. */
import { SANDBOX_CORP, startSandbox } from '../../sandbox/server';
import type { WeComSandbox } from '../../sandbox/server';
import { TestCredentialsHelper, loadOptionsContext, runNode } from './engine';
import type { RunOptions, RunResult } from './engine';

export const API_CREDENTIAL_ID = 'cred-wecom-api';

export interface ApiHarness {
	sandbox: WeComSandbox;
	credentials: TestCredentialsHelper;
	run(parameters: RunOptions['parameters'], options?: Partial<RunOptions>): Promise<RunResult>;
	/** The context n8n gives a "From List" picker of the weCom node. */
	pickerContext(): ReturnType<typeof loadOptionsContext>;
	close(): Promise<void>;
}

/** A sandbox plus a credential store holding one weComApi credential aimed at it. */
export async function startApiHarness(
	sandboxOptions: Parameters<typeof startSandbox>[0] = {},
	secret: string = SANDBOX_CORP.appSecret,
): Promise<ApiHarness> {
	const sandbox = await startSandbox(sandboxOptions);
	const credentials = new TestCredentialsHelper();
	const reference = credentials.add({
		id: API_CREDENTIAL_ID,
		name: 'WeCom sandbox',
		type: 'weComApi',
		data: {
			corpId: SANDBOX_CORP.corpId,
			corpSecret: secret,
			agentId: String(SANDBOX_CORP.agentId),
			baseUrl: sandbox.url,
			accessToken: '',
		},
	});
	return {
		sandbox,
		credentials,
		run: async (parameters, options = {}) =>
			await runNode({
				parameters,
				credentialsHelper: credentials,
				credentials: { weComApi: reference },
				...options,
			}),
		pickerContext: () => loadOptionsContext({ credentials: { weComApi: reference }, credentialsHelper: credentials }),
		close: async () => await sandbox.close(),
	};
}

export interface SharedApiHarnessOptions {
	sandbox?: Parameters<typeof startSandbox>[0];
	secret?: string;
	/** Sandbox state (keys of `sandbox.extensions`) to forget before each test, e.g. 'messages'. */
	forget?: string[];
	/** Runs before the harness starts, e.g. enableFilesystemBinaryData. */
	beforeStart?: () => Promise<void>;
}

export interface SharedApiHarness extends ApiHarness {
	/** Forgets the logged requests and the `forget` state, as happens before each test. */
	forget(): void;
}

/**
 * One harness for the enclosing describe block (or the whole file when called at its top): started
 * before the block's tests, closed after them; before each test the sandbox forgets the requests it
 * logged and the `forget` state, and keeps its tokens.
 */
export function useApiHarness(options: SharedApiHarnessOptions = {}): SharedApiHarness {
	let started: ApiHarness | undefined;
	const current = (): ApiHarness => {
		if (!started) throw new Error('The API harness is used before its beforeAll hook ran');
		return started;
	};
	const forget = () => {
		const { sandbox } = current();
		sandbox.requests.splice(0);
		for (const key of options.forget ?? []) sandbox.extensions.delete(key);
	};
	beforeAll(async () => {
		await options.beforeStart?.();
		started = await startApiHarness(options.sandbox, options.secret);
	});
	afterAll(async () => await started?.close());
	beforeEach(forget);
	return {
		get sandbox() {
			return current().sandbox;
		},
		get credentials() {
			return current().credentials;
		},
		run: async (parameters, runOptions) => await current().run(parameters, runOptions),
		pickerContext: () => current().pickerContext(),
		close: async () => await current().close(),
		forget,
	};
}

export function jsonOf(result: RunResult): Array<Record<string, unknown>> {
	return result.items.map((item) => item.json);
}

/** A resource locator value "By ID", as the editor stores it. */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** Message → Send of a text to the seeded member lisi: the call most transport tests make. */
export function sendTextToLisi(text = 'hello', requestOptions: { timeout?: number } = {}) {
	return {
		resource: 'message',
		operation: 'send',
		recipients: { users: [{ user: byId('lisi') }] },
		msgtype: 'text',
		text,
		requestOptions,
	};
}
