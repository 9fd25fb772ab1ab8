/**
 * The weCom node's User resource inside a real n8n 2.41.1 (CLI and server) with the built package
 * installed as a community package, against the WeCom sandbox over loopback.
 */
import { SANDBOX_CORP } from '../../sandbox/server';
import {
	SANDBOX_CREDENTIALS,
	latestExecution,
	nodeOutput,
	persistedAccessToken,
	runError,
	startStack,
} from './support/stack';
import type { Stack } from './support/stack';

const USER_GET = 'e2eUserGet000001';
const USER_GET_MANY = 'e2eUserGetMany01';
const USER_LIST_IDS = 'e2eUserListIds01';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({
		workflows: ['user-get.json', 'user-get-many.json', 'user-list-ids.json'],
	});
});

afterAll(async () => await stack?.close());

const APP_PATHS = new Set(['/cgi-bin/user/get', '/cgi-bin/user/list', '/cgi-bin/user/simplelist']);

/** gettoken calls the sandbox answered for one secret. */
function gettokenCount(secret: string): number {
	return stack.sandbox.requestsTo('/cgi-bin/gettoken').filter((request) => request.query.corpsecret === secret).length;
}

/** The access tokens the sandbox saw on calls to some paths, from a point in its log. */
function tokensUsed(paths: Set<string>, fromIndex = 0): string[] {
	return stack.sandbox.requests
		.slice(fromIndex)
		.filter((request) => paths.has(request.path))
		.map((request) => request.query.access_token);
}

describe('the package inside real n8n', () => {
	test('n8n lists the WeCom node and credential under the community package name', async () => {
		const nodes = await stack.n8n.rest('GET', '/types/nodes.json');
		const credentials = await stack.n8n.rest('GET', '/types/credentials.json');
		expect(nodes.status).toBe(200);
		const nodeNames: unknown[] = Array.isArray(nodes.body)
			? nodes.body.map((node: { name?: unknown }) => node.name)
			: [];
		expect(nodeNames).toContain('n8n-nodes-wecom-suite.weCom');
		const credentialNames: unknown[] = Array.isArray(credentials.body)
			? credentials.body.map((credential: { name?: unknown }) => credential.name)
			: [];
		expect(credentialNames).toContain('weComApi');
	});
});

