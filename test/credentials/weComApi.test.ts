/**
 * The weComApi credential: gettoken through n8n's preAuthentication, its error messages, and the
 * credential test as n8n's CredentialsTester runs it.
 */
import { WeComApi } from '../../credentials/WeComApi.credentials';
import { SANDBOX_CORP } from '../../sandbox/server';
import { testCredential } from '../support/credentialTest';
import { API_CREDENTIAL_ID, startApiHarness } from '../support/weCom';
import type { ApiHarness } from '../support/weCom';

const credentialType = new WeComApi();
const getLisi = { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: 'lisi' } };

let harness: ApiHarness;
beforeEach(async () => {
	harness = await startApiHarness();
});
afterEach(async () => await harness.close());

function setCredential(changes: Record<string, string>): void {
	Object.assign(harness.credentials.dataOf(API_CREDENTIAL_ID), changes);
}

function decrypted() {
	return {
		id: API_CREDENTIAL_ID,
		name: 'WeCom sandbox',
		type: 'weComApi',
		data: { ...harness.credentials.dataOf(API_CREDENTIAL_ID) },
	};
}

describe('the credential’s shape', () => {
	test('the access token is a hidden, expirable password field and travels as ?access_token=', async () => {
		const accessToken = credentialType.properties.find((p) => p.name === 'accessToken');
		expect(accessToken).toEqual(
			expect.objectContaining({ type: 'hidden', typeOptions: { expirable: true, password: true } }),
		);
		expect(credentialType.properties.find((p) => p.name === 'corpSecret')?.typeOptions).toEqual({ password: true });
		expect(credentialType.properties.find((p) => p.name === 'baseUrl')?.default).toBe('https://qyapi.weixin.qq.com');
		return credentialType
			.authenticate({ accessToken: 'token-value' }, { url: '/cgi-bin/user/get', qs: { userid: 'lisi' } })
			.then((options) => expect(options.qs).toEqual({ userid: 'lisi', access_token: 'token-value' }));
	});
});

describe('gettoken failures name the problem', () => {
	test('a wrong secret (40001)', async () => {
		setCredential({ corpSecret: 'not-the-secret' });
		const result = await harness.run(getLisi);
		expect(result.error?.message).toMatch(/^WeCom error 40001: invalid credential\. The secret is wrong/);
		expect(result.error?.message).toContain('Copy the secret again');
		expect(result.error?.description).toContain('https://open.work.weixin.qq.com/devtool/query?e=40001');
		expect(harness.sandbox.countOf('/cgi-bin/user/get')).toBe(0);
	});

	test('a wrong Corp ID (40013)', async () => {
		setCredential({ corpId: 'wwwrongcorp' });
		const result = await harness.run(getLisi);
		expect(result.error?.message).toMatch(/^WeCom error 40013: invalid corpid\. /);
		expect(result.error?.message).toContain('My Company → Company Information');
	});

	test('an untrusted caller IP (60020) says which IP WeCom saw and where to add it', async () => {
		harness.sandbox.inject({ path: '/cgi-bin/gettoken', errcode: 60020 });
		const result = await harness.run(getLisi);
		expect(result.error?.message).toMatch(/^WeCom error 60020: not allow to access from your ip\. /);
		expect(result.error?.message).toContain('from IP 127.0.0.1');
		expect(result.error?.message).toContain('App Management → your app → Trusted IP (企业可信IP)');
	});

	test('an unreachable API host gives a clean message without the secret', async () => {
		setCredential({ baseUrl: 'http://127.0.0.1:9' });
		const result = await harness.run(getLisi);
		expect(result.error?.message).toBe('Could not reach WeCom at http://127.0.0.1:9 to get an access token');
		expect(result.error?.description).toContain('ECONNREFUSED');
		expect(JSON.stringify(result.run)).not.toContain(SANDBOX_CORP.appSecret);
	});

	test('a missing Corp ID is reported before any request', async () => {
		setCredential({ corpId: '' });
		const result = await harness.run(getLisi);
		expect(result.error?.message).toBe('The WeCom API credential needs a Corp ID and an App Secret');
		expect(harness.sandbox.requests).toHaveLength(0);
	});

	test('a base URL pasted with /cgi-bin/ and a trailing slash still works', async () => {
		setCredential({ baseUrl: `${harness.sandbox.url}/cgi-bin/` });
		const result = await harness.run(getLisi);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.userid).toBe('lisi');
	});
});

describe('credential test (n8n’s CredentialsTester flow)', () => {
	test('a working secret passes, proven by an authenticated call', async () => {
		const result = await testCredential(credentialType, harness.credentials, decrypted());
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(harness.sandbox.countOf('/cgi-bin/gettoken')).toBe(1);
		const probe = harness.sandbox.requestsTo('/cgi-bin/get_api_domain_ip');
		expect(probe).toHaveLength(1);
		expect(probe[0].query.access_token).toMatch(/^sbx_/);
	});

	test('a wrong secret fails with the same hint a run shows (issue 12 §7)', async () => {
		setCredential({ corpSecret: 'wrong-secret' });
		const result = await testCredential(credentialType, harness.credentials, decrypted());
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^WeCom error 40001: invalid credential\. /);
		expect(result.message).toContain('Copy the secret again from App Management → your app → Secret');
		expect(result.message).not.toContain('wrong-secret');
	});

	test('a wrong Corp ID fails with where to find the Corp ID', async () => {
		setCredential({ corpId: 'wwwrongcorp' });
		const result = await testCredential(credentialType, harness.credentials, decrypted());
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^WeCom error 40013: invalid corpid\. /);
		expect(result.message).toContain('My Company → Company Information → Corp ID (企业ID)');
	});

	test('an untrusted IP on the authenticated call fails with the trusted-IP message', async () => {
		harness.sandbox.options.trustedIps = ['203.0.113.7'];
		const result = await testCredential(credentialType, harness.credentials, decrypted());
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Trusted IP (企业可信IP)');
	});
});
