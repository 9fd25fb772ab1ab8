import { buildFrame, eventTypeOf, parseFrame, pingFrame, subscribeFrame } from '../../nodes/shared/aiBot/frames';
import { backoffDelay } from '../../nodes/shared/aiBot/connection';
import { instructionOf, relayResponse } from '../../nodes/shared/aiBot/relay';
import { fitUtf8, MAX_STREAM_BYTES, streamBody, templateCardProblem, updateCardBody } from '../../nodes/shared/aiBot/replies';
import { splitMention, itemJsonOf, mediaOf } from '../../nodes/WeComAiBotTrigger/items';

describe('long-connection frames (wecom-new-features.md §2.2)', () => {
	it('builds subscribe and ping frames with a req_id prefixed by the command', () => {
		const subscribe = JSON.parse(subscribeFrame('aib1', 's3cret'));
		expect(subscribe).toEqual({ cmd: 'aibot_subscribe', headers: { req_id: expect.stringMatching(/^aibot_subscribe_\d+_[0-9a-f]{8}$/) }, body: { bot_id: 'aib1', secret: 's3cret' } });
		expect(JSON.parse(pingFrame())).toEqual({ cmd: 'ping', headers: { req_id: expect.stringMatching(/^ping_/) } });
		expect(JSON.parse(buildFrame('aibot_respond_msg', 'r1', { msgtype: 'stream' }))).toEqual({ cmd: 'aibot_respond_msg', headers: { req_id: 'r1' }, body: { msgtype: 'stream' } });
	});

	it('parses acks (no cmd) and callbacks, and ignores anything else', () => {
		expect(parseFrame('{"headers":{"req_id":"ping_1"},"errcode":0,"errmsg":"ok"}')).toEqual({ kind: 'ack', reqId: 'ping_1', errcode: 0, errmsg: 'ok' });
		expect(parseFrame('{"headers":{"req_id":"x"},"errcode":846608,"errmsg":"expired"}')).toMatchObject({ kind: 'ack', errcode: 846608 });
		const callback = parseFrame('{"cmd":"aibot_msg_callback","headers":{"req_id":"r9"},"body":{"msgtype":"text","text":{"content":"hi"}}}');
		expect(callback).toEqual({ kind: 'callback', cmd: 'aibot_msg_callback', reqId: 'r9', body: { msgtype: 'text', text: { content: 'hi' } } });
		for (const junk of ['', 'not json', '[]', '{"cmd":"aibot_future_cmd","headers":{"req_id":"a"}}', '{"cmd":"aibot_msg_callback"}', 'null']) {
			expect(parseFrame(junk)).toBeUndefined();
		}
		expect(eventTypeOf({ msgtype: 'event', event: { eventtype: 'disconnected_event' } })).toBe('disconnected_event');
	});

	it('backs off exponentially from the initial delay and never past the cap', () => {
		expect([1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => backoffDelay(attempt, 1000, 30_000))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
	});
});

describe('reply bodies (wecom-new-features.md §1.4, §2.3)', () => {
	it('keeps stream content within 20 480 UTF-8 bytes, cutting on a character boundary', () => {
		const chinese = '你'.repeat(8000); // 24 000 bytes
		const fitted = fitUtf8(chinese);
		expect(fitted.truncated).toBe(true);
		expect(Buffer.byteLength(fitted.text, 'utf8')).toBeLessThanOrEqual(MAX_STREAM_BYTES);
		expect(fitted.text.endsWith('…')).toBe(true);
		expect(fitted.text).not.toContain('\uFFFD');
		expect(fitUtf8('short')).toEqual({ text: 'short', truncated: false });
		const body = streamBody('s1', chinese, true, 'fb1');
		expect(body).toEqual({ msgtype: 'stream', stream: { id: 's1', finish: true, content: fitted.text, feedback: { id: 'fb1' } } });
	});

	it('checks template cards the way WeCom does', () => {
		expect(templateCardProblem({ card_type: 'text_notice', main_title: { title: 'x' } })).toBeUndefined();
		expect(templateCardProblem({ card_type: 'button_interaction' })).toMatch(/task_id/);
		expect(templateCardProblem({ card_type: 'poster' })).toMatch(/card_type/);
		expect(templateCardProblem({ card_type: 'button_interaction', task_id: 'a b' })).toMatch(/128 letters/);
		expect(templateCardProblem({ card_type: 'button_interaction', task_id: 't2' }, 't1')).toMatch(/task_id "t1"/);
		expect(updateCardBody({ card_type: 'text_notice' }, ['u1'])).toEqual({ response_type: 'update_template_card', template_card: { card_type: 'text_notice' }, userids: ['u1'] });
		expect(updateCardBody({ card_type: 'text_notice' })).not.toHaveProperty('userids');
	});

	it('relays an instruction through a sendResponse value and reads it back', () => {
		const sent = relayResponse({ action: 'reply', req_id: 'r1', markdown: '**hi**' });
		expect(instructionOf(JSON.parse(JSON.stringify(sent)))).toEqual({ action: 'reply', req_id: 'r1', markdown: '**hi**' });
		expect(instructionOf({ weComAiBotReply: { action: 'delete', req_id: 'r1' } })).toBeUndefined();
		expect(instructionOf('Execution ended without response')).toBeUndefined();
	});
});

describe('items (wecom-new-features.md §1.2)', () => {
	it('splits the group @mention into its own field', () => {
		expect(splitMention('@RobotA hello there', 'group')).toEqual({ mention: '@RobotA', content: 'hello there' });
		expect(splitMention('@RobotA\u3000你好', 'group')).toEqual({ mention: '@RobotA', content: '你好' });
		expect(splitMention('@RobotA', 'group')).toEqual({ mention: '@RobotA', content: '' });
		expect(splitMention('@RobotA hello', 'single')).toEqual({ mention: '', content: '@RobotA hello' });
	});

	it('gives every message kind its words, chat and media', () => {
		const mixed = {
			msgid: 'm1',
			chattype: 'group',
			chatid: 'g1',
			from: { userid: 'u1' },
			msgtype: 'mixed',
			mixed: { msg_item: [{ msgtype: 'text', text: { content: '@Bot look' } }, { msgtype: 'image', image: { url: 'http://x/1', aeskey: 'k1' } }, { msgtype: 'image', image: { url: 'http://x/2', aeskey: 'k2' } }] },
		};
		expect(itemJsonOf(mixed, 'longConnection', 'r1')).toMatchObject({ content: 'look', mention: '@Bot', chat: 'g1', userid: 'u1', req_id: 'r1', connection: 'longConnection', mixed: mixed.mixed });
		expect(mediaOf(mixed, 'data')).toEqual([
			{ msgtype: 'image', url: 'http://x/1', aeskey: 'k1', property: 'data' },
			{ msgtype: 'image', url: 'http://x/2', aeskey: 'k2', property: 'data_1' },
		]);
		expect(itemJsonOf({ msgtype: 'voice', chattype: 'single', from: { userid: 'u2' }, voice: { content: 'transcribed' } }, 'callback')).toMatchObject({ content: 'transcribed', chat: 'u2' });
		expect(itemJsonOf({ msgtype: 'event', from: { userid: 'u3' }, event: { eventtype: 'enter_chat', enter_chat: {} } }, 'longConnection', 'r2')).toMatchObject({ eventtype: 'enter_chat', chat: 'u3' });
		expect(mediaOf({ msgtype: 'file', file: { url: 'http://x/f' } }, 'doc')).toEqual([{ msgtype: 'file', url: 'http://x/f', aeskey: undefined, property: 'doc' }]);
		const quoted = itemJsonOf({ msgtype: 'text', text: { content: 'and this?' }, quote: { msgtype: 'text', text: { content: 'earlier' } } }, 'callback');
		expect(quoted.quote).toEqual({ msgtype: 'text', text: { content: 'earlier' } });
	});
});
