/**
 * The example workflows (examples/*.json) inside a real n8n 2.41.1: each imports and publishes,
 * and each does what its README section says against the WeCom sandbox.
 */
import { checkUrl } from '../../sandbox/callbacks';
import { approvalState, decide } from '../../sandbox/routes/approvals';
import { inboxOf } from '../../sandbox/routes/messages';
import { SUPPORT_DOC_ID, TICKETS_SHEET_ID, smartSheetsOf } from '../../sandbox/routes/smartSheets';
import { SANDBOX_BOT_KEY, webhookBotsOf } from '../../sandbox/routes/webhookBot';
import { SANDBOX_CALLBACK } from '../../scripts/sandbox-credentials';
import {
	exampleWorkflowFiles,
	needsPublishing,
	nodeOutput,
	runError,
	sendCallbackTo,
	startStack,
	triggerUrl,
	waitForExecutions,
} from './support/stack';
import type { Stack } from './support/stack';

const LIST_MEMBERS = 'exListMembers001';
const EXPENSE_APPROVAL = 'exampleExpense01';
const BROADCAST = 'exBroadcast00001';
const AUTO_REPLY = 'exAutoReply00001';
const APPROVAL_CARD = 'exApprovalCard01';
const CONTACT_SYNC = 'exContactSync001';
const AI_BOT_ECHO = 'exAiBotEcho00001';
const LEAVE_APPROVED = 'exLeaveApproved1';
const SUPPORT_TICKETS = 'exSupportTickets';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({ workflows: exampleWorkflowFiles() });
});

afterAll(async () => await stack?.close());

function botPosts(): string[] {
	return webhookBotsOf(stack.sandbox)
		.inbox(SANDBOX_BOT_KEY)
		.map((message) => JSON.stringify(message.body));
}

async function executionCount(workflowId: string): Promise<number> {
	return (await stack.n8n.executions(workflowId)).length;
}

test('every example imports, and every example with a trigger is published', async () => {
	expect([...stack.workflows.keys()].sort()).toEqual(
		[AI_BOT_ECHO, APPROVAL_CARD, AUTO_REPLY, BROADCAST, CONTACT_SYNC, EXPENSE_APPROVAL, LEAVE_APPROVED, LIST_MEMBERS, SUPPORT_TICKETS].sort(),
	);
	for (const workflow of stack.workflows.values()) {
		const stored = await stack.n8n.rest('GET', `/rest/workflows/${workflow.id}`);
		expect(stored.status).toBe(200);
		expect({ id: workflow.id, active: stored.body?.data?.active }).toEqual({
			id: workflow.id,
			active: needsPublishing(workflow),
		});
	}
});

test('WeCom’s URL check of every published WeCom Trigger gets the decrypted echostr back', async () => {
	const triggers = [AUTO_REPLY, APPROVAL_CARD, CONTACT_SYNC, LEAVE_APPROVED, SUPPORT_TICKETS];
	for (const workflowId of triggers) {
		const check = await checkUrl(triggerUrl(stack, workflowId), SANDBOX_CALLBACK);
		expect({ workflowId, status: check.status, body: check.body }).toEqual({ workflowId, status: 200, body: check.expected });
	}
});

test('list department members: a manual run lists Engineering and the departments below it, with profiles', async () => {
	const { ok, run } = await stack.n8n.execute(LIST_MEMBERS);
	expect(runError(run)).toBeUndefined();
	expect(ok).toBe(true);
	expect(nodeOutput(run, 'List Engineering members')).toEqual([
		expect.objectContaining({ userid: 'lisi', position: 'CTO' }),
		expect.objectContaining({ userid: 'wangwu', position: 'Engineer' }),
	]);
});

test('scheduled broadcast: a run sends the markdown report to Engineering and a post to the group bot', async () => {
	const posts = botPosts().length;
	const { ok, run } = await stack.n8n.execute(BROADCAST);
	expect(runError(run)).toBeUndefined();
	expect(ok).toBe(true);
	const report = inboxOf(stack.sandbox).at(-1);
	expect(report?.message).toEqual(
		expect.objectContaining({ msgtype: 'markdown', toparty: '2', markdown: { content: expect.stringContaining('**Daily report**') } }),
	);
	expect(botPosts().slice(posts)).toEqual([expect.stringContaining('Daily report sent')]);
});

