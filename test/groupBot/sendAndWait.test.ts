/**
 * Group Bot → Send and Wait for Response through n8n-core's engine (the card, the wait) and its
 * resume webhook through n8n-core's WebhookContext (the pages, the answers). Real n8n runs the
 * whole loop in test/e2e/sendAndWait.test.ts.
 */
import { WAIT_INDEFINITELY } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { WeComGroupBot } from '../../nodes/WeComGroupBot/WeComGroupBot.node';
import { callNodeWebhook } from '../support/nodeWebhook';
import type { NodeWebhookResult } from '../support/nodeWebhook';
import { BOT_CREDENTIAL, GROUP_BOT_NODE, SANDBOX_BOT_KEY, allStrings, useBotHarness } from '../support/groupBot';

const harness = useBotHarness();
const SEND = '/cgi-bin/webhook/send';
const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 wxwork/4.1.20 MicroMessenger/7.0.1';

const approval = {
	operation: 'sendAndWait',
	subject: 'Deploy release 2.4?',
	message: 'The 14:00 deploy window is open. Release 2.4 passed staging.',
	approvalOptions: { values: { approvalType: 'double', approveLabel: 'Deploy', disapproveLabel: 'Hold' } },
};

function postedCards(): IDataObject[] {
	return harness.bots.inbox(SANDBOX_BOT_KEY).map((message) => message.body.template_card as IDataObject);
}

function linksOf(card: IDataObject): Array<{ title: string; url: URL }> {
	const jumps = (card.jump_list ?? []) as IDataObject[];
	return jumps.map((jump) => ({ title: String(jump.title), url: new URL(String(jump.url)) }));
}

function queryOf(url: URL): Record<string, string> {
	return Object.fromEntries(url.searchParams.entries());
}

async function answer(
	parameters: IDataObject,
	method: 'GET' | 'POST',
	query: Record<string, string>,
	data?: IDataObject,
	headers: Record<string, string> = { 'user-agent': BROWSER },
): Promise<NodeWebhookResult> {
	return await callNodeWebhook({
		nodeType: new WeComGroupBot(),
		typeName: GROUP_BOT_NODE,
		parameters: parameters as never,
		credentials: { weComWebhookApi: BOT_CREDENTIAL },
		credentialsHelper: harness.credentials,
		method,
		query,
		headers,
		body: data ? { data, files: {} } : undefined,
	});
}

function dataOf(result: NodeWebhookResult): IDataObject {
	return result.items[0]?.json.data as IDataObject;
}

describe('the card', () => {
	test('approval: a text_notice card with one link per choice, the card itself opening every choice; then the run waits', async () => {
		const result = await harness.run(approval);
		expect(result.error).toBeUndefined();
		expect(result.run.waitTill).toEqual(WAIT_INDEFINITELY);
		const [card] = postedCards();
		expect(card).toMatchObject({
			card_type: 'text_notice',
			main_title: { title: 'Deploy release 2.4?' },
			sub_title_text: 'The 14:00 deploy window is open. Release 2.4 passed staging.',
			card_action: { type: 1 },
		});
		const [deploy, hold] = linksOf(card);
		expect([deploy.title, hold.title]).toEqual(['Deploy', 'Hold']);
		expect(deploy.url.searchParams.get('approved')).toBe('true');
		expect(hold.url.searchParams.get('approved')).toBe('false');
		expect(deploy.url.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
		const cardUrl = new URL(String((card.card_action as IDataObject).url));
		expect(cardUrl.searchParams.get('approved')).toBeNull();
		expect(cardUrl.searchParams.get('item')).toBe('0');
		expect(cardUrl.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
	});

	test('a long title and message are cut on the card (WeCom shows 26 and 112 characters) and kept whole for the page', async () => {
		const message = '部署'.repeat(100);
		const subject = 'Deploy release 2.4 to production tonight?';
		const result = await harness.run({ ...approval, subject, message });
		expect(result.error).toBeUndefined();
		const [card] = postedCards();
		expect(card.main_title).toEqual({ title: 'Deploy release 2.4 to pro…' });
		const shown = [...String(card.sub_title_text)];
		expect(shown).toHaveLength(112);
		expect(shown.at(-1)).toBe('…');
		const page = await answer({ ...approval, subject, message }, 'GET', queryOf(linksOf(card)[0].url));
		expect(page.response.body).toContain(message);
		expect(page.response.body).toContain(subject);
	});

	test('one card per item, each link with its item', async () => {
		const result = await harness.run(approval, { items: [{ json: {} }, { json: {} }] });
		expect(result.error).toBeUndefined();
		expect(postedCards().map((card) => linksOf(card)[0].url.searchParams.get('item'))).toEqual(['0', '1']);
	});

	test('Free Text: one Respond link, and the card opens the same form', async () => {
		const result = await harness.run({ ...approval, responseType: 'freeText', options: { messageButtonLabel: 'Reply' } });
		expect(result.error).toBeUndefined();
		const [card] = postedCards();
		const links = linksOf(card);
		expect(links.map((link) => link.title)).toEqual(['Reply']);
		expect((card.card_action as IDataObject).url).toBe(links[0].url.toString());
	});

	test('Limit Wait Time: the run waits until then', async () => {
		const before = Date.now();
		const result = await harness.run({
			...approval,
			options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 30, resumeUnit: 'minutes' } } },
		});
		expect(result.run.waitTill?.getTime()).toBeGreaterThanOrEqual(before + 30 * 60_000);
	});

	test('a refused post (unknown key) fails the node with what to do, and the key is nowhere', async () => {
		harness.sandbox.inject({ path: SEND, errcode: 93000, echoSecrets: true });
		const result = await harness.run(approval);
		expect(result.error?.message).toContain('93000');
		expect(result.run.waitTill).toBeUndefined();
		const strings = [...allStrings(result.error), ...allStrings(result.run)];
		expect(strings.filter((text) => text.includes(SANDBOX_BOT_KEY))).toEqual([]);
	});

	test('a lost answer is not posted again: one card, and the item fails with "outcome unknown"', async () => {
		harness.sandbox.inject({ path: SEND, afterHandling: true, httpStatus: 502 });
		const result = await harness.run(approval);
		expect(harness.sandbox.countOf(SEND)).toBe(1);
		expect(postedCards()).toHaveLength(1);
		expect(result.error?.message).toContain('may have been');
		expect(result.run.waitTill).toBeUndefined();
	});
});

