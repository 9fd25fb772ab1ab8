/**
 * The transport, proven through n8n-core's engine against the sandbox: token economy, refresh on
 * WeCom's token errcodes, bounded retries, errcode mapping, continueOnFail and redaction.
 */
import { sleep } from 'n8n-workflow';

import { MAX_CONCURRENT_REQUESTS } from '../../nodes/shared/transport';
import { SANDBOX_CORP } from '../../sandbox/server';
import { API_CREDENTIAL_ID, jsonOf, startApiHarness } from '../support/weCom';
import type { ApiHarness } from '../support/weCom';

const EXCHANGE_PATH = '/cgi-bin/gettoken';
const USER_GET = '/cgi-bin/user/get';
const REFRESH_PROBE = '/cgi-bin/get_api_domain_ip';
const SEEDED_USER_IDS = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi'];

/** n items, each asking for one of the seeded users. */
function userItems(count: number) {
	return Array.from({ length: count }, (_, index) => ({
		json: { userid: SEEDED_USER_IDS[index % SEEDED_USER_IDS.length] },
	}));
}

const getUserFromItem = {
	resource: 'user',
	operation: 'get',
	userId: { __rl: true, mode: 'id', value: '={{ $json.userid }}' },
};

let harness: ApiHarness;

beforeEach(async () => {
	harness = await startApiHarness();
});
afterEach(async () => await harness.close());

function storedToken(): unknown {
	return harness.credentials.dataOf(API_CREDENTIAL_ID).accessToken;
}

describe('reads per run', () => {
	test('a run of 100 items reads its credentials from the store once, not for every item and request', async () => {
		await harness.run(getUserFromItem, { items: userItems(1) });
		const readsBefore = harness.credentials.readCount;

		const result = await harness.run(getUserFromItem, { items: userItems(100) });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(100);
		expect(harness.credentials.readCount - readsBefore).toBe(1);
	});

	test('a token n8n fetches during the run (none stored at its start) is sent by every item and removed from echoed answers', async () => {
		harness.sandbox.inject({ path: USER_GET, errcode: 0, echoSecrets: true, times: 20 });

		const result = await harness.run(getUserFromItem, { items: userItems(20) });

		expect(result.error).toBeUndefined();
		expect(harness.sandbox.countOf(EXCHANGE_PATH)).toBe(1);
		const token = String(storedToken());
		expect(new Set(harness.sandbox.requestsTo(USER_GET).map((request) => request.query.access_token))).toEqual(new Set([token]));
		expect(JSON.stringify(result.items)).toContain('***');
		expect(JSON.stringify(result.items)).not.toContain(token);
	});
});