test('auto-reply: a member’s text message comes in through the trigger and the app answers them', async () => {
	const before = await executionCount(AUTO_REPLY);
	const sent = await sendCallbackTo(stack, AUTO_REPLY, { kind: 'text', fromUser: 'wangwu', content: 'Where is the VPN guide?' });
	expect(sent).toEqual(expect.objectContaining({ ok: true, status: 200 }));
	const [execution] = await waitForExecutions(stack, AUTO_REPLY, before + 1);
	expect(execution.status).toBe('success');
	const reply = inboxOf(stack.sandbox).at(-1);
	expect(reply?.message).toEqual(
		expect.objectContaining({ touser: 'wangwu', msgtype: 'text', text: { content: expect.stringContaining('Where is the VPN guide?') } }),
	);
});

test('approval card: the card goes out, a click comes back through the trigger, and the button shows the decision', async () => {
	const { ok } = await stack.n8n.execute(APPROVAL_CARD);
	expect(ok).toBe(true);
	const card = inboxOf(stack.sandbox).at(-1);
	expect(card?.message.template_card).toEqual(expect.objectContaining({ card_type: 'button_interaction' }));
	expect(card?.response_code).toEqual(expect.any(String));

	const before = await executionCount(APPROVAL_CARD);
	const sent = await sendCallbackTo(stack, APPROVAL_CARD, {
		kind: 'card',
		fromUser: 'zhangsan',
		eventKey: 'reject',
		taskId: card?.message.template_card.task_id,
		responseCode: card?.response_code,
	});
	expect(sent.ok).toBe(true);
	const [execution] = await waitForExecutions(stack, APPROVAL_CARD, before + 1);
	expect(execution.status).toBe('success');
	const update = inboxOf(stack.sandbox).at(-1);
	expect(update).toEqual(
		expect.objectContaining({ kind: 'card_update', message: expect.objectContaining({ button: { replace_name: 'Rejected' } }) }),
	);
	expect(card?.update).toEqual({ button: { replace_name: 'Rejected' } });
});

test('contact sync: a new member is announced to the group bot and tagged On Call; a profile update is only announced', async () => {
	const posts = botPosts().length;
	const before = await executionCount(CONTACT_SYNC);
	const joined = await sendCallbackTo(stack, CONTACT_SYNC, {
		kind: 'contact',
		changeType: 'create_user',
		userId: 'zhouba',
		name: 'Zhou Ba',
		department: '3',
	});
	expect(joined.ok).toBe(true);
	await waitForExecutions(stack, CONTACT_SYNC, before + 1);
	expect(stack.sandbox.tags.get(1)?.users).toContain('zhouba');
	const tagCalls = stack.sandbox.countOf('/cgi-bin/tag/addtagusers');

	const updated = await sendCallbackTo(stack, CONTACT_SYNC, {
		kind: 'contact',
		changeType: 'update_user',
		userId: 'zhouba',
		name: 'Zhou Ba (Sales)',
		department: '3',
	});
	expect(updated.ok).toBe(true);
	const executions = await waitForExecutions(stack, CONTACT_SYNC, before + 2);
	expect(executions.slice(0, 2).map((execution) => execution.status)).toEqual(['success', 'success']);
	expect(botPosts().slice(posts)).toEqual([
		expect.stringContaining('New member'),
		expect.stringContaining('Profile updated'),
	]);
	expect(stack.sandbox.countOf('/cgi-bin/tag/addtagusers')).toBe(tagCalls);
});

test('AI bot echo: a member’s message is answered in one bubble, no model needed', async () => {
	const aiBot = stack.sandbox.aiBot;
	if (!aiBot) throw new Error('the sandbox has no AI bot');
	await aiBot.until(() => aiBot.live !== undefined, 30_000);
	const turn = await aiBot.deliver({ mode: 'ws', text: 'hello from the example' });
	await aiBot.until(() => turn.bubble?.finished === true);
	expect(turn.bubble?.content).toBe('**Echo:** hello from the example');
	expect(await waitForExecutions(stack, AI_BOT_ECHO, 1)).toHaveLength(1);
});

