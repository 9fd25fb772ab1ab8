/**
 * The browser check: n8n's editor and the sandbox page in Debian's Chromium (playwright-core, no
 * browser download). Skipped on a machine without Chromium, except in CI, where it must run.
 */
import { inboxOf } from '../../sandbox/routes/messages';
import { callbackTargets, connectCallbackTargets } from '../../scripts/sandbox-credentials';
import { browserCheckMode, clickCardOnSandboxPage, pickDepartmentInEditor } from './support/editor';
import { exampleWorkflowFiles, startStack, waitForExecutions } from './support/stack';
import type { Stack } from './support/stack';

const APPROVAL_CARD = 'exApprovalCard01';

const mode = browserCheckMode();
const describeInBrowser = mode.run || mode.mustRun ? describe : describe.skip;

describeInBrowser('in the browser (Chromium)', () => {
	let stack: Stack;

	beforeAll(async () => {
		stack = await startStack({ workflows: exampleWorkflowFiles().filter((file) => file.endsWith('approval-card.json')) });
	});

	afterAll(async () => await stack?.close());

	test('n8n’s editor adds the WeCom node, lists departments from the sandbox, searches, picks one and runs the step', async () => {
		const check = await pickDepartmentInEditor(stack, { department: 'Engineering (2)', search: 'Sal' });

		// the Department list comes from the node's list search, through n8n, from the sandbox
		const seeded = [...stack.sandbox.departments.values()].map((department) => `${department.name} (${department.id})`);
		expect([...check.listed].sort()).toEqual([...seeded].sort());
		expect(stack.sandbox.countOf('/cgi-bin/department/list')).toBeGreaterThanOrEqual(1);
		expect(check.searched).toEqual(['Sales (3)']);
		expect(check.picked).toBe('Engineering (2)');

		// running the step lists the department's members
		expect(check.output).toContain('Li Si');
		expect(check.output).toContain('Wang Wu');
		expect(stack.sandbox.requestsTo('/cgi-bin/user/simplelist').at(-1)?.query).toEqual(
			expect.objectContaining({ department_id: '2' }),
		);
		expect(Object.values(check.screenshots)).toHaveLength(2);
		for (const size of Object.values(check.screenshots)) expect(size).toBeGreaterThan(10000);
	});

	test('the sandbox page shows the card a workflow sent, and its button sends the click to the WeCom Trigger', async () => {
		await connectCallbackTargets(stack.sandbox.url, callbackTargets([...stack.workflows.values()], stack.n8n.url));
		const sent = await stack.n8n.execute(APPROVAL_CARD);
		expect(sent.ok).toBe(true);
		const before = (await stack.n8n.executions(APPROVAL_CARD)).length;

		const page = await clickCardOnSandboxPage(stack, { button: 'Approve' });
		expect(page.errors).toEqual([]);
		expect(page.result).toContain('WeCom example: approval card: HTTP 200');
		expect(page.inbox).toContain('Expense claim: 1,280 CNY');
		expect(page.inbox).toContain('button replaced by "Approved"');

		const [execution] = await waitForExecutions(stack, APPROVAL_CARD, before + 1);
		expect(execution.status).toBe('success');
		expect(inboxOf(stack.sandbox).at(-1)).toEqual(
			expect.objectContaining({ kind: 'card_update', message: expect.objectContaining({ button: { replace_name: 'Approved' } }) }),
		);
	});
});
