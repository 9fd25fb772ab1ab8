import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { keyOf } from './accessToken';

/*
 * When this process sent which token, per (API host, corp, secret). In queue mode every worker
 * reads the token from n8n's credential store, and when it expires each worker meets the error at
 * about the same time. The first to refresh stores a new token; a worker about to refresh reads
 * the store again, and a stored token that none of its refused calls can have carried was stored
 * by another process after them: it uses that token instead of asking WeCom for yet another.
 *
 * Why times and not "the last token sent": other executions in this process may already send the
 * new token (they read the store after it was written) while the refused call waits to refresh;
 * the last token sent is then the new one, and comparing with it would refuse the very token to
 * adopt. A refused call carried a token this process sent while the call was in flight.
 */

/** First and last time this process attached a token to a request (ms since the epoch). */
interface Use {
	first: number;
	last: number;
}

/** Tokens kept per key: a few generations are plenty (one token lives about 2 hours). */
const TOKENS_KEPT = 8;
const usesByKey = new Map<string, Map<string, Use>>();

/** Called by the credential for every request it authenticates. */
export function noteTokenInUse(credentials: ICredentialDataDecryptedObject): void {
	const token = tokenOf(credentials);
	if (!token) return;
	const key = keyOf(credentials);
	const uses = usesByKey.get(key) ?? new Map<string, Use>();
	usesByKey.set(key, uses);
	const now = Date.now();
	const use = uses.get(token);
	if (use) use.last = now;
	else uses.set(token, { first: now, last: now });
	while (uses.size > TOKENS_KEPT) {
		const oldest = [...uses.entries()].reduce((a, b) => (b[1].last < a[1].last ? b : a));
		uses.delete(oldest[0]);
	}
}

/**
 * Whether the store holds a token another process stored after a call of this process was
 * refused: one this process has not sent between `sentAt` (the refused call's start) and
 * `refusedAt` (its answer), so that call cannot have carried it.
 */
export function storedTokenIsNewer(stored: ICredentialDataDecryptedObject, sentAt: number, refusedAt: number): boolean {
	const token = tokenOf(stored);
	const uses = usesByKey.get(keyOf(stored));
	if (token === '' || uses === undefined || uses.size === 0) return false;
	const use = uses.get(token);
	return use === undefined || use.first > refusedAt || use.last < sentAt;
}

function tokenOf(credentials: ICredentialDataDecryptedObject): string {
	return typeof credentials.accessToken === 'string' ? credentials.accessToken.trim() : '';
}