test('leave approved: approving the pending leave request (the sandbox page’s Approve) posts its dates to the group bot', async () => {
	const posts = botPosts().length;
	const pending = [...approvalState(stack.sandbox).applications.values()].find((application) => application.sp_status === 1 && application.sp_name === '请假');
	expect(pending).toBeDefined();
	const spNo = pending?.sp_no ?? '';
	const decided = decide(stack.sandbox, spNo, 'approve');
	expect('application' in decided).toBe(true);
	const sent = await sendCallbackTo(stack, LEAVE_APPROVED, { kind: 'approval', spNo, changeEvent: 2 });
	expect(sent.ok).toBe(true);
	const [execution] = await waitForExecutions(stack, LEAVE_APPROVED, 1);
	expect(execution.status).toBe('success');
	const from = new Date((Number(pending?.apply_data.contents[0].value.vacation.attendance.date_range.new_begin) || 0) * 1000);
	expect(botPosts().slice(posts)).toEqual([expect.stringMatching(new RegExp(`Leave approved.*<@zhaoliu>.*${from.getFullYear()}-.*2 days, Annual Leave.*${spNo}`))]);
});

test('every list picker in the examples shows a name, as the editor’s list shows it (“Engineering (2)”, not “2”)', () => {
	const pickers: Array<{ workflow: string; value: unknown; cachedResultName: unknown }> = [];
	const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
	const visit = (workflow: string, value: unknown): void => {
		if (Array.isArray(value)) for (const entry of value) visit(workflow, entry);
		else if (isRecord(value)) {
			const record = value;
			if (record.__rl === true && record.mode === 'list') pickers.push({ workflow, value: record.value, cachedResultName: record.cachedResultName });
			for (const entry of Object.values(record)) visit(workflow, entry);
		}
	};
	for (const workflow of stack.workflows.values()) visit(workflow.name, workflow.nodes);
	expect(pickers.length).toBeGreaterThanOrEqual(4);
	for (const picker of pickers) {
		expect(picker).toEqual({ ...picker, cachedResultName: expect.stringMatching(new RegExp(`^.+ \\(${String(picker.value)}\\)$`)) });
	}
	expect(pickers).toContainEqual({ workflow: 'WeCom example: list department members', value: '2', cachedResultName: 'Engineering (2)' });
});

test('support tickets: a member’s message becomes a row of the tickets sheet, and the evening run posts the count', async () => {
	const before = await executionCount(SUPPORT_TICKETS);
	const sent = await sendCallbackTo(stack, SUPPORT_TICKETS, { kind: 'text', fromUser: 'zhaoliu', content: 'The invoice PDF is empty' });
	expect(sent).toEqual(expect.objectContaining({ ok: true, status: 200 }));
	const [execution] = await waitForExecutions(stack, SUPPORT_TICKETS, before + 1);
	expect(execution.status).toBe('success');
	const rows = smartSheetsOf(stack.sandbox).rowsOf(SUPPORT_DOC_ID, TICKETS_SHEET_ID);
	expect(rows.at(-1)?.values).toEqual(
		expect.objectContaining({
			Title: [{ type: 'text', text: 'The invoice PDF is empty' }],
			Customer: [{ type: 'text', text: 'zhaoliu' }],
			Channel: [expect.objectContaining({ text: 'WeCom' })],
			Received: expect.stringMatching(/^\d{13}$/),
		}),
	);

	const posts = botPosts().length;
	const { ok, run } = await stack.n8n.execute(SUPPORT_TICKETS);
	expect(runError(run)).toBeUndefined();
	expect(ok).toBe(true);
	expect(botPosts().slice(posts)).toEqual([expect.stringContaining(`New tickets today: <font color=\\"info\\">${rows.length}</font>`)]);
});
