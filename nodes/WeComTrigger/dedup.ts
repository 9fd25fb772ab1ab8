import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { ownTextField } from '../shared/dataObject';
import { kindOf, objectField } from './filters';

/*
 * WeCom retries a callback that got no answer within 5 s, three times in all, and a retry may
 * arrive while the first delivery is still being handled. The seen-set therefore lives in
 * process memory, checked and updated in one synchronous step, and is shared by every request of
 * the same trigger node (keyed by workflow and node ID).
 *
 * Why not getWorkflowStaticData('node'): n8n loads static data from the database for each
 * request and writes it back only after an execution has finished, so two overlapping deliveries
 * would both read "not seen", and a callback that starts no execution would never be recorded.
 * The price of process memory: n8n instances that run several webhook processes (queue mode with
 * webhook workers) keep one seen-set per process.
 */

/** Long enough to cover WeCom's three tries with room to spare. */
export const DEDUP_TTL_MS = 10 * 60 * 1000;

/** Bounds memory: about 100 bytes per entry. */
export const DEDUP_MAX_ENTRIES = 20_000;

export class CallbackDeduplicator {
	private readonly seen = new Map<string, number>();

	constructor(
		private readonly ttlMs: number = DEDUP_TTL_MS,
		private readonly maxEntries: number = DEDUP_MAX_ENTRIES,
		private readonly now: () => number = Date.now,
	) {}

	get size(): number {
		return this.seen.size;
	}

	/** True the first time a key is seen within the TTL (and records it); false for a repeat. */
	firstSighting(key: string): boolean {
		const now = this.now();
		this.evictExpired(now);
		const expiresAt = this.seen.get(key);
		if (expiresAt !== undefined && expiresAt > now) return false;
		// Delete first so a renewed key moves to the end of the insertion order.
		this.seen.delete(key);
		this.seen.set(key, now + this.ttlMs);
		while (this.seen.size > this.maxEntries) {
			const oldest = this.seen.keys().next().value;
			if (oldest === undefined) break;
			this.seen.delete(oldest);
		}
		return true;
	}

	/** Lets a retry through again, e.g. after handling the first delivery failed. */
	forget(key: string): void {
		this.seen.delete(key);
	}

	/** Entries share one TTL, so insertion order is expiry order: stop at the first live one. */
	private evictExpired(now: number): void {
		for (const [key, expiresAt] of this.seen) {
			if (expiresAt > now) break;
			this.seen.delete(key);
		}
	}
}

/** One seen-set for the whole process; keys carry workflow and node IDs. */
export const callbackDeduplicator = new CallbackDeduplicator();

function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map((entry) => canonicalJson(entry)).join(',')}]`;
	if (typeof value === 'object' && value !== null) {
		const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * Messages: MsgId (msgid for AI bots). Events: FromUserName + CreateTime + Event, plus a digest
 * of the whole event, because one sender ("sys" for contact changes) can cause several different
 * events in the same second, and those must not be mistaken for retries.
 */
export function dedupKeyOf(message: IDataObject): string {
	const msgId = ownTextField(message, 'MsgId', 'msgid');
	if (msgId) return `msg:${msgId}`;
	const { type } = kindOf(message);
	const sender =
		ownTextField(message, 'FromUserName') ?? ownTextField(objectField(message, 'from') ?? {}, 'userid') ?? '';
	const createdAt = ownTextField(message, 'CreateTime', 'create_time') ?? '';
	const digest = createHash('sha1').update(canonicalJson(message)).digest('hex');
	return `evt:${sender}|${createdAt}|${type}|${digest}`;
}
