import { CallbackDeduplicator, dedupKeyOf } from '../../nodes/WeComTrigger/dedup';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
	let now = start;
	return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('a key is new once within the TTL, and new again after it', () => {
	const clock = manualClock();
	const dedup = new CallbackDeduplicator(60_000, 100, clock.now);
	expect(dedup.firstSighting('a')).toBe(true);
	expect(dedup.firstSighting('a')).toBe(false);
	clock.advance(59_999);
	expect(dedup.firstSighting('a')).toBe(false);
	clock.advance(1);
	expect(dedup.firstSighting('a')).toBe(true);
});

test('expired entries are dropped, so memory does not grow with time', () => {
	const clock = manualClock();
	const dedup = new CallbackDeduplicator(1_000, 10_000, clock.now);
	for (let index = 0; index < 500; index++) {
		dedup.firstSighting(`key-${index}`);
		clock.advance(10);
	}
	// Only the last second's worth (100 keys at 10 ms apart) is still alive.
	expect(dedup.size).toBeLessThanOrEqual(101);
});

test('the number of entries is bounded; the oldest go first', () => {
	const clock = manualClock();
	const dedup = new CallbackDeduplicator(60_000, 3, clock.now);
	for (const key of ['a', 'b', 'c', 'd']) dedup.firstSighting(key);
	expect(dedup.size).toBe(3);
	expect(dedup.firstSighting('d')).toBe(false);
	expect(dedup.firstSighting('a')).toBe(true);
});

test('forget lets the key through again', () => {
	const dedup = new CallbackDeduplicator();
	expect(dedup.firstSighting('x')).toBe(true);
	dedup.forget('x');
	expect(dedup.firstSighting('x')).toBe(true);
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
