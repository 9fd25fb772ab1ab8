/**
 * Send and Wait for Response in real n8n 2.41.1: the card goes out, the execution waits in n8n's
 * database, and an answer resumes it: a link opened in a browser, a free-text form, an in-chat
 * click through the published WeCom Trigger (with everyone's card updated), the wait limit, and
 * a click after n8n restarted. Also: n8n builds the AI Agent's "human review" variant of the node.
 */
import { clickCardButton, inboxOf } from '../../sandbox/routes/messages';
import { SANDBOX_BOT_KEY, webhookBotsOf } from '../../sandbox/routes/webhookBot';
import { delay } from '../../scripts/n8n-instance';
import { E2E_OWNER, WECOM_BROWSER as BROWSER, nodeOutput, sendCallbackTo, startStack, waitForStatus as waitForStatusOf } from './support/stack';
import type { Stack } from './support/stack';

const WAIT_MS = 30_000;

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({
		workflows: [
			'send-and-wait-link.json',
			'send-and-wait-chat.json',
			'send-and-wait-text.json',
			'send-and-wait-limit.json',
			'send-and-wait-trigger.json',
			'send-and-wait-group-bot.json',
		],
	});
});

afterAll(async () => await stack?.close());

interface Card {
	msgid: string;
	executionId: string;
	buttons: Array<Record<string, unknown>>;
}

/** Starts a workflow through its webhook and returns the card it sent, once n8n waits for the answer. */
async function startAndGetCard(path: string, title: string): Promise<Card> {
	const started = await stack.n8n.webhook(path, { body: { title, text: `Please decide on ${title}` } });
	expect(started.status).toBe(200);
	const deadline = Date.now() + WAIT_MS;
	while (Date.now() < deadline) {
		const entry = inboxOf(stack.sandbox).find(
			(candidate) =>
				candidate.kind === 'message' &&
				(candidate.message.template_card as { main_title?: { title?: string } } | undefined)?.main_title?.title === title,
		);
		if (entry) {
			const card = entry.message.template_card as { button_list: Array<Record<string, unknown>> };
			const reference = String(card.button_list[0].url ?? card.button_list[0].key);
			const executionId = /\/webhook-waiting\/(\d+)\//.exec(reference)?.[1] ?? '';
			await waitForStatus(executionId, ['waiting']);
			return { msgid: entry.msgid ?? '', executionId, buttons: card.button_list };
		}
		await delay(200);
	}
	throw new Error(`no card titled ${title}`);
}

async function waitForStatus(executionId: string, statuses: string[], timeoutMs = WAIT_MS) {
	return await waitForStatusOf(stack, executionId, statuses, timeoutMs);
}

async function answered(executionId: string): Promise<Record<string, unknown>> {
	const execution = await waitForStatus(executionId, ['success']);
	const [item] = nodeOutput(execution.data, 'Answered');
	return item;
}

async function click(card: Card, buttonIndex: number, userid: string, key = String(card.buttons[buttonIndex].key)) {
	const outcome = clickCardButton(stack.sandbox, { msgid: card.msgid, key: String(card.buttons[buttonIndex].key), userid });
	if (!('event' in outcome)) throw new Error(outcome.error);
	return await sendCallbackTo(stack, 'e2eSendWaitTrig', { ...outcome.event, eventKey: key });
}

