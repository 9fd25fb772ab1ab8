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

export function jsonOf(result: RunResult): Array<Record<string, unknown>> {
	return result.items.map((item) => item.json);
}
