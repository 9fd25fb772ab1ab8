import { createHash } from 'node:crypto';
import { UserError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { normalizeBaseUrl } from './baseUrl';
import { describeErrcode, redactSecrets } from './errors';
import { SingleFlight } from './singleFlight';

interface GetTokenResponse {
	errcode?: number;
	errmsg?: string;
	access_token?: string;
	expires_in?: number;
}

const tokenRequests = new SingleFlight<string>();

/*
 * n8n runs preAuthentication for every item whose copy of the credential has an empty token, and
 * each item reads its copy from the database on its own. An item that read the credential before
 * the first token was saved asks for a token after the shared gettoken has already finished. The
 * token fetched in the last few seconds answers those late callers, so a run still costs one
 * gettoken. This is not where tokens live (that is n8n's credential store): an entry is only
 * handed to a caller that holds no token at all, it expires after a few seconds, and the
 * transport's refresh forgets it before asking for a new token.
 */
const RECENT_TOKEN_MS = 30_000;
const recentTokens = new Map<string, { token: string; fetchedAt: number }>();

function stringField(credentials: ICredentialDataDecryptedObject, name: string): string {
	const value = credentials[name];
	return typeof value === 'string' ? value.trim() : '';
}

/** Identifies one (API host, corp, secret) without keeping the secret itself. */
function tokenKey(baseUrl: string, corpId: string, secret: string): string {
	return createHash('sha256').update(`${baseUrl}\n${corpId}\n${secret}`).digest('hex');
}

/** The token key of a weComApi credential's data (API host, corp, secret), without the secret. */
export function keyOf(credentials: ICredentialDataDecryptedObject): string {
	return tokenKey(
		normalizeBaseUrl(credentials.baseUrl),
		stringField(credentials, 'corpId'),
		stringField(credentials, 'corpSecret'),
	);
}

/** Called by the transport before a refresh: the token WeCom just refused must not come back. */
export function forgetRecentToken(credentials: ICredentialDataDecryptedObject): void {
	recentTokens.delete(keyOf(credentials));
}

/**
 * Trades the corp ID and secret for an access token (gettoken). Parallel callers for the same
 * credential share one request, and callers that arrive just after it share its token, so N items
 * that start with an empty token cause one gettoken.
 */
export async function fetchAccessToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	const corpId = stringField(credentials, 'corpId');
	const secret = stringField(credentials, 'corpSecret');
	const baseUrl = normalizeBaseUrl(credentials.baseUrl);
	if (!corpId || !secret) {
		throw new UserError('The WeCom API credential needs a Corp ID and an App Secret', {
			description:
				'Find the Corp ID under My Company → Company Information, and the secret under App Management → your app → Secret.',
		});
	}
	const key = keyOf(credentials);
	const recent = recentTokens.get(key);
	if (recent && Date.now() - recent.fetchedAt < RECENT_TOKEN_MS) return recent.token;
	return await tokenRequests.run(key, async () => {
		// preAuthentication runs without a node, so failures are UserErrors; n8n wraps them in a
		// NodeApiError for the node that asked. The request URL carries the secret, so the
		// original HTTP error is never passed on, only its redacted message.
		const answer = await helper.helpers
			.httpRequest({
				method: 'GET',
				url: `${baseUrl}/cgi-bin/gettoken`,
				qs: { corpid: corpId, corpsecret: secret },
				json: true,
			})
			.then(
				(body: GetTokenResponse) => ({ body }),
				(error: unknown) => ({ failure: error instanceof Error ? error.message : 'unknown error' }),
			);
		if ('failure' in answer) {
			throw new UserError(`Could not reach WeCom at ${baseUrl} to get an access token`, {
				description: `${redactSecrets(answer.failure, [secret])}. Check the API Base URL of the WeCom API credential and that this n8n server can reach it.`,
			});
		}
		const response = answer.body;
		if (typeof response.errcode === 'number' && response.errcode !== 0) {
			// The hint goes into the message itself: n8n's credential test shows only the message,
			// and a wrong secret or Corp ID is what that test is for.
			const { message, hint, reference } = describeErrcode(
				{ errcode: response.errcode, errmsg: response.errmsg },
				[secret],
			);
			throw new UserError(hint ? `${message}. ${hint}` : message, { description: reference });
		}
		if (typeof response.access_token !== 'string' || response.access_token === '') {
			throw new UserError('WeCom answered gettoken without an access token', {
				description: 'Check that the API Base URL points at WeCom (or your private deployment).',
			});
		}
		recentTokens.set(key, { token: response.access_token, fetchedAt: Date.now() });
		return response.access_token;
	});
}
