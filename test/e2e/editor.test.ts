/**
 * The browser check: a newcomer's first hour in n8n's editor and the sandbox page, in Debian's
 * Chromium (playwright-core, no browser download), against real n8n 2.41.1 with every example
 * imported as `npm start` does. Skipped on a machine without Chromium, except in CI, where it must
 * run. WECOM_UPDATE_SCREENSHOTS=1 refreshes the README's screenshots in docs/.
 */
import { inboxOf } from '../../sandbox/routes/messages';
import { delay } from '../../scripts/n8n-instance';
import { SANDBOX_CREDENTIALS } from '../../scripts/sandbox-credentials';
import { connectSandboxToN8n } from '../../scripts/n8n-triggers';
import {
	browserCheckMode,
	buildTriggerWorkflow,
	clickCardOnSandboxPage,
	executeFromTrigger,
	openCardLinkOnSandboxPage,
	listenForTestEvent,
	openSession,
	openWorkflow,
	pickDepartmentInEditor,
	publishInEditor,
	sendFromSandboxPage,
	startFromTrigger,
} from './support/editor';
import type { Session } from './support/editor';
import { E2E_OWNER, exampleWorkflowFiles, startStack, waitForExecutions } from './support/stack';
import type { Stack } from './support/stack';

const APPROVAL_CARD = 'exApprovalCard01';
const EXPENSE = 'exampleExpense01';
const README = 'https://github.com/n8n-nodes-wecom-suite/n8n-nodes-wecom-suite';

const mode = browserCheckMode();
const describeInBrowser = mode.run || mode.mustRun ? describe : describe.skip;

describeInBrowser('in the browser (Chromium)', () => {
	let stack: Stack;
	let session: Session;

	beforeAll(async () => {
		// every example, as npm start has them, so the sandbox page lists all their triggers
		stack = await startStack({ workflows: exampleWorkflowFiles() });
		connectSandboxToN8n(stack.sandbox, stack.n8n, E2E_OWNER);
		session = await openSession(stack);
	}, 600000);

	afterAll(async () => {
		await session?.close();
		await stack?.close();
	});

	test('a WeCom Trigger built from scratch is reached from the sandbox page on its test URL, then published on its production URL', async () => {
		const built = await buildTriggerWorkflow(session, stack);
		// the nodes panel's WeCom entry speaks of both the actions and the trigger
		expect(built.panelText).toMatch(/send messages.*start workflows on messages and events/i);
		// the only WeCom Callback credential is picked by itself; the Docs link lands on the README heading
		expect(built.credential).toBe(SANDBOX_CREDENTIALS.callback.name);
		expect(built.docsHref).toBe(`${README}#wecom-trigger`);

		// before "Execute workflow" the page finds the trigger but its test URL does not answer
		await listenForTestEvent(session);
		const onTestUrl = await sendFromSandboxPage(session, { workflowId: built.workflowId, url: 'Test URL', message: 'Hello, my own trigger' });
		expect(onTestUrl).toContain('(test URL)');
		expect(onTestUrl).toMatch(/let through by its filters: started execution \d+/);
		const [testRun] = await waitForExecutions(stack, built.workflowId, 1);
		expect(testRun).toEqual(expect.objectContaining({ mode: 'manual', status: 'success' }));
		// the editor shows the message it received
		await session.editor.bringToFront();
		await session.editor.getByText('Workflow executed successfully').first().waitFor();

		await publishInEditor(session);
		const onProductionUrl = await sendFromSandboxPage(session, { workflowId: built.workflowId, url: 'Production URL', message: 'Hello again' });
		expect(onProductionUrl).toContain('(production URL)');
		expect(onProductionUrl).toMatch(/let through by its filters: started execution \d+/);
		const runs = await waitForExecutions(stack, built.workflowId, 2);
		expect(runs[0]).toEqual(expect.objectContaining({ mode: 'webhook', status: 'success' }));

		// a callback its filters hold back starts nothing, and the page says so
		const heldBack = await sendFromSandboxPage(session, { workflowId: built.workflowId, url: 'Production URL', tab: 'Contact change' });
		expect(heldBack).toContain('held back by its filters');
		expect(await stack.n8n.executions(built.workflowId)).toHaveLength(2);
		expect(session.errors).toEqual([]);
	});

	test('n8n’s editor adds the WeCom node with a credential that sends, lists departments from the sandbox, searches, picks one and runs the step', async () => {
		const check = await pickDepartmentInEditor(session, stack, { department: 'Engineering (2)', search: 'Sal' });
		// n8n picks a credential for a new node by itself: the app's, which also sends messages
		expect(check.preselected).toBe(SANDBOX_CREDENTIALS.app.name);

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
	});

	test('the approval card example, exactly as its note says: the card goes out, a click on the sandbox page comes back and updates it', async () => {
		await openWorkflow(session, stack, APPROVAL_CARD, 'Hover Run manually and click its Execute workflow button');
		await executeFromTrigger(session, 'Run manually');
		const card = inboxOf(stack.sandbox).at(-1);
		expect(card?.message.template_card).toEqual(expect.objectContaining({ card_type: 'button_interaction' }));
		const before = (await stack.n8n.executions(APPROVAL_CARD)).length;

		const page = await clickCardOnSandboxPage(session, { button: 'Approve' });
		expect(page.result).toMatch(/WeCom example: approval card › When a card button is clicked \(production URL\)\s+let through by its filters: started execution \d+/);
		expect(page.inbox).toContain('Expense claim: 1,280 CNY');
		expect(page.inbox).toContain('button replaced by "Approved"');

		const [execution] = await waitForExecutions(stack, APPROVAL_CARD, before + 1);
		expect(execution.status).toBe('success');
		expect(inboxOf(stack.sandbox).at(-1)).toEqual(
			expect.objectContaining({ kind: 'card_update', message: expect.objectContaining({ button: { replace_name: 'Approved' } }) }),
		);
		expect(session.errors).toEqual([]);
		// the README's picture of the page: the card and its update, every trigger it found
		await session.shoot(session.sandboxPage, 'sandbox-page.png', { fullPage: true });
		expect(Object.keys(session.screenshots)).toEqual(expect.arrayContaining([expect.stringMatching(/sandbox-page\.png$/)]));
		for (const size of Object.values(session.screenshots)) expect(size).toBeGreaterThan(10000);
	});

	test('the expense example, as its note says: the run waits, the card’s Approve link on the sandbox page opens n8n’s answer page, and the run goes on', async () => {
		await openWorkflow(session, stack, EXPENSE, 'follow its Approve or Reject link');
		const sent = inboxOf(stack.sandbox).length;
		await startFromTrigger(session, 'Run manually');
		await waitFor(() => inboxOf(stack.sandbox).length > sent);
		const card = inboxOf(stack.sandbox).at(-1)?.message.template_card as { button_list: Array<{ type: number; url?: string }> };
		expect(card.button_list.map((button) => button.type)).toEqual([1, 1]);

		expect(await openCardLinkOnSandboxPage(session, { link: 'Approve' })).toContain('Got it, thanks');
		const toldApproved = () => inboxOf(stack.sandbox).find((entry) => (entry.message.text as { content?: string } | undefined)?.content === 'Your expense claim was approved.');
		await waitFor(() => toldApproved() !== undefined);
		expect(toldApproved()?.delivered).toEqual(['zhangsan']);
		expect(session.errors).toEqual([]);
	});
});

/** Polls a condition for up to 30 s. */
async function waitFor(condition: () => boolean): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('waited 30 s in vain');
		await delay(200);
	}
}