describe('token economy', () => {
	test('3 executions × 50 parallel items share ONE gettoken, and the token is persisted between them', async () => {
		const tokens: unknown[] = [];
		for (let execution = 0; execution < 3; execution++) {
			const result = await harness.run(getUserFromItem, { items: userItems(50) });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(50);
			expect(jsonOf(result).map((user) => user.userid)).toEqual(
				userItems(50).map((item) => item.json.userid),
			);
			tokens.push(storedToken());
		}
		expect(harness.sandbox.countOf(EXCHANGE_PATH)).toBe(1);
		expect(harness.sandbox.countOf(USER_GET)).toBe(150);
		expect(tokens[0]).toEqual(expect.stringMatching(/^sbx_/));
		expect(new Set(tokens).size).toBe(1);
		// n8n ran preAuthentication once per item that found the field empty; all of them shared
		// the single gettoken above.
		expect(harness.credentials.preAuthenticationRuns).toBeGreaterThanOrEqual(1);
	});

	test('with uneven credential reads (a database round trip), 200 items still share ONE gettoken', async () => {
		// Reads take 0–1350 ms: some items read the empty token before the first one was saved and
		// ask for a token only after the shared gettoken had finished.
		harness.credentials.readLatency = (readNumber) => (readNumber % 10) * 150;
		harness.sandbox.options.latencyMs = 5;
		const result = await harness.run(getUserFromItem, { items: userItems(200) });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(200);
		expect(harness.sandbox.countOf(EXCHANGE_PATH)).toBe(1);
		expect(new Set(harness.sandbox.requestsTo(USER_GET).map((request) => request.query.access_token)).size).toBe(1);
	});

	test('a token expired before a run of 50 parallel items costs exactly one more gettoken', async () => {
		await harness.run(getUserFromItem, { items: userItems(1) });
		const firstToken = storedToken();
		harness.sandbox.expireAllTokens();

		const result = await harness.run(getUserFromItem, { items: userItems(50) });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(50);
		expect(harness.sandbox.countOf(EXCHANGE_PATH)).toBe(2);
		expect(storedToken()).not.toEqual(firstToken);
		// 1 + 50 first tries with the stale token + 50 replays
		expect(harness.sandbox.countOf(USER_GET)).toBe(101);
		const replayed = harness.sandbox.requestsTo(USER_GET).slice(51);
		expect(new Set(replayed.map((request) => request.query.access_token))).toEqual(new Set([storedToken()]));
	});

	test('a newer token another process stored meanwhile is used without a gettoken (queue-mode workers)', async () => {
		await harness.run(getUserFromItem, { items: userItems(1) });
		harness.sandbox.expireAllTokens();
		harness.sandbox.options.latencyMs = 20;
		// Another worker met the expiry first: it stores a new token while this run's call is on its way.
		const otherWorker = harness.sandbox.waitForRequests(USER_GET, 2).then(() => {
			harness.credentials.dataOf(API_CREDENTIAL_ID).accessToken = harness.sandbox.issueToken('app', SANDBOX_CORP.agentId);
		});

		const result = await harness.run(getUserFromItem, { items: userItems(1) });
		await otherWorker;

		expect(result.error).toBeUndefined();
		expect(harness.sandbox.countOf(EXCHANGE_PATH)).toBe(1);
		// the first run, the try with the expired token, the replay with the other worker's token
		expect(harness.sandbox.requestsTo(USER_GET).map((request) => request.query.access_token)[2]).toBe(storedToken());
	});

	test('before asking WeCom, a process watches the store a moment: a token another process stores then is adopted', async () => {
		await harness.run(getUserFromItem, { items: userItems(1) });
		harness.sandbox.expireAllTokens();
		// this process draws the end of its wait (about 2 s); the other worker stores its token 300 ms
		// after this one's call was refused, when this one already read the store and found it stale
		const random = jest.spyOn(Math, 'random').mockReturnValue(0.99);
		try {
			const otherWorker = harness.sandbox.waitForRequests(USER_GET, 2).then(async () => {
				await sleep(300);
				harness.credentials.dataOf(API_CREDENTIAL_ID).accessToken = harness.sandbox.issueToken('app', SANDBOX_CORP.agentId);
			});
			const result = await harness.run(getUserFromItem, { items: userItems(1) });
			await otherWorker;

			expect(result.error).toBeUndefined();
			expect(harness.sandbox.countOf(EXCHANGE_PATH)).toBe(1);
			expect(harness.sandbox.requestsTo(USER_GET).map((request) => request.query.access_token)[2]).toBe(storedToken());
		} finally {
			random.mockRestore();
		}
	});

	test('a stored token that fails as well is refreshed after all, once', async () => {
		await harness.run(getUserFromItem, { items: userItems(1) });
		harness.sandbox.expireAllTokens();
		harness.sandbox.options.latencyMs = 20;
		const otherWorker = harness.sandbox.waitForRequests(USER_GET, 2).then(() => {
			harness.credentials.dataOf(API_CREDENTIAL_ID).accessToken = 'sbx_revoked_in_the_meantime';
		});

		const result = await harness.run(getUserFromItem, { items: userItems(1) });
		await otherWorker;

		expect(result.error).toBeUndefined();
		expect(harness.sandbox.countOf(EXCHANGE_PATH)).toBe(2);
		expect(harness.sandbox.countOf(USER_GET)).toBe(4);
	});

	test('a token WeCom forgot (40014) is refreshed the same way', async () => {
		await harness.run(getUserFromItem, { items: userItems(1) });
		harness.sandbox.tokens.clear();

		const result = await harness.run(getUserFromItem, { items: userItems(20) });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(20);
		expect(harness.sandbox.countOf(EXCHANGE_PATH)).toBe(2);
	});

	test('a token that expires in the middle of a run is refreshed once for all items still to come', async () => {
		harness.sandbox.options.latencyMs = 5;
		const run = harness.run(getUserFromItem, { items: userItems(40) });
		// Expire as soon as the first calls were answered, while the rest are in flight.
		await harness.sandbox.waitForRequests(USER_GET, 10);
		harness.sandbox.expireAllTokens();
		const result = await run;

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(40);
		expect(harness.sandbox.countOf(EXCHANGE_PATH)).toBe(2);
	});

	test('a token errcode that survives the refresh fails instead of looping', async () => {
		harness.sandbox.inject({ path: USER_GET, errcode: 42001, times: 5 });
		const result = await harness.run(getUserFromItem, { items: userItems(1) });

		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toContain('42001');
		expect(harness.sandbox.countOf(USER_GET)).toBe(2);
		expect(harness.sandbox.countOf(EXCHANGE_PATH)).toBe(2);
	});
});

