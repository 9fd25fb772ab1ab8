/**
 * Message → Send and Wait for Response through n8n-core's engine (the card, the wait), and its
 * resume webhook through n8n-core's WebhookContext (approval links, previews, forms, in-chat
 * clicks). Real n8n runs the whole loop in test/e2e/sendAndWait.test.ts.
 */
import { WAIT_INDEFINITELY } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { WeCom } from '../../nodes/WeCom/WeCom.node';
import { RESUME_KEY_PREFIX, isAutomatedUserAgent } from '../../nodes/shared/sendAndWait/resumeReference';
import { clickCardButton, inboxOf } from '../../sandbox/routes/messages';
import { callNodeWebhook } from '../support/nodeWebhook';
import type { NodeWebhookResult } from '../support/nodeWebhook';
import { API_CREDENTIAL_ID, useApiHarness } from '../support/weCom';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const toLisi = { recipients: { users: [{ user: byId('lisi') }] } };
const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 wxwork/4.1.20 MicroMessenger/7.0.1';

const harness = useApiHarness({ forget: ['messages'] });

const approval = {
	resource: 'message',
	operation: 'sendAndWait',
	...toLisi,
	subject: 'Expense claim #42',
	message: 'Zhang San asks for 1,280 CNY for a client dinner.',
	approvalOptions: { values: { approvalType: 'double', approveLabel: 'Approve', disapproveLabel: 'Reject' } },
};

interface SentCard {
	msgid: string;
	delivered: string[];
	card: IDataObject;
	buttons: IDataObject[];
}

function sentCards(): SentCard[] {
	return inboxOf(harness.sandbox)
		.filter((entry) => entry.kind === 'message')
		.map((entry) => {
			const card = entry.message.template_card as IDataObject;
			return { msgid: entry.msgid ?? '', delivered: entry.delivered, card, buttons: (card.button_list ?? []) as IDataObject[] };
		});
}

async function resume(
	parameters: IDataObject,
	method: 'GET' | 'POST',
	query: Record<string, string>,
	headers: Record<string, string> = { 'user-agent': BROWSER },
	body?: IDataObject,
): Promise<NodeWebhookResult> {
	return await callNodeWebhook({
		nodeType: new WeCom(),
		typeName: 'n8n-nodes-wecom-suite.weCom',
		parameters: parameters as never,
		credentials: { weComApi: { id: API_CREDENTIAL_ID, name: 'WeCom sandbox' } },
		credentialsHelper: harness.credentials,
		method,
		query,
		headers,
		body,
	});
}

function dataOf(result: NodeWebhookResult): IDataObject {
	return result.items[0]?.json.data as IDataObject;
}