describe('User resource in real n8n 2.41.1', () => {
	test('n8n execute (CLI) runs User › Get: one gettoken, one user/get for lisi, Li Si in the run data', async () => {
		const { ok, run, output } = await stack.n8n.execute(USER_GET);
		expect(runError(run)).toBeUndefined();
		expect(ok).toBe(true);
		expect(nodeOutput(run, 'WeCom')).toEqual([
			expect.objectContaining({ userid: 'lisi', name: 'Li Si', position: 'CTO', department: [2] }),
		]);
		expect(gettokenCount(SANDBOX_CORP.appSecret)).toBe(1);
		const calls = stack.sandbox.requestsTo('/cgi-bin/user/get');
		expect(calls).toHaveLength(1);
		expect(calls[0].method).toBe('GET');
		expect(calls[0].query).toEqual({ userid: 'lisi', access_token: expect.stringMatching(/^sbx_/) });
		// the token and the secret never reach n8n's output
		expect(output).not.toContain(calls[0].query.access_token);
		expect(output).not.toContain(SANDBOX_CORP.appSecret);
	});

	test('a production webhook runs User › Get Many with details and sub-departments; n8n saved the members', async () => {
		const before = stack.sandbox.requests.length;
		const response = await stack.n8n.webhook('e2e-user-get-many');
		expect(response.status).toBe(200);
		const members = [
			expect.objectContaining({ userid: 'lisi', name: 'Li Si', position: 'CTO' }),
			expect.objectContaining({ userid: 'wangwu', name: 'Wang Wu', department: [2, 4] }),
		];
		expect(response.json).toEqual(members);

		const calls = stack.sandbox.requests.slice(before).filter((request) => request.path === '/cgi-bin/user/list');
		expect(calls).toHaveLength(1);
		expect(calls[0].query).toEqual(
			expect.objectContaining({ department_id: '2', fetch_child: '1', access_token: expect.stringMatching(/^sbx_/) }),
		);

		const execution = await latestExecution(stack, USER_GET_MANY);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution.data, 'WeCom')).toEqual(members);
	});

	test('User › List IDs (Contacts Sync secret) follows next_cursor page by page and returns every (user, department) row', async () => {
		const before = stack.sandbox.requests.length;
		const response = await stack.n8n.webhook('e2e-user-list-ids');
		expect(response.status).toBe(200);
		const expected = [...stack.sandbox.users.values()].flatMap((user) =>
			user.department.map((department) => ({ userid: user.userid, department })),
		);
		expect(response.json).toEqual(expected);

		const pages = stack.sandbox.requests.slice(before).filter((request) => request.path === '/cgi-bin/user/list_id');
		expect(pages).toHaveLength(Math.ceil(expected.length / 2));
		expect(pages.map((page) => page.method)).toEqual(pages.map(() => 'POST'));
		expect(pages[0].body).toEqual({ limit: 2 });
		expect(pages[1].body).toEqual({ limit: 2, cursor: expect.any(String) });
		// the Contacts Sync credential was used, not the app secret
		expect(pages[0].query.access_token).not.toBe(stack.sandbox.requestsTo('/cgi-bin/user/list').at(-1)?.query.access_token);

		const execution = await latestExecution(stack, USER_LIST_IDS);
		expect(nodeOutput(execution.data, 'WeCom')).toEqual(expected);
	});

	test('each credential fetches its token once across several executions, in the server and in CLI processes', async () => {
		const before = stack.sandbox.requests.length;
		for (const path of ['e2e-user-get', 'e2e-user-get-many', 'e2e-user-list-ids', 'e2e-user-get', 'e2e-user-list-ids']) {
			expect((await stack.n8n.webhook(path)).status).toBe(200);
		}
		const cli = await stack.n8n.execute(USER_GET);
		expect(cli.ok).toBe(true);

		// one gettoken per secret since n8n started, for the first execution that needed it
		expect(gettokenCount(SANDBOX_CORP.appSecret)).toBe(1);
		expect(gettokenCount(SANDBOX_CORP.contactsSecret)).toBe(1);
		const appTokens = new Set(tokensUsed(APP_PATHS));
		const contactsTokens = new Set(tokensUsed(new Set(['/cgi-bin/user/list_id'])));
		expect(appTokens.size).toBe(1);
		expect(contactsTokens.size).toBe(1);
		expect(tokensUsed(APP_PATHS, before)).toHaveLength(4);
		// ...and they are the ones n8n keeps in its credential store
		expect([...appTokens]).toEqual([await persistedAccessToken(stack)]);
		expect([...contactsTokens]).toEqual([await persistedAccessToken(stack, SANDBOX_CREDENTIALS.contacts.id)]);
	});

	test('an expired token (42001) is refreshed once and the call replayed; the new token is persisted and reused', async () => {
		const oldToken = await persistedAccessToken(stack);
		expect(oldToken).toMatch(/^sbx_/);
		const gettokenBefore = gettokenCount(SANDBOX_CORP.appSecret);
		const before = stack.sandbox.requests.length;
		stack.sandbox.expireAllTokens();

		const response = await stack.n8n.webhook('e2e-user-get');
		expect(response.status).toBe(200);
		expect(response.json).toEqual([expect.objectContaining({ userid: 'lisi', name: 'Li Si' })]);
		expect(gettokenCount(SANDBOX_CORP.appSecret)).toBe(gettokenBefore + 1);

		// user/get with the old token (answered 42001), then the replay with the new one
		const userCalls = stack.sandbox.requests.slice(before).filter((request) => request.path === '/cgi-bin/user/get');
		expect(userCalls).toHaveLength(2);
		expect(userCalls[0].query.access_token).toBe(oldToken);
		const newToken = userCalls[1].query.access_token;
		expect(newToken).not.toBe(oldToken);

		// n8n's credential store now holds the new token, which WeCom accepts and the old one not
		expect(await persistedAccessToken(stack)).toBe(newToken);
		expect(stack.sandbox.checkAccess(newToken, '127.0.0.1')).toHaveProperty('token');
		expect(stack.sandbox.checkAccess(oldToken, '127.0.0.1')).toEqual(expect.objectContaining({ errcode: 42001 }));

		// a CLI process reads the persisted token: no further gettoken
		const cli = await stack.n8n.execute(USER_GET);
		expect(cli.ok).toBe(true);
		expect(gettokenCount(SANDBOX_CORP.appSecret)).toBe(gettokenBefore + 1);
		expect(stack.sandbox.requestsTo('/cgi-bin/user/get').at(-1)?.query.access_token).toBe(newToken);
	});

	test('a 42001 injected on one call is refreshed and replayed too, and n8n keeps the newest token', async () => {
		const oldToken = await persistedAccessToken(stack);
		const gettokenBefore = gettokenCount(SANDBOX_CORP.appSecret);
		stack.sandbox.inject({ path: '/cgi-bin/user/list', errcode: 42001 });

		const response = await stack.n8n.webhook('e2e-user-get-many');
		expect(response.status).toBe(200);
		expect(response.json).toHaveLength(2);
		expect(gettokenCount(SANDBOX_CORP.appSecret)).toBe(gettokenBefore + 1);
		const newToken = await persistedAccessToken(stack);
		expect(newToken).toMatch(/^sbx_/);
		expect(newToken).not.toBe(oldToken);
		expect(stack.sandbox.requestsTo('/cgi-bin/user/list').at(-1)?.query.access_token).toBe(newToken);
	});

	test('no access token or secret is in the execution data n8n saved', async () => {
		const execution = await latestExecution(stack, USER_GET);
		const saved = JSON.stringify(execution.data);
		expect(saved).toContain('Li Si');
		for (const token of stack.sandbox.tokens.keys()) expect(saved).not.toContain(token);
		expect(saved).not.toContain(SANDBOX_CORP.appSecret);
	});
});
