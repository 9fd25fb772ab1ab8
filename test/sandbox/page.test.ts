/**
 * The sandbox page's routes and its callback form (sandbox/routes/ui.js, sandbox/callbackSender.js),
 * in-process. The form's callbacks reaching a real n8n are covered by test/e2e/.
 */
import { parseCallbackMessage } from '../../nodes/shared/callbackCodec';
import { applyContactChange, callbackXml, describeOutcome } from '../../sandbox/callbackSender';
import { SANDBOX_CORP, startSandbox } from '../../sandbox/server';
import type { WeComSandbox } from '../../sandbox/server';
import { SANDBOX_CALLBACK } from '../../scripts/sandbox-credentials';
import { sandboxCall } from '../support/sandboxCall';

let sandbox: WeComSandbox;

beforeEach(async () => {
	sandbox = await startSandbox();
});

afterEach(async () => await sandbox.close());

async function call(method: string, path: string, body?: unknown) {
	return await sandboxCall(sandbox.url, method, path, body);
}

test('GET / serves the page, and the page’s calls are not logged as WeCom API calls', async () => {
	const page = await call('GET', '/');
	expect(page.status).toBe(200);
	expect(page.type).toContain('text/html');
	expect(page.text).toContain('<title>WeCom sandbox</title>');
	await call('GET', '/ui/state');
	await call('GET', '/ui/page/page.js');
	expect(sandbox.requests).toEqual([]);
});

test('the page’s state lists the directory and the corp, and no secret', async () => {
	const state = JSON.parse((await call('GET', '/ui/state')).text);
	expect(state.corp).toEqual({ corpId: SANDBOX_CORP.corpId, agentId: SANDBOX_CORP.agentId, apiBaseUrl: sandbox.url });
	expect(state.departments).toContainEqual({ id: 2, name: 'Engineering', parentid: 1 });
	expect(state.users).toContainEqual({ userid: 'lisi', name: 'Li Si', department: [2] });
	expect(state.callbackTargets).toEqual([]);
	const text = JSON.stringify(state);
	expect(text).not.toContain(SANDBOX_CORP.appSecret);
	expect(text).not.toContain(SANDBOX_CORP.contactsSecret);
});

test('callback targets need a URL, Token and key; the Token and key are never shown again', async () => {
	expect((await call('POST', '/__sandbox/callback-target', { url: 'http://127.0.0.1:9/x' })).status).toBe(400);
	const added = await call('POST', '/__sandbox/callback-target', { ...SANDBOX_CALLBACK, url: 'http://127.0.0.1:9/x', name: 'Demo' });
	expect(added.status).toBe(200);
	for (const answer of [added, await call('GET', '/__sandbox/callback-target'), await call('GET', '/ui/state')]) {
		expect(answer.text).toContain('http://127.0.0.1:9/x');
		expect(answer.text).not.toContain(SANDBOX_CALLBACK.token);
		expect(answer.text).not.toContain(SANDBOX_CALLBACK.encodingAesKey);
	}
	// a reset of the sandbox's data keeps the page's targets
	await call('POST', '/__sandbox/reset');
	expect(JSON.parse((await call('GET', '/__sandbox/callback-target')).text).callbackTargets).toEqual([
		expect.objectContaining({ name: 'Demo', url: 'http://127.0.0.1:9/x', state: 'unreachable' }),
	]);
});

test('the form says so when no trigger is reachable, and what became of a callback to one that is not', async () => {
	const none = JSON.parse((await call('POST', '/ui/callback', { kind: 'text', content: 'hi' })).text);
	expect(none).toEqual(expect.objectContaining({ ok: false, error: expect.stringContaining('No WeCom Trigger is reachable') }));

	// port 9 (discard) is closed on loopback: the page lists the target as unreachable, "all" skips it
	const gone = 'http://127.0.0.1:9/webhook/x/callback';
	await call('POST', '/__sandbox/callback-target', { ...SANDBOX_CALLBACK, url: gone, name: 'Gone' });
	const state = JSON.parse((await call('GET', '/ui/state')).text);
	expect(state.callbackTargets).toEqual([expect.objectContaining({ name: 'Gone', state: 'unreachable', detail: expect.stringContaining('could not reach') })]);
	expect(JSON.parse((await call('POST', '/ui/callback', { kind: 'text', target: 'all' })).text).error).toContain('No WeCom Trigger is reachable');

	// chosen on its own, it is tried and the page says why it failed
	const unreachable = JSON.parse((await call('POST', '/ui/callback', { kind: 'text', content: 'hi', target: gone })).text);
	expect(unreachable.ok).toBe(false);
	expect(unreachable.results).toEqual([
		expect.objectContaining({ name: 'Gone', ok: false, summary: expect.stringContaining('could not reach') }),
	]);
	const unknownKind = JSON.parse((await call('POST', '/ui/callback', { kind: 'teleport', target: gone })).text);
	expect(unknownKind.results).toEqual([expect.objectContaining({ ok: false, error: 'unknown callback kind "teleport"' })]);
});

