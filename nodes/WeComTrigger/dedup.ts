import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { ownTextField } from '../shared/dataObject';
import { settledWithin } from './boundedWait';
import { kindOf, objectField } from './filters';

/*
 * WeCom re-sends a callback that got no 200 within 5 s, three times in all, and a re-send may
 * arrive while the first delivery is still being handled. Each delivery therefore claims the
 * callback's key first. A key moves through three states:
 *
 *   claimed  a delivery is working on it (checks, media download, then n8n creating the run);
 *   held     n8n answered 200 for it, so n8n holds its execution: later deliveries get 200 and
 *            start nothing, for the TTL;
 *   (gone)   the claiming delivery failed or was not answered 200: the next delivery claims it.
 *
 * A delivery that finds the key claimed waits, bounded, for the outcome; it never answers 200
 * while the first delivery's run is not yet held.
 *
 * The ledger is an interface with promise-returning methods so that a store shared by several
 * webhook processes (queue mode) can replace the in-memory one below; the in-memory one checks
 * and updates in one synchronous step. Why not getWorkflowStaticData('node'): n8n loads static
 * data from the database for each request and writes it back only after an execution has
 * finished, so two overlapping deliveries would both read "not seen".
 */

/** What claim() found. */
export type ClaimResult = 'claimed' | 'held' | 'inFlight';

/** How the delivery that held a claim ended, as seen by a delivery that waited for it. */
export type ClaimOutcome = 'held' | 'released' | 'stillClaimed';

export interface CallbackLedger {
	/** Claims a key unless it is held or claimed by another delivery. */
	claim(key: string): Promise<ClaimResult>;
	/** n8n holds the run: keep the key for the TTL so that re-sends start nothing. */
	markHeld(key: string): Promise<void>;
	/** The run was not registered: forget the claim so that WeCom's next re-send starts it. */
	release(key: string): Promise<void>;
	/** Waits at most `timeoutMs` for a claimed key to be held or released. */
	waitForOutcome(key: string, timeoutMs: number): Promise<ClaimOutcome>;
}

/** Long enough to cover WeCom's three re-sends with room to spare. */
export const DEDUP_TTL_MS = 10 * 60 * 1000;

/** Bounds memory: about 100 bytes per entry. */
export const DEDUP_MAX_ENTRIES = 20_000;

type Entry =
	| { state: 'claimed'; expiresAt: number; settled: Promise<ClaimOutcome>; settle: (outcome: ClaimOutcome) => void }
	| { state: 'held'; expiresAt: number };

/** One process's ledger. Entries share one TTL, so insertion order is expiry order. */
export class MemoryCallbackLedger implements CallbackLedger {
	private readonly entries = new Map<string, Entry>();

	constructor(
		private readonly ttlMs: number = DEDUP_TTL_MS,
		private readonly maxEntries: number = DEDUP_MAX_ENTRIES,
		private readonly now: () => number = Date.now,
	) {}

	get size(): number {
		return this.entries.size;
	}

	async claim(key: string): Promise<ClaimResult> {
		return this.claimNow(key);
	}

	/** The synchronous step behind claim(). */
	claimNow(key: string): ClaimResult {
		const now = this.now();
		this.evictExpired(now);
		const entry = this.entries.get(key);
		if (entry !== undefined && entry.expiresAt > now) return entry.state === 'held' ? 'held' : 'inFlight';
		let settle: (outcome: ClaimOutcome) => void = () => undefined;
		const settled = new Promise<ClaimOutcome>((resolve) => (settle = resolve));
		this.put(key, { state: 'claimed', expiresAt: now + this.ttlMs, settled, settle });
		return 'claimed';
	}

	async markHeld(key: string): Promise<void> {
		const entry = this.entries.get(key);
		this.put(key, { state: 'held', expiresAt: this.now() + this.ttlMs });
		if (entry?.state === 'claimed') entry.settle('held');
	}

	async release(key: string): Promise<void> {
		const entry = this.entries.get(key);
		if (entry?.state !== 'claimed') return;
		this.entries.delete(key);
		entry.settle('released');
	}

	async waitForOutcome(key: string, timeoutMs: number): Promise<ClaimOutcome> {
		const entry = this.entries.get(key);
		if (entry === undefined) return 'released';
		if (entry.state === 'held') return 'held';
		const waited = await settledWithin(entry.settled, timeoutMs);
		return waited.settled ? waited.value : 'stillClaimed';
	}

	/** Deletes first so that a renewed key moves to the end of the insertion order. */
	private put(key: string, entry: Entry): void {
		this.entries.delete(key);
		this.entries.set(key, entry);
		while (this.entries.size > this.maxEntries) {
			const oldest = this.entries.keys().next().value;
			if (oldest === undefined) break;
			this.drop(oldest);
		}
	}

	private evictExpired(now: number): void {
		for (const [key, entry] of this.entries) {
			if (entry.expiresAt > now) break;
			this.drop(key);
		}
	}

	private drop(key: string): void {
		const entry = this.entries.get(key);
		this.entries.delete(key);
		if (entry?.state === 'claimed') entry.settle('released');
	}
}

/** One ledger for the whole process; keys carry workflow and node IDs. */
export const callbackLedger: CallbackLedger = new MemoryCallbackLedger();

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
 * events in the same second, and those must not be mistaken for re-sends.
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

/**
 * A "seen" record for callers that decide in one step whether a delivery is new (the WeCom AI
 * Bot Trigger, whose re-sends are answered from its stream store): the first sighting claims the
 * key for the TTL; forgetting it lets the next delivery through.
 */
const sightings = new MemoryCallbackLedger();

export function firstSighting(key: string): boolean {
	return sightings.claimNow(key) === 'claimed';
}

export function forgetSighting(key: string): void {
	void sightings.release(key);
}