describe('the answer page', () => {
	test('a choice link shows a page with that choice and a name field; opening it resumes nothing', async () => {
		const page = await answer(approval, 'GET', { approved: 'false', item: '0' });
		expect(page.resumed).toBe(false);
		expect(page.response.body).toContain('name="choice" value="false"');
		expect(page.response.body).not.toContain('value="true"');
		expect(page.response.body).toContain('Your name');
		expect(page.response.getHeader('content-security-policy')).toContain('sandbox allow-forms');
	});

	test.each([
		['no user agent', {}],
		['a crawler', { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' }],
		['a person', { 'user-agent': BROWSER }],
	])('GET by %s never resumes', async (_name, headers) => {
		const page = await answer(approval, 'GET', { approved: 'true', item: '0' }, undefined, headers);
		expect(page.resumed).toBe(false);
	});

	test('the posted page resumes with the choice and who answered, for the item it belongs to', async () => {
		const posted = await answer(approval, 'POST', { approved: 'false', item: '1' }, { choice: 'false', respondedBy: 'Wang Wu' });
		expect(posted.resumed).toBe(true);
		expect(dataOf(posted)).toEqual({ approved: false, respondedBy: 'Wang Wu', respondedAt: expect.any(String) });
		expect(posted.items[0].pairedItem).toEqual({ item: 1 });
		expect(posted.response.body).toContain('Got it, thanks');
	});

	test('the card’s own page offers every choice, and accepts only those', async () => {
		const page = await answer(approval, 'GET', { item: '0' });
		expect(page.response.body).toContain('name="choice" value="true"');
		expect(page.response.body).toContain('name="choice" value="false"');
		const forged = await answer(approval, 'POST', { item: '0' }, { choice: 'maybe', respondedBy: 'Wang Wu' });
		expect(forged.resumed).toBe(false);
		expect(forged.response.body).toContain('Please answer with one of the buttons.');
		const approveOnly = { ...approval, approvalOptions: { values: { approvalType: 'single' } } };
		const declined = await answer(approveOnly, 'POST', { item: '0' }, { choice: 'false', respondedBy: 'Wang Wu' });
		expect(declined.resumed).toBe(false);
		const approved = await answer(approveOnly, 'POST', { item: '0' }, { choice: 'true', respondedBy: 'Wang Wu' });
		expect(dataOf(approved)).toMatchObject({ approved: true, respondedBy: 'Wang Wu' });
	});

	test('a link of one choice cannot post another', async () => {
		const posted = await answer(approval, 'POST', { approved: 'false', item: '0' }, { choice: 'true', respondedBy: 'Wang Wu' });
		expect(posted.resumed).toBe(false);
	});

	test('without a name the page stays, saying what is missing', async () => {
		const posted = await answer(approval, 'POST', { approved: 'true', item: '0' }, { choice: 'true', respondedBy: '  ' });
		expect(posted.resumed).toBe(false);
		expect(posted.response.body).toContain('Please fill in: Your name');
	});

	test('Ask for Name off: the page has no name field and the output no respondedBy', async () => {
		const parameters = { ...approval, options: { askForName: false } };
		const page = await answer(parameters, 'GET', { approved: 'true', item: '0' });
		expect(page.response.body).not.toContain('Your name');
		const posted = await answer(parameters, 'POST', { approved: 'true', item: '0' }, { choice: 'true' });
		expect(dataOf(posted)).toEqual({ approved: true, respondedAt: expect.any(String) });
	});

	test('Free Text and Custom Form: the answers and the name, which never clashes with a field of the same label', async () => {
		const freeText = await answer({ ...approval, responseType: 'freeText' }, 'POST', { approved: 'true', item: '0' }, { 'field-0': 'After 16:00 please', respondedBy: 'Li Si' });
		expect(dataOf(freeText)).toEqual({ text: 'After 16:00 please', respondedBy: 'Li Si', respondedAt: expect.any(String) });
		const form = {
			...approval,
			responseType: 'customForm',
			formFields: { values: [{ fieldLabel: 'Your name', fieldType: 'text' }, { fieldLabel: 'Window', fieldType: 'number', requiredField: true }] },
		};
		const missing = await answer(form, 'POST', { approved: 'true', item: '0' }, { 'field-0': 'x', respondedBy: 'Li Si' });
		expect(missing.response.body).toContain('Please fill in: Window');
		const posted = await answer(form, 'POST', { approved: 'true', item: '0' }, { 'field-0': 'Team B', 'field-1': '16', respondedBy: 'Li Si' });
		expect(dataOf(posted)).toEqual({ 'Your name': 'Team B', Window: 16, respondedBy: 'Li Si', respondedAt: expect.any(String) });
	});
});
