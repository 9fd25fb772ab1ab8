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

function stringField(credentials: ICredentialDataDecryptedObject, name: string): string {
	const value = credentials[name];
	return typeof value === 'string' ? value.trim() : '';
}

/** Identifies one (API host, corp, secret) without keeping the secret itself. */
function tokenKey(baseUrl: string, corpId: string, secret: string): string {
	return createHash('sha256').update(`${baseUrl}\n${corpId}\n${secret}`).digest('hex');
}

/**
 * Trades the corp ID and secret for an access token (gettoken). Parallel callers for the same
 * credential share one request, so N items that start with an empty token cause one gettoken.
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
	return await tokenRequests.run(tokenKey(baseUrl, corpId, secret), async () => {
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
			const { message, description } = describeErrcode({ errcode: response.errcode, errmsg: response.errmsg });
			throw new UserError(message, { description });
		}
		if (typeof response.access_token !== 'string' || response.access_token === '') {
			throw new UserError('WeCom answered gettoken without an access token', {
				description: 'Check that the API Base URL points at WeCom (or your private deployment).',
			});
		}
		return response.access_token;
	});
}
