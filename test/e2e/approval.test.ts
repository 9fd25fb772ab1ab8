/**
 * Approvals end to end in a real n8n 2.41.1: a workflow submits a leave request through the WeCom
 * node (the sandbox checks it against the template), the approver approves it on the sandbox
 * (the page's action), the sandbox sends sys_approval_change to the published WeCom Trigger, and
 * the trigger starts its workflow exactly once, with the readable ApprovalInfo and the details
 * fetched through the WeCom API credential. Also: what n8n's editor is given to build the node
 * panel's "On …" actions, read from n8n's own node-type endpoint.
 */
import { sendCallback } from '../../sandbox/callbacks';
import { approvalChangeXml, approvalState } from '../../sandbox/routes/approvals';
import { SANDBOX_CALLBACK } from '../../scripts/sandbox-credentials';
import { browserCheckMode } from './support/editor';
import { approveOnSandboxPage as approveInBrowser, pickTriggerAction } from './support/panelActions';
import { nodeOutput, startStack, triggerUrl, waitForExecutions } from './support/stack';
import type { Stack } from './support/stack';

const APPROVED = 'e2eApprovalTrg01';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({ workflows: ['approval-submit.json', 'approval-trigger.json'] });
});

afterAll(async () => await stack?.close());

/** A POST the sandbox page makes. */
async function sandboxPage(path: string, body: unknown): Promise<Record<string, unknown>> {
	const response = await fetch(`${stack.sandbox.url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return (await response.json()) as Record<string, unknown>;
}

/** The sandbox page's Approve button: the decision, and the callback event it then sends. */
async function approveOnSandboxPage(spNo: string): Promise<Record<string, unknown>> {
	const answer = await sandboxPage('/ui/approvals/decide', { sp_no: spNo, decision: 'approve', speech: 'Have a good trip' });
	expect(answer.ok).toBe(true);
	return answer.callback as Record<string, unknown>;
}

test('submit, approve in the sandbox, and the trigger fires once with the details', async () => {
	const submitted = await stack.n8n.webhook('e2e-approval-submit', {
		body: { applicant: 'zhaoliu', from: '2026-12-01T00:00:00Z', to: '2026-12-03T00:00:00Z', reason: 'Family trip' },
	});
	expect(submitted.status).toBe(200);
	const [result] = submitted.json as Array<{ sp_no: string }>;
	expect(result.sp_no).toMatch(/^\d{12}$/);
	const application = approvalState(stack.sandbox).applications.get(result.sp_no);
	expect(application?.applyer.userid).toBe('zhaoliu');
	expect(application?.apply_data.contents.map((content: { id: string }) => content.id)).toEqual(['vacation-1563793073898', 'item-1497581399901']);

	const callback = await approveOnSandboxPage(result.sp_no);
	expect(callback).toEqual({ kind: 'approval', spNo: result.sp_no, changeEvent: 2 });
	// The page then sends the callback to the WeCom Triggers it knows, as WeCom would.
	await sandboxPage('/__sandbox/callback-target', { ...SANDBOX_CALLBACK, url: triggerUrl(stack, APPROVED), name: 'Approved' });
	const sent = await sandboxPage('/ui/callback', { ...callback, url: triggerUrl(stack, APPROVED) });
	expect(sent).toMatchObject({ ok: true, results: [{ ok: true, status: 200 }] });

	const executions = await waitForExecutions(stack, APPROVED, 1);
	expect(executions).toHaveLength(1);
	const saved = await stack.n8n.execution(executions[0].id);
	expect(saved.status).toBe('success');
	const [event] = nodeOutput(saved.data, 'WeCom Trigger');
	expect(event).toMatchObject({
		Event: 'sys_approval_change',
		ApprovalInfo: {
			SpNo: result.sp_no,
			SpStatus: '2',
			SpStatusName: 'approved',
			StatuChangeEventName: 'approved',
			Applyer: { UserId: 'zhaoliu' },
			SpRecord: [{ SpStatusName: 'approved', Details: [{ Approver: { UserId: 'lisi' }, Speech: 'Have a good trip' }] }],
			Notifyer: [{ UserId: 'zhangsan' }],
			Comments: [],
		},
		approvalDetail: {
			sp_no: result.sp_no,
			sp_status_name: 'approved',
			apply_data: { contents: [expect.objectContaining({ control: 'Vacation' }), expect.objectContaining({ value: { text: 'Family trip' } })] },
		},
	});
	expect(event).not.toHaveProperty('approvalDetailError');
	expect(await stack.n8n.executions(APPROVED)).toHaveLength(1);

	// WeCom delivers a callback again when it is unsure it arrived: the retry starts no second run.
	// Built a second later on the sandbox's clock than the page's callback, so it is a new event
	// (CreateTime is in seconds: the same second would make it a retry of that one), then delivered
	// twice.
	stack.sandbox.advanceClock(1_000);
	const plaintext = approvalChangeXml(stack.sandbox, result.sp_no, 2) ?? '';
	for (let delivery = 0; delivery < 2; delivery++) {
		const delivered = await sendCallback(triggerUrl(stack, APPROVED), SANDBOX_CALLBACK, plaintext);
		expect(delivered.status).toBe(200);
	}
	expect(await waitForExecutions(stack, APPROVED, 2)).toHaveLength(2);
});

test('n8n serves the trigger with the Events list its editor turns into "On …" actions', async () => {
	// The file the editor loads to build its node panel (served to signed-in users).
	const answer = await stack.n8n.rest('GET', '/types/nodes.json');
	expect(answer.status).toBe(200);
	const types = answer.body as Array<{ name: string; codex?: { alias?: string[] }; properties: Array<Record<string, unknown>> }>;
	const trigger = types.find((type) => type.name === 'n8n-nodes-wecom-suite.weComTrigger');
	const node = types.find((type) => type.name === 'n8n-nodes-wecom-suite.weCom');
	// The editor (useActionsGeneration) picks the property whose display name is "Events" and makes
	// one action per option, named by the option's `action`, that sets `events` to [value] only.
	const events = trigger?.properties.find((property) => String(property.displayName).toLowerCase() === 'events');
	expect(events).toMatchObject({ name: 'events', type: 'multiOptions', default: ['message'] });
	const options = (events?.options ?? []) as Array<{ name: string; value: string; action?: string }>;
	const actionOf = (value: string) => options.find((option) => option.value === value)?.action;
	expect(actionOf('message')).toBe('On message from a member');
	expect(actionOf('change_contact')).toBe('On contact changed');
	expect(actionOf('pic_weixin')).toBe('On photo from WeChat album');
	expect(actionOf('sys_approval_change')).toBe('On approval status changed');
	expect(options.every((option) => typeof option.action === 'string')).toBe(true);
	// Nothing else the trigger starts on is switched on by default.
	expect(trigger?.properties.map((property) => property.name)).not.toEqual(expect.arrayContaining(['messageTypes']));
	expect(trigger?.properties.map((property) => property.name)).not.toEqual(expect.arrayContaining(['includeOtherCallbacks']));
	// Search: the editor matches the words against display names and codex aliases.
	expect(trigger?.codex?.alias).toEqual(expect.arrayContaining(['WeCom message']));
	expect(node?.codex?.alias).toEqual(expect.arrayContaining(['WeCom message']));
});

const browser = browserCheckMode();
const testInBrowser = browser.run || browser.mustRun ? test : test.skip;

testInBrowser('in the editor, "wecom message" finds WeCom, whose actions name each event; "On contact changed" selects that alone', async () => {
	const check = await pickTriggerAction(stack, { search: 'wecom message', action: 'On contact changed' });
	expect(check.found).toContain('WeCom');
	expect(check.actions[0]).toBe('On message from a member');
	expect(check.actions.join('\n')).toContain('On photo from WeChat album');
	expect(check.actions.join('\n')).not.toMatch(/we chat/i);
	expect(check.events).toContain('Contacts: Member, Department or Tag Changed');
	expect(check.events).not.toMatch(/Message:/);
});

testInBrowser('the sandbox page’s Approve button approves the pending leave request and the trigger runs', async () => {
	const pending = [...approvalState(stack.sandbox).applications.values()].find((application) => application.sp_status === 1);
	expect(pending).toBeDefined();
	const before = (await stack.n8n.executions(APPROVED)).length;
	const check = await approveInBrowser(stack, pending?.sp_no ?? '');
	expect(check.errors).toEqual([]);
	expect(check.result).toContain('is now approved');
	expect(check.result).toContain('✓ Approved: HTTP 200');
	const executions = await waitForExecutions(stack, APPROVED, before + 1);
	const saved = await stack.n8n.execution(executions[0].id);
	expect(nodeOutput(saved.data, 'WeCom Trigger')[0]).toMatchObject({ ApprovalInfo: { SpNo: pending?.sp_no, SpStatusName: 'approved' } });
});
