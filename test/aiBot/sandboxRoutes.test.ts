/**
 * The sandbox AI bot's HTTP side, as the sandbox page and the end-to-end tests use it: the chat
 * panel script, the control API, response_url (one reply only) and the media URLs.
 */
import type { AiBotSandboxHandle } from '../support/aiBot';
import { startAiBotSandbox } from '../support/aiBot';
import { sandboxCall } from '../support/sandboxCall';

let sandbox: AiBotSandboxHandle;

beforeEach(async () => {
	sandbox = await startAiBotSandbox();
});

afterEach(async () => await sandbox.close());

async function call(method: string, path: string, body?: unknown) {
	return await sandboxCall(sandbox.url, method, path, body);
}

test('the page has a chat panel section and serves its script', async () => {
	const panels = await call('GET', '/ui/panels');
	expect(panels.text).toContain('ai-bot-chat.js');
	expect((await call('GET', '/ui/page/panels/ai-bot-chat.js')).text).toContain("id: 'ai-bot-chat'");
	const script = await call('GET', '/ui/ai-bot-chat.js');
	expect(script.status).toBe(200);
	expect(script.type).toContain('javascript');
	expect(script.text).toContain("fetch('/__sandbox/aibot'");
});

test('the control API queues a member’s message, event and click until a connection subscribes', async () => {
	await call('POST', '/__sandbox/aibot/message', { userid: 'lisi', text: 'hi', chattype: 'group', chatid: 'wrg1' });
	await call('POST', '/__sandbox/aibot/enter', { userid: 'lisi' });
	await call('POST', '/__sandbox/aibot/click', { userid: 'lisi', taskId: 't9', eventKey: 'ok' });
	const view = (await call('GET', '/__sandbox/aibot')).json;
	expect(view.bot.connected).toBe(false);
	expect(view.turns.map((turn: { kind: string }) => turn.kind)).toEqual(['message', 'enter_chat', 'template_card_event']);
	expect(view.turns[0].body).toMatchObject({ msgtype: 'text', chattype: 'group', chatid: 'wrg1', text: { content: '@SandboxBot hi' }, from: { userid: 'lisi' } });
	expect(view.turns[2].body.event).toEqual({ eventtype: 'template_card_event', template_card_event: { card_type: 'button_interaction', event_key: 'ok', task_id: 't9' } });
	expect(sandbox.aiBot.queue).toHaveLength(3);
	expect((await call('POST', '/__sandbox/aibot/config', { streamWindowMs: 1234 })).json.options.streamWindowMs).toBe(1234);
	expect((await call('POST', '/__sandbox/aibot/drop')).json).toMatchObject({ dropped: false });
});

test('response_url takes markdown or a card once, and refuses text (40008)', async () => {
	const turn = await sandbox.aiBot.deliver({ text: 'question' });
	const url = String(turn.body.response_url).replace(sandbox.url, '');
	expect((await call('POST', url, { msgtype: 'text', text: { content: 'x' } })).json).toMatchObject({ errcode: 40008 });
	expect((await call('POST', url, { msgtype: 'markdown', markdown: { content: '**answer**' } })).json).toMatchObject({ errcode: 0 });
	expect((await call('POST', url, { msgtype: 'markdown', markdown: { content: 'again' } })).json).toMatchObject({ errcode: 846605 });
	expect(sandbox.aiBot.proactive).toHaveLength(1);
});

test('media URLs serve the encrypted file and expire like WeCom’s', async () => {
	const stored = sandbox.aiBot.storeMedia(Buffer.from('pixels'), 'photo.png');
	expect((await fetch(stored.url)).status).toBe(200);
	sandbox.aiBot.media.clear();
	expect((await fetch(stored.url)).status).toBe(404);
});