describe('the card', () => {
	test('approval with link buttons: a button_interaction card whose buttons open signed resume URLs, then the run waits', async () => {
		const result = await harness.run(approval);
		expect(result.error).toBeUndefined();
		expect(result.run.waitTill).toEqual(WAIT_INDEFINITELY);
		const [sent] = sentCards();
		expect(sent.delivered).toEqual(['lisi']);
		expect(sent.card).toMatchObject({
			card_type: 'button_interaction',
			main_title: { title: 'Expense claim #42' },
			sub_title_text: 'Zhang San asks for 1,280 CNY for a client dinner.',
		});
		expect(String(sent.card.task_id)).toMatch(/^n8n-[0-9a-zA-Z_\-@]+$/);
		expect(sent.buttons.map((button) => [button.text, button.type, button.style])).toEqual([
			['Approve', 1, 1],
			['Reject', 1, 2],
		]);
		const [approve, reject] = sent.buttons.map((button) => new URL(String(button.url)));
		expect(approve.pathname).toBe('/webhook-waiting/' + approve.pathname.split('/')[2] + '/tested');
		expect(approve.searchParams.get('approved')).toBe('true');
		expect(reject.searchParams.get('approved')).toBe('false');
		expect(approve.searchParams.get('item')).toBe('0');
		expect(approve.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
		expect(approve.searchParams.get('signature')).not.toBe(reject.searchParams.get('signature'));
	});

	test('in-chat buttons carry the resume reference in their key, never a URL', async () => {
		const result = await harness.run({ ...approval, answerWith: 'inChat' });
		expect(result.error).toBeUndefined();
		const [sent] = sentCards();
		for (const button of sent.buttons) {
			expect(button.type).toBe(0);
			expect(button.url).toBeUndefined();
			expect(String(button.key)).toMatch(new RegExp(`^${RESUME_KEY_PREFIX}/webhook-waiting/\\d+/tested\\?approved=(true|false)&item=0&via=card&signature=[0-9a-f]{64}$`));
		}
	});

	test('one card per item, each with its own task_id and item in its URL', async () => {
		const result = await harness.run(approval, { items: [{ json: {} }, { json: {} }, { json: {} }] });
		expect(result.error).toBeUndefined();
		const cards = sentCards();
		expect(cards).toHaveLength(3);
		expect(new Set(cards.map((card) => card.card.task_id)).size).toBe(3);
		expect(cards.map((card) => new URL(String(card.buttons[0].url)).searchParams.get('item'))).toEqual(['0', '1', '2']);
	});

	test('Limit Wait Time: the run waits until then, not forever', async () => {
		const before = Date.now();
		const result = await harness.run({
			...approval,
			options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'hours' } } },
		});
		const waitTill = result.run.waitTill?.getTime() ?? 0;
		expect(waitTill).toBeGreaterThanOrEqual(before + 2 * 3_600_000);
		expect(waitTill).toBeLessThan(Date.now() + 2 * 3_600_000 + 1000);
	});

	test('a form that cannot be built fails before anything is sent', async () => {
		const result = await harness.run({
			...approval,
			responseType: 'customForm',
			defineForm: 'json',
			jsonOutput: '[{"fieldLabel": "Amount", "fieldType": "slider"}]',
		});
		expect(result.error?.message).toContain('Form field "Amount" has the type "slider"');
		expect(harness.sandbox.requestsTo('/cgi-bin/message/send')).toHaveLength(0);
	});

	test('an empty message is refused before sending', async () => {
		const result = await harness.run({ ...approval, message: '={{ $json.missing ?? "" }}' });
		expect(result.error?.message).toBe('Message is empty');
		expect(harness.sandbox.requestsTo('/cgi-bin/message/send')).toHaveLength(0);
	});
});