test('each target’s result says whether its filters let the callback through and which execution it started', () => {
	const passed = describeOutcome({ kind: 'text' }, { ok: true, status: 200 }, { execution: { id: '42', status: 'success' } });
	expect(passed).toBe('let through by its filters: started execution 42 (success)');
	const held = describeOutcome({ kind: 'contact', changeType: 'update_user' }, { ok: true, status: 200 }, {});
	expect(held).toContain('held back by its filters');
	expect(held).toContain('“Contact Changed”, ChangeType update_user');
	// a trigger the sandbox cannot look into: only what it answered
	expect(describeOutcome({ kind: 'text' }, { ok: true, status: 200 })).toBe('HTTP 200: the trigger took the callback');
	expect(describeOutcome({ kind: 'text' }, { ok: false, status: 401 })).toContain('holds another Token than the sandbox app');
	expect(describeOutcome({ kind: 'text' }, { ok: false, status: 404 })).toContain('click “Execute workflow”');
	expect(describeOutcome({ kind: 'text' }, { ok: false, status: 502 })).toBe('the trigger answered HTTP 502');
});

test('the page is a frame plus one script per panel; only those scripts are served', async () => {
	const panels = JSON.parse((await call('GET', '/ui/panels')).text).panels;
	expect(panels).toEqual(expect.arrayContaining(['api-calls.js', 'callbacks.js', 'directory.js', 'inbox.js']));
	for (const file of panels) {
		const script = await call('GET', `/ui/page/panels/${file}`);
		expect({ file, status: script.status, type: script.type }).toEqual({ file, status: 200, type: expect.stringContaining('javascript') });
		expect(script.text).toContain('SandboxPage');
	}
	expect((await call('GET', '/ui/page/page.js')).status).toBe(200);
	expect((await call('GET', '/ui/page/panels/..%2F..%2Fserver.js')).status).toBe(404);
	expect((await call('GET', '/ui/page/index.html')).status).toBe(404);
});

test('the form’s messages are what WeCom sends: a text, a card click and a contact change', () => {
	const text = parseCallbackMessage(callbackXml(sandbox, { kind: 'text', fromUser: 'lisi', content: 'a < b ]]> c' }));
	expect(text.message).toEqual(
		expect.objectContaining({ ToUserName: SANDBOX_CORP.corpId, FromUserName: 'lisi', MsgType: 'text', Content: 'a < b ]]> c', AgentID: '1000002' }),
	);
	expect(text.message.MsgId).toMatch(/^\d+$/);

	const click = parseCallbackMessage(
		callbackXml(sandbox, { kind: 'card', fromUser: 'zhangsan', eventKey: 'reject', taskId: 'expense-1', responseCode: 'rc-1' }),
	);
	expect(click.message).toEqual(
		expect.objectContaining({ MsgType: 'event', Event: 'template_card_event', EventKey: 'reject', TaskId: 'expense-1', ResponseCode: 'rc-1', CardType: 'button_interaction' }),
	);

	const change = parseCallbackMessage(
		callbackXml(sandbox, { kind: 'contact', changeType: 'update_user', userId: 'wangwu', name: 'Wang Wu', department: '2,4' }),
	);
	expect(change.message).toEqual(
		expect.objectContaining({ FromUserName: 'sys', Event: 'change_contact', ChangeType: 'update_user', UserID: 'wangwu', Department: '2,4' }),
	);
});

test('a contact change from the form changes the sandbox directory first, as WeCom’s would', () => {
	applyContactChange(sandbox, { kind: 'contact', changeType: 'create_user', userId: 'NewHire02', name: 'New Hire', department: '3, 99' });
	expect(sandbox.users.get('newhire02')).toEqual(
		expect.objectContaining({ userid: 'NewHire02', name: 'New Hire', department: [3], main_department: 3 }),
	);
	applyContactChange(sandbox, { kind: 'contact', changeType: 'update_user', userId: 'newhire02', name: 'Renamed', department: '2' });
	expect(sandbox.users.get('newhire02')).toEqual(expect.objectContaining({ name: 'Renamed', department: [2] }));
	applyContactChange(sandbox, { kind: 'contact', changeType: 'delete_user', userId: 'newhire02' });
	expect(sandbox.users.has('newhire02')).toBe(false);
	// other kinds leave the directory alone
	const before = sandbox.users.size;
	applyContactChange(sandbox, { kind: 'text', userId: 'someone' });
	expect(sandbox.users.size).toBe(before);
});

test('the page’s smart sheets: each sheet as a table, with the webhook key and sample of Receive External Data', async () => {
	const panels = JSON.parse((await call('GET', '/ui/panels')).text).panels;
	expect(panels).toContain('smart-sheets.js');
	expect((await call('GET', '/ui/page/panels/smart-sheets.js')).text).toContain("title: 'Smart sheets'");
	const { docs } = JSON.parse((await call('GET', '/ui/sheets')).text);
	const support = docs.find((doc: { doc_name: string }) => doc.doc_name === 'Support Desk');
	expect(support.createdByApp).toBe(true);
	expect(support.sheets[0]).toMatchObject({ title: 'Tickets', rowCount: 0, webhookKey: expect.any(String) });
	expect(support.sheets[0].columns.map((column: { title: string }) => column.title)).toEqual([
		'Title', 'Customer', 'Channel', 'Tags', 'Received', 'Assignee', 'Resolved', 'Ticket No', 'Created',
	]);
	expect(Object.values(support.sheets[0].webhookSample.schema)).toContain('Received');
	expect(docs.find((doc: { createdByApp: boolean }) => !doc.createdByApp)?.doc_name).toBe('Duty Roster (made by a member)');
	expect(sandbox.requests).toEqual([]);
});
