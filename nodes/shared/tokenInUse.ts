import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { keyOf } from './accessToken';

/*
 * The token this process last attached to a request, per (API host, corp, secret). In queue mode
 * every worker reads the token from n8n's credential store, and when it expires each worker meets
 * the error at about the same time. The first to refresh stores a new token; a worker that finds a
 * stored token other than the one it has been sending knows another process refreshed after it
 * read its copy, and uses that token instead of asking WeCom for yet another.
 */
const tokensInUse = new Map<string, string>();

/** Called by the credential for every request it authenticates. */
export function noteTokenInUse(credentials: ICredentialDataDecryptedObject): void {
	const token = tokenOf(credentials);
	if (token) tokensInUse.set(keyOf(credentials), token);
}

/** Whether the store holds a token other than the one this process last sent: another process stored it. */
export function storedTokenIsNewer(stored: ICredentialDataDecryptedObject): boolean {
	const token = tokenOf(stored);
	const inUse = tokensInUse.get(keyOf(stored));
	return token !== '' && inUse !== undefined && token !== inUse;
}

function tokenOf(credentials: ICredentialDataDecryptedObject): string {
	return typeof credentials.accessToken === 'string' ? credentials.accessToken.trim() : '';
}