describe('bounded retries', () => {
	test.each([
		['system busy (-1)', { errcode: -1 }],
		['concurrency limit (45033)', { errcode: 45033 }],
		['HTTP 500', { httpStatus: 500 }],
		['HTTP 503', { httpStatus: 503 }],
		['a dropped connection', { drop: true }],
	])('%s twice, then success: 3 tries, one output item', async (_label, fault) => {
		harness.sandbox.inject({ path: USER_GET, ...fault, times: 2 });
		const result = await harness.run(getUserFromItem, { items: userItems(1) });

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([expect.objectContaining({ userid: 'zhangsan' })]);
		expect(harness.sandbox.countOf(USER_GET)).toBe(3);
	});

	test.each([
		['system busy (-1)', { errcode: -1 }, '-1'],
		['HTTP 502', { httpStatus: 502 }, '502'],
		['a dropped connection', { drop: true }, 'ECONNRESET'],
	])('%s three times: a clear NodeApiError after exactly 3 tries', async (_label, fault, expected) => {
		harness.sandbox.inject({ path: USER_GET, ...fault, times: 3 });
		const result = await harness.run(getUserFromItem, { items: userItems(1) });

		expect(result.error?.name).toBe('NodeApiError');
		expect(`${result.error?.message} ${result.error?.description ?? ''}`).toContain(expected);
		expect(harness.sandbox.countOf(USER_GET)).toBe(3);
	});

	test('an answer slower than the Timeout request option is retried: 3 tries, then success', async () => {
		harness.sandbox.inject({ path: USER_GET, delayMs: 1500, times: 2 });
		const result = await harness.run(
			{ ...getUserFromItem, requestOptions: { timeout: 300 } },
			{ items: userItems(1) },
		);

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([expect.objectContaining({ userid: 'zhangsan' })]);
		expect(harness.sandbox.countOf(USER_GET)).toBe(3);
	});

	test('a slow answer is waited for, not retried', async () => {
		harness.sandbox.inject({ path: USER_GET, delayMs: 300 });
		const result = await harness.run(getUserFromItem, { items: userItems(1) });

		expect(result.error).toBeUndefined();
		expect(harness.sandbox.countOf(USER_GET)).toBe(1);
	});

	test('45009 (frequency limit) is never retried and says to slow down', async () => {
		harness.sandbox.inject({ path: USER_GET, errcode: 45009 });
		const result = await harness.run(getUserFromItem, { items: userItems(1) });

		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toContain('45009');
		expect(result.error?.description).toMatch(/slow down/i);
		expect(harness.sandbox.countOf(USER_GET)).toBe(1);
	});
});

