import { MemoryCallbackLedger, dedupKeyOf } from '../../nodes/WeComTrigger/dedup';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
	let now = start;
	return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('a claimed key is in flight for other deliveries; once held, it is held for the TTL, then new again', async () => {
	const clock = manualClock();
	const ledger = new MemoryCallbackLedger(60_000, 100, clock.now);
	expect(await ledger.claim('a')).toBe('claimed');
	expect(await ledger.claim('a')).toBe('inFlight');
	await ledger.markHeld('a');
	expect(await ledger.claim('a')).toBe('held');
	clock.advance(59_999);
	expect(await ledger.claim('a')).toBe('held');
	clock.advance(1);
	expect(await ledger.claim('a')).toBe('claimed');
});

test('a released claim lets the next delivery claim the key', async () => {
	const ledger = new MemoryCallbackLedger();
	expect(await ledger.claim('x')).toBe('claimed');
	await ledger.release('x');
	expect(await ledger.claim('x')).toBe('claimed');
});

test('release never forgets a held key (only the claiming delivery settles it)', async () => {
	const ledger = new MemoryCallbackLedger();
	await ledger.claim('k');
	await ledger.markHeld('k');
	await ledger.release('k');
	expect(await ledger.claim('k')).toBe('held');
});

test('a waiting delivery learns the outcome of the claim it waits on, or that it is still claimed', async () => {
	const ledger = new MemoryCallbackLedger();
	await ledger.claim('held');
	const waitHeld = ledger.waitForOutcome('held', 5_000);
	await ledger.markHeld('held');
	expect(await waitHeld).toBe('held');

	await ledger.claim('released');
	const waitReleased = ledger.waitForOutcome('released', 5_000);
	await ledger.release('released');
	expect(await waitReleased).toBe('released');

	await ledger.claim('slow');
	expect(await ledger.waitForOutcome('slow', 20)).toBe('stillClaimed');
	expect(await ledger.waitForOutcome('unknown', 20)).toBe('released');
});

test('expired entries are dropped, so memory does not grow with time', async () => {
	const clock = manualClock();
	const ledger = new MemoryCallbackLedger(1_000, 10_000, clock.now);
	for (let index = 0; index < 500; index++) {
		await ledger.claim(`key-${index}`);
		await ledger.markHeld(`key-${index}`);
		clock.advance(10);
	}
	// Only the last second's worth (100 keys at 10 ms apart) is still alive.
	expect(ledger.size).toBeLessThanOrEqual(101);
});

test('the number of entries is bounded; the oldest go first, and a dropped claim counts as released', async () => {
	const clock = manualClock();
	const ledger = new MemoryCallbackLedger(60_000, 3, clock.now);
	await ledger.claim('a');
	const waitA = ledger.waitForOutcome('a', 5_000);
	for (const key of ['b', 'c', 'd']) await ledger.claim(key);
	expect(ledger.size).toBe(3);
	expect(await waitA).toBe('released');
	expect(await ledger.claim('d')).toBe('inFlight');
	expect(await ledger.claim('a')).toBe('claimed');
});

test('messages are keyed by MsgId, events by sender, time, event and content', () => {
	expect(dedupKeyOf({ MsgId: '4561255354251345929', MsgType: 'text', Content: 'a' })).toBe('msg:4561255354251345929');
	expect(dedupKeyOf({ msgid: 'bot1', msgtype: 'text' })).toBe('msg:bot1');
	const event = { FromUserName: 'sys', CreateTime: '1700000000', MsgType: 'event', Event: 'change_contact', ChangeType: 'create_user', UserID: 'a' };
	const key = dedupKeyOf(event);
	expect(key).toMatch(/^evt:sys\|1700000000\|change_contact\|[0-9a-f]{40}$/);
	// The same event with its fields in another order is the same event.
	expect(dedupKeyOf({ UserID: 'a', ChangeType: 'create_user', Event: 'change_contact', MsgType: 'event', CreateTime: '1700000000', FromUserName: 'sys' })).toBe(key);
	expect(dedupKeyOf({ ...event, UserID: 'b' })).not.toBe(key);
});
