/** The API Call escape hatch: any WeCom path, through the same transport as every operation. */
import { inboxOf } from '../../sandbox/routes/messages';
import { onlyBodyTo } from '../support/media';
import { jsonOf, useApiHarness } from '../support/weCom';

const harness = useApiHarness();

const call = (parameters: Record<string, unknown>) => ({ resource: 'apiCall', operation: 'request', ...parameters });

test('GET with query parameters returns WeCom’s answer without the errcode envelope', async () => {
	const result = await harness.run(
		call({ method: 'GET', path: '/cgi-bin/user/get', queryParameters: { parameter: [{ name: 'userid', value: 'lisi' }] } }),
	);
	expect(result.error).toBeUndefined();
	const [user] = jsonOf(result);
	expect(user).toMatchObject({ userid: 'lisi', name: 'Li Si' });
	expect(user).not.toHaveProperty('errcode');
	const [request] = harness.sandbox.requestsTo('/cgi-bin/user/get');
	expect(request.query).toEqual({ userid: 'lisi', access_token: expect.stringMatching(/^sbx_/) });
});

test('POST sends the JSON body as given', async () => {
	const body = { touser: 'lisi', msgtype: 'text', agentid: 1000002, text: { content: 'from the API call' } };
	const result = await harness.run(call({ method: 'POST', path: '/cgi-bin/message/send', jsonBody: JSON.stringify(body) }));
	expect(result.error).toBeUndefined();
	expect(jsonOf(result)[0]).toMatchObject({ msgid: expect.any(String) });
	expect(onlyBodyTo(harness.sandbox, '/cgi-bin/message/send')).toEqual(body);
	expect(inboxOf(harness.sandbox).at(-1)?.message).toEqual(body);
});

test('an injected 42001 is refreshed and replayed: one extra gettoken, the call sent twice', async () => {
	// Start with a working token in the credential, and count from there.
	await harness.run(call({ method: 'GET', path: '/cgi-bin/get_api_domain_ip' }));
	harness.sandbox.requests.splice(0);
	harness.sandbox.inject({ path: '/cgi-bin/department/list', errcode: 42001 });
	const result = await harness.run(call({ method: 'GET', path: '/cgi-bin/department/list' }));
	expect(result.error).toBeUndefined();
	expect(jsonOf(result)[0]).toMatchObject({ department: expect.any(Array) });
	expect(harness.sandbox.countOf('/cgi-bin/gettoken')).toBe(1);
	expect(harness.sandbox.countOf('/cgi-bin/department/list')).toBe(2);
	const [first, replay] = harness.sandbox.requestsTo('/cgi-bin/department/list');
	expect(replay.query.access_token).not.toBe(first.query.access_token);
});

test('system busy (-1) is retried like any call', async () => {
	harness.sandbox.inject({ path: '/cgi-bin/tag/list', errcode: -1 });
	const result = await harness.run(call({ method: 'GET', path: '/cgi-bin/tag/list' }));
	expect(result.error).toBeUndefined();
	expect(harness.sandbox.countOf('/cgi-bin/tag/list')).toBe(2);
});

test('a WeCom errcode becomes an error with its hint, and no token shows in it', async () => {
	const result = await harness.run(call({ method: 'GET', path: '/cgi-bin/user/get', queryParameters: { parameter: [{ name: 'userid', value: 'ghost' }] } }));
	expect(result.error?.message).toBe('WeCom error 60111: userid not found');
	expect(result.error?.description).toContain('Contacts');
	expect(JSON.stringify(result.error)).not.toMatch(/sbx_[0-9a-f]{8}/);
});

describe('checked before any request', () => {
	test.each([
		['https://evil.example.com/cgi-bin/user/get', 'is not a WeCom API path'],
		['/user/get', 'is not a WeCom API path'],
		['/cgi-bin/../admin', 'is not a WeCom API path'],
		['/cgi-bin/gettoken', 'gettoken is handled by the credential'],
	])('path %s', async (path, message) => {
		const result = await harness.run(call({ method: 'GET', path }));
		expect(result.error?.message).toContain(message);
		expect(harness.sandbox.requests).toHaveLength(0);
	});

	test('an access_token query parameter', async () => {
		const result = await harness.run(
			call({ method: 'GET', path: '/cgi-bin/user/get', queryParameters: { parameter: [{ name: 'access_token', value: 'x' }] } }),
		);
		expect(result.error?.message).toContain('Do not set access_token');
		expect(harness.sandbox.requests).toHaveLength(0);
	});

	test('a body that is not a JSON object', async () => {
		const result = await harness.run(call({ method: 'POST', path: '/cgi-bin/message/send', jsonBody: '[1, 2]' }));
		expect(result.error?.message).toContain('must be a JSON object');
		expect(harness.sandbox.requests).toHaveLength(0);
	});
});