test('a link button opened in a browser resumes the run with approved: true; a link preview before it does not', async () => {
	const card = await startAndGetCard('e2e-saw-link', 'Expense #1');
	const approve = String(card.buttons[0].url);
	const preview = await fetch(approve, { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' } });
	expect(preview.status).toBe(200);
	expect((await stack.n8n.execution(card.executionId)).status).toBe('waiting');
	const opened = await fetch(approve, { headers: { 'user-agent': BROWSER } });
	expect(await opened.text()).toContain('Got it, thanks');
	expect(await answered(card.executionId)).toEqual({ data: { approved: true, respondedAt: expect.any(String) } });
	// The same link again: n8n says nothing is left to do, and nothing runs twice.
	const again = await fetch(approve, { headers: { 'user-agent': BROWSER } });
	expect(again.status).toBe(200);
	expect(await again.text()).not.toContain('Got it, thanks');
});

test('the decline button resumes with approved: false', async () => {
	const card = await startAndGetCard('e2e-saw-link', 'Expense #2');
	await fetch(String(card.buttons[1].url), { headers: { 'user-agent': BROWSER } });
	expect((await answered(card.executionId)).data).toMatchObject({ approved: false });
});

test('free text: the button opens a form whose answer resumes the run with data.text', async () => {
	const card = await startAndGetCard('e2e-saw-text', 'Feedback #1');
	const url = String(card.buttons[0].url);
	const page = await fetch(url, { headers: { 'user-agent': BROWSER } });
	expect(await page.text()).toContain('<textarea');
	const form = new FormData();
	form.set('field-0', '只要有发票就可以 — only with receipts');
	const posted = await fetch(url, { method: 'POST', body: form, headers: { 'user-agent': BROWSER } });
	expect(await posted.text()).toContain('Got it, thanks');
	expect((await answered(card.executionId)).data).toMatchObject({ text: '只要有发票就可以 — only with receipts' });
});

test('in-chat: a click reaches the trigger, resumes the run once with the clicker, updates everyone’s card, and starts no workflow', async () => {
	const card = await startAndGetCard('e2e-saw-chat', 'Leave #1');
	const first = await click(card, 0, 'zhangsan');
	expect(first.status).toBe(200);
	expect(first.reply).toBeUndefined();
	expect((await answered(card.executionId)).data).toMatchObject({ approved: true, userid: 'zhangsan', cardUpdated: true });
	const update = inboxOf(stack.sandbox).find((entry) => entry.kind === 'card_update' && entry.msgid === card.msgid);
	expect(update?.message).toMatchObject({ atall: 1, button: { replace_name: 'Approve · zhangsan' } });
	expect([...(update?.delivered ?? [])].sort()).toEqual(['lisi', 'zhangsan']);

	// A second click (another member, later) resumes nothing and says so on the clicker's card.
	const second = await click(card, 1, 'lisi');
	expect(second.status).toBe(200);
	expect(second.reply).toContain('<ReplaceName><![CDATA[Already answered]]></ReplaceName>');
	expect((await stack.n8n.executions('e2eSendWaitTrig')).length).toBe(0);
});

test('in-chat: a forged key, or the key of another execution, resumes nothing', async () => {
	const card = await startAndGetCard('e2e-saw-chat', 'Leave #2');
	const other = await startAndGetCard('e2e-saw-chat', 'Leave #3');
	const key = String(card.buttons[0].key);
	const forged = await click(card, 0, 'zhangsan', key.replace(/signature=([0-9a-f])/, (_match, digit: string) => `signature=${digit === '0' ? '1' : '0'}`));
	expect(forged.reply).toContain('Link not valid');
	const moved = await click(card, 0, 'zhangsan', key.replace(`/webhook-waiting/${card.executionId}/`, `/webhook-waiting/${other.executionId}/`));
	expect(moved.reply).toContain('Link not valid');
	expect((await stack.n8n.execution(card.executionId)).status).toBe('waiting');
	expect((await stack.n8n.execution(other.executionId)).status).toBe('waiting');
	await click(other, 1, 'lisi');
	expect((await answered(other.executionId)).data).toMatchObject({ approved: false, userid: 'lisi' });
});

test('n8n restarted while the run waits: the click still resumes it (the wait lives in n8n’s database)', async () => {
	const card = await startAndGetCard('e2e-saw-chat', 'Leave #4');
	await stack.n8n.stop();
	await stack.n8n.start();
	await stack.n8n.signIn(E2E_OWNER);
	const clicked = await click(card, 0, 'lisi');
	expect(clicked.status).toBe(200);
	expect((await answered(card.executionId)).data).toMatchObject({ approved: true, userid: 'lisi' });
});

test('the wait limit passes: the run goes on without an answer', async () => {
	const card = await startAndGetCard('e2e-saw-limit', 'Expense #3');
	// n8n checks waiting executions once a minute.
	const execution = await waitForStatus(card.executionId, ['success'], 100_000);
	const [item] = nodeOutput(execution.data, 'Answered');
	expect(item).not.toHaveProperty('data.approved');
}, 150_000);

/** Starts the group-bot workflow and returns its card's links, once n8n waits for the answer. */
async function startGroupCard(title: string): Promise<{ executionId: string; links: string[]; cardUrl: string }> {
	const started = await stack.n8n.webhook('e2e-saw-bot', { body: { title, text: `Go ahead with ${title}?` } });
	expect(started.status).toBe(200);
	const deadline = Date.now() + WAIT_MS;
	while (Date.now() < deadline) {
		const posted = webhookBotsOf(stack.sandbox)
			.inbox(SANDBOX_BOT_KEY)
			.map((message) => message.body.template_card)
			.find((card) => card?.main_title?.title === title);
		if (posted) {
			const links: string[] = posted.jump_list.map((jump: { url: string }) => jump.url);
			const executionId = /\/webhook-waiting\/(\d+)\//.exec(links[0])?.[1] ?? '';
			await waitForStatus(executionId, ['waiting']);
			return { executionId, links, cardUrl: posted.card_action.url };
		}
		await delay(200);
	}
	throw new Error(`no group card titled ${title}`);
}

test('group bot: the card’s links open a page that asks for a name; its answer resumes the run once, with who answered', async () => {
	const card = await startGroupCard('Release 2.4');
	// Opening a link (a person, a preview, a curious tap) only shows the page.
	const page = await fetch(card.links[1], { headers: { 'user-agent': BROWSER } });
	expect(await page.text()).toContain('Your name');
	expect((await stack.n8n.execution(card.executionId)).status).toBe('waiting');
	const form = new FormData();
	form.set('choice', 'false');
	form.set('respondedBy', '王五 Wang Wu');
	const posted = await fetch(card.links[1], { method: 'POST', body: form, headers: { 'user-agent': BROWSER } });
	expect(await posted.text()).toContain('Got it, thanks');
	expect((await answered(card.executionId)).data).toEqual({ approved: false, respondedBy: '王五 Wang Wu', respondedAt: expect.any(String) });
	// A second answer finds nothing waiting.
	const again = await fetch(card.cardUrl, { method: 'POST', body: form, headers: { 'user-agent': BROWSER } });
	expect(await again.text()).not.toContain('Got it, thanks');
});

test('group bot: the card’s own link offers both choices', async () => {
	const card = await startGroupCard('Release 2.5');
	const page = await (await fetch(card.cardUrl, { headers: { 'user-agent': BROWSER } })).text();
	expect(page).toContain('>Deploy</button>');
	expect(page).toContain('>Hold</button>');
	const form = new FormData();
	form.set('choice', 'true');
	form.set('respondedBy', 'Li Si');
	await fetch(card.cardUrl, { method: 'POST', body: form, headers: { 'user-agent': BROWSER } });
	expect((await answered(card.executionId)).data).toMatchObject({ approved: true, respondedBy: 'Li Si' });
});

test('n8n builds the AI Agent’s human-review variant of the WeCom node', async () => {
	// The file the editor loads to build its node panel (served to signed-in users).
	const answer = await stack.n8n.rest('GET', '/types/nodes.json');
	expect(answer.status).toBe(200);
	const types = (Array.isArray(answer.body) ? answer.body : []) as Array<{
		name: string;
		properties: Array<{ name: string; type: string; default: unknown }>;
	}>;
	const variant = types.find((type) => type.name === 'n8n-nodes-wecom-suite.weComHitlTool');
	expect(variant).toBeDefined();
	const property = (name: string) => variant?.properties.find((entry) => entry.name === name);
	expect(property('operation')).toMatchObject({ type: 'hidden', default: 'sendAndWait' });
	expect(property('resource')).toMatchObject({ type: 'hidden', default: 'message' });
	expect(property('responseType')).toMatchObject({ type: 'hidden', default: 'approval' });
	expect(String(property('message')?.default)).toContain('$tool.name');
	// The group bot's variant too: no resource, the operation fixed to Send and Wait.
	const groupVariant = types.find((type) => type.name === 'n8n-nodes-wecom-suite.weComGroupBotHitlTool');
	expect(groupVariant?.properties.find((entry) => entry.name === 'operation')).toMatchObject({ type: 'hidden', default: 'sendAndWait' });
});