describe('concurrency', () => {
	test('200 parallel items never exceed the per-credential cap, so WeCom’s concurrency limit (45033) is never hit', async () => {
		harness.sandbox.options.latencyMs = 10;
		harness.sandbox.options.concurrencyLimit = MAX_CONCURRENT_REQUESTS;
		const result = await harness.run(getUserFromItem, { items: userItems(200) });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(200);
		expect(harness.sandbox.countOf(USER_GET)).toBe(200);
		expect(harness.sandbox.peakInFlight).toBeLessThanOrEqual(MAX_CONCURRENT_REQUESTS);
		expect(harness.sandbox.peakInFlight).toBeGreaterThan(1);
	});

	test('a token refresh takes a slot too: the cap holds with gettoken and the refresh probe counted', async () => {
		await harness.run(getUserFromItem, { items: userItems(1) }); // a token to start with
		// Every call of the run is held until the test lets it end: the cap's slots fill up.
		const releases: Array<() => void> = [];
		for (let index = 0; index <= MAX_CONCURRENT_REQUESTS; index++) {
			harness.sandbox.inject({ path: USER_GET, until: new Promise<void>((resolve) => releases.push(resolve)) });
		}
		harness.sandbox.peakInFlight = 0;
		const running = harness.run(getUserFromItem, { items: userItems(MAX_CONCURRENT_REQUESTS + 1) });
		await harness.sandbox.waitForRequests(USER_GET, MAX_CONCURRENT_REQUESTS);
		// The token dies; one call ends with 42001 while all the others are still in flight. Its
		// item refreshes the token, and the last item takes the slot it left.
		harness.sandbox.expireAllTokens();
		releases[0]();
		await harness.sandbox.waitForRequests(USER_GET, MAX_CONCURRENT_REQUESTS + 1);
		// Without a slot of its own, the refresh's probe would now be call number cap + 1.
		await Promise.race([harness.sandbox.waitForRequests(REFRESH_PROBE, 1), sleep(2000)]);
		expect(harness.sandbox.peakInFlight).toBe(MAX_CONCURRENT_REQUESTS);
		for (const release of releases) release();

		const result = await running;
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(MAX_CONCURRENT_REQUESTS + 1);
		expect(harness.sandbox.countOf(EXCHANGE_PATH)).toBe(2);
		expect(harness.sandbox.countOf(REFRESH_PROBE)).toBe(1);
		expect(harness.sandbox.peakInFlight).toBeLessThanOrEqual(MAX_CONCURRENT_REQUESTS);
	});
});

describe('errcode mapping and continueOnFail', () => {
	test('60020 names the IP WeCom saw and where to add it', async () => {
		harness.sandbox.inject({ path: USER_GET, errcode: 60020 });
		const result = await harness.run(getUserFromItem, { items: userItems(1) });

		expect(result.error?.name).toBe('NodeApiError');
		const error = result.error;
		expect(error?.message).toBe('WeCom error 60020: not allow to access from your ip');
		expect(error?.description).toContain('IP 127.0.0.1');
		expect(error?.description).toContain('Trusted IP (企业可信IP)');
		expect(error?.description).toContain('https://open.work.weixin.qq.com/devtool/query?e=60020');
		expect(error?.context?.errcode).toBe(60020);
	});

	test('continueOnFail: one error item per failed input item, the others succeed, nothing lost', async () => {
		const items = [
			{ json: { userid: 'lisi' } },
			{ json: { userid: 'nobody-here' } },
			{ json: { userid: 'wangwu' } },
			{ json: { userid: 'also-missing' } },
		];
		const result = await harness.run(getUserFromItem, { items, onError: 'continueRegularOutput' });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		expect(result.items[0].json.userid).toBe('lisi');
		expect(result.items[2].json.userid).toBe('wangwu');
		for (const index of [1, 3]) {
			expect(result.items[index].json).toEqual(
				expect.objectContaining({ error: expect.stringContaining('60111') }),
			);
			expect(result.items[index].pairedItem).toEqual(expect.objectContaining({ item: index }));
		}
		expect(harness.sandbox.countOf(USER_GET)).toBe(4);
	});

	test('without continueOnFail the first failure stops the node with a NodeApiError', async () => {
		const result = await harness.run(getUserFromItem, { items: [{ json: { userid: 'nobody-here' } }] });
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('WeCom error 60111: userid not found');
	});
});

describe('redaction', () => {
	test('no token or secret appears in any output, error or run data, whatever fails', async () => {
		const failures = [
			{ path: USER_GET, errcode: 60020 },
			{ path: USER_GET, httpStatus: 500, times: 3 },
			{ path: USER_GET, drop: true, times: 3 },
		];
		const texts: string[] = [];
		for (const fault of failures) {
			harness.sandbox.inject(fault);
			const result = await harness.run(getUserFromItem, { items: userItems(2), onError: 'continueRegularOutput' });
			texts.push(JSON.stringify(result.run), JSON.stringify(result.items));
			for (const item of result.items) {
				if (item.error) texts.push(item.error.message, String(item.error.stack), JSON.stringify(item.error));
			}
		}
		const token = String(storedToken());
		expect(token).toMatch(/^sbx_/);
		for (const text of texts) {
			expect(text).not.toContain(token);
			expect(text).not.toContain(SANDBOX_CORP.appSecret);
		}
	});
});
