import type { IWebhookFunctions } from 'n8n-workflow';

import type { CallbackSecrets } from '../shared/callbackCodec';
import { SingleFlight } from '../shared/singleFlight';

/*
 * The callback credential, read once per credential every few seconds instead of once per
 * callback. Each getCredentials() in a webhook makes n8n resolve the credential's fields through
 * its expression engine, and n8n 2.41's default engine builds a fresh isolate for that (tens of
 * milliseconds of CPU, measured in bench 4): under a burst that cost decides whether WeCom gets
 * its answer within 5 s.
 *
 * Safety: entries are keyed by the credential's ID and live SECRETS_TTL_MS at most, so a changed
 * Token or EncodingAESKey is used within that time, and at once when a callback fails the
 * signature check with the kept one (WeCom signs with the new Token as soon as it is saved
 * there). Such a re-read is allowed once per FORCED_READ_INTERVAL_MS per credential, so forged
 * requests cannot turn every refusal into a credential read.
 */

export const CALLBACK_CREDENTIAL = 'weComCallbackApi';

/** How long a credential read serves callbacks. */
export const SECRETS_TTL_MS = 10_000;

/** The least time between two re-reads caused by a failed signature check. */
export const FORCED_READ_INTERVAL_MS = 1_000;

interface Kept {
	secrets: CallbackSecrets;
	readAt: number;
}

const kept = new Map<string, Kept>();
const reads = new SingleFlight<CallbackSecrets>();

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

async function readSecrets(context: IWebhookFunctions): Promise<CallbackSecrets> {
	const credentials = await context.getCredentials(CALLBACK_CREDENTIAL);
	return {
		token: text(credentials.token),
		encodingAesKey: text(credentials.encodingAesSecretKey),
		receiveId: text(credentials.receiveId),
	};
}

function credentialIdOf(context: IWebhookFunctions): string | undefined {
	const id = context.getNode().credentials?.[CALLBACK_CREDENTIAL]?.id;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

async function readAndKeep(context: IWebhookFunctions, id: string): Promise<CallbackSecrets> {
	return await reads.run(id, async () => {
		const secrets = await readSecrets(context);
		kept.set(id, { secrets, readAt: Date.now() });
		return secrets;
	});
}

/** The credential's secrets: kept ones while fresh, else read now (one read for parallel callbacks). */
export async function callbackSecretsOf(context: IWebhookFunctions): Promise<CallbackSecrets> {
	const id = credentialIdOf(context);
	if (id === undefined) return await readSecrets(context);
	const entry = kept.get(id);
	if (entry !== undefined && Date.now() - entry.readAt < SECRETS_TTL_MS) return entry.secrets;
	return await readAndKeep(context, id);
}

/**
 * After a callback failed the checks with `used`: the credential as stored now, if it may have
 * changed since it was read (undefined when a re-read is not due or changed nothing).
 */
export async function rereadSecrets(
	context: IWebhookFunctions,
	used: CallbackSecrets,
): Promise<CallbackSecrets | undefined> {
	const id = credentialIdOf(context);
	if (id === undefined) return undefined;
	const entry = kept.get(id);
	if (entry !== undefined && Date.now() - entry.readAt < FORCED_READ_INTERVAL_MS) return undefined;
	const fresh = await readAndKeep(context, id);
	const changed =
		fresh.token !== used.token || fresh.encodingAesKey !== used.encodingAesKey || fresh.receiveId !== used.receiveId;
	return changed ? fresh : undefined;
}

/** Forgets every kept credential (tests). */
export function forgetCallbackSecrets(): void {
	kept.clear();
}
