/**
 * What a failed call proves (transport.ts verdictOf), from real failures of n8n's own HTTP helper
 * against loopback servers: a call is retried without proof only when it is safe to repeat, so
 * "never written" must really mean that WeCom could not have received the whole request.
 */
import { weComApiError } from '../../nodes/shared/errors';
import { verdictOf } from '../../nodes/shared/transport';
import { NODE, closeFailureServers, failureOf, startLostAnswerServer, startStalledServer } from '../support/failures';

afterAll(closeFailureServers);

describe('proof that WeCom did not act', () => {
	test('a refused connection', async () => {
		const error = await failureOf({ method: 'POST', url: 'http://127.0.0.1:9/cgi-bin/message/send', body: { a: 1 }, json: true });
		expect(verdictOf(error)).toBe('notActed');
	});

	test('a body still unsent when the timeout struck (the server stopped reading)', async () => {
		const url = await startStalledServer();
		const error = await failureOf({
			method: 'POST',
			url: `${url}/cgi-bin/media/upload`,
			body: Buffer.alloc(32 * 1024 * 1024, 1),
			timeout: 500,
		});
		expect(verdictOf(error)).toBe('notActed');
	});

	test('errcode -1 and 45033', () => {
		expect(verdictOf(weComApiError(NODE, { errcode: -1, errmsg: 'system busy' }))).toBe('notActed');
		expect(verdictOf(weComApiError(NODE, { errcode: 45033, errmsg: 'api concurrent out of limit' }))).toBe('notActed');
	});
});

describe('a lost answer: the outcome is unknown', () => {
	test.each([
		['a timeout after the request was written', 'slow'],
		['a reset after the request was written', 'reset'],
		['HTTP 502', 'bad-gateway'],
	])('%s', async (_label, path) => {
		const url = await startLostAnswerServer();
		const error = await failureOf({ method: 'POST', url: `${url}/${path}`, body: { a: 1 }, json: true, timeout: 300 });
		expect(verdictOf(error)).toBe('unknown');
	});
});

describe('a final answer: repeating would not help', () => {
	test('a WeCom errcode such as 45009 or 60111', () => {
		expect(verdictOf(weComApiError(NODE, { errcode: 45009 }))).toBe('final');
		expect(verdictOf(weComApiError(NODE, { errcode: 60111 }))).toBe('final');
	});
});