describe('the resume webhook', () => {
	test('an approval link opened by a person resumes with approved and the answered item', async () => {
		const answer = await resume(approval, 'GET', { approved: 'true', item: '2' });
		expect(answer.resumed).toBe(true);
		expect(dataOf(answer)).toEqual({ approved: true, respondedAt: expect.any(String) });
		expect(answer.items[0].pairedItem).toEqual({ item: 2 });
		expect(answer.response.body).toContain('Got it, thanks');
		expect(answer.response.getHeader('content-security-policy')).toContain('sandbox');
		const declined = await resume(approval, 'GET', { approved: 'false', item: '0' });
		expect(dataOf(declined).approved).toBe(false);
	});

	test.each([
		['no user agent', {}],
		['Slack’s link expander', { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' }],
		['a generic crawler', { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }],
		['Teams’ preview', { 'user-agent': 'Mozilla/5.0 SkypeUriPreview Preview/0.5' }],
		['a script', { 'user-agent': 'curl/8.5.0' }],
	])('a link preview (%s) resumes nothing', async (_name, headers) => {
		const answer = await resume(approval, 'GET', { approved: 'true', item: '0' }, headers);
		expect(answer.resumed).toBe(false);
		expect(answer.response.body).toBe('');
	});

	test('WeCom’s own browser counts as a person', () => {
		expect(isAutomatedUserAgent(BROWSER)).toBe(false);
		expect(isAutomatedUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36')).toBe(false);
	});

	test('Free Text: GET shows a sandboxed form, its POST resumes with the text', async () => {
		const parameters = { ...approval, responseType: 'freeText' };
		const page = await resume(parameters, 'GET', { approved: 'true', item: '0' });
		expect(page.resumed).toBe(false);
		expect(page.response.body).toContain('<form method="post" enctype="multipart/form-data">');
		expect(page.response.body).toContain('Expense claim #42');
		expect(page.response.getHeader('content-security-policy')).toContain('allow-forms');
		const posted = await resume(parameters, 'POST', { approved: 'true', item: '0' }, { 'user-agent': BROWSER }, {
			data: { 'field-0': 'Only with receipts, please' },
			files: {},
		});
		expect(posted.resumed).toBe(true);
		expect(dataOf(posted)).toEqual({ text: 'Only with receipts, please', respondedAt: expect.any(String) });
	});

	test('Custom Form: a missing required field keeps the run waiting; a complete form resumes with typed answers', async () => {
		const parameters = {
			...approval,
			responseType: 'customForm',
			formFields: {
				values: [
					{ fieldLabel: 'Decision', fieldType: 'dropdown', requiredField: true, fieldOptions: { values: [{ option: 'Pay' }, { option: 'Hold' }] } },
					{ fieldLabel: 'Amount', fieldType: 'number' },
					{ fieldLabel: 'Urgent', fieldType: 'checkbox' },
					{ fieldLabel: '<script>', fieldType: 'text' },
				],
			},
		};
		const page = await resume(parameters, 'GET', { approved: 'true', item: '0' });
		expect(page.response.body).toContain('<option>Hold</option>');
		expect(page.response.body).toContain('&lt;script&gt;');
		expect(page.response.body).not.toContain('<script>');
		const incomplete = await resume(parameters, 'POST', { approved: 'true', item: '0' }, { 'user-agent': BROWSER }, { data: { 'field-1': '12' } });
		expect(incomplete.resumed).toBe(false);
		expect(incomplete.response.body).toContain('Please fill in: Decision');
		const complete = await resume(parameters, 'POST', { approved: 'true', item: '0' }, { 'user-agent': BROWSER }, {
			data: { 'field-0': 'Pay', 'field-1': '1280.5', 'field-2': 'on', 'field-3': 'x' },
		});
		expect(dataOf(complete)).toEqual({ Decision: 'Pay', Amount: 1280.5, Urgent: true, '<script>': 'x', respondedAt: expect.any(String) });
	});

	test('an in-chat click (from the trigger) resumes with the clicker and updates every recipient’s card', async () => {
		const sent = await harness.run({ ...approval, toAll: false, answerWith: 'inChat', recipients: { users: [{ user: byId('lisi') }, { user: byId('zhangsan') }] } });
		expect(sent.error).toBeUndefined();
		const [card] = sentCards();
		const click = clickCardButton(harness.sandbox, { msgid: card.msgid, key: String(card.buttons[1].key), userid: 'zhangsan' });
		if (!('event' in click)) throw new Error(click.error);
		const answer = await resume({ ...approval, answerWith: 'inChat' }, 'POST', { approved: 'false', item: '0', via: 'card' }, { 'user-agent': 'n8n-nodes-wecom-suite (WeCom card click)' }, {
			userid: 'zhangsan',
			responseCode: click.event.responseCode,
			taskId: click.event.taskId,
		});
		expect(answer.resumed).toBe(true);
		expect(JSON.parse(answer.response.body ?? '{}')).toEqual({ resumed: true, approved: false });
		expect(dataOf(answer)).toEqual({ approved: false, userid: 'zhangsan', cardUpdated: true, respondedAt: expect.any(String) });
		const [update] = harness.sandbox.requestsTo('/cgi-bin/message/update_template_card');
		expect(update.body).toMatchObject({ atall: 1, response_code: click.event.responseCode, button: { replace_name: 'Reject · zhangsan' } });
		const updated = inboxOf(harness.sandbox).find((entry) => entry.kind === 'card_update');
		expect(updated?.delivered.sort()).toEqual(['lisi', 'zhangsan']);
	});

	test('an in-chat reference used as a link (GET) resumes nothing', async () => {
		const answer = await resume(approval, 'GET', { approved: 'true', item: '0', via: 'card' });
		expect(answer.resumed).toBe(false);
		expect(answer.response.statusCode).toBe(400);
	});
});
