/** Message → Recall and Message → Update Template Card through n8n-core's engine. */
import { inboxOf } from '../../sandbox/routes/messages';
import { onlyBodyTo } from '../support/media';
import { jsonOf, useApiHarness } from '../support/weCom';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const toLisi = { recipients: { users: [{ user: byId('lisi') }] } };

const harness = useApiHarness({ forget: ['messages'] });

/** Sends an approval card and returns what Send answered (msgid, response_code). */
async function sendApprovalCard(): Promise<{ msgid: string; response_code: string }> {
	const result = await harness.run({
		resource: 'message',
		operation: 'send',
		...toLisi,
		msgtype: 'template_card',
		cardType: 'button_interaction',
		cardTaskId: 'approval-7',
		cardTitle: 'Approve leave?',
		cardActionType: 'none',
		cardButtons: { button: [{ text: 'Approve', key: 'approve' }, { text: 'Reject', key: 'reject', style: 3 }] },
	});
	expect(result.error).toBeUndefined();
	harness.sandbox.requests.splice(0);
	const [output] = jsonOf(result);
	return { msgid: String(output.msgid), response_code: String(output.response_code) };
}

describe('Update Template Card', () => {
	test('replaces the buttons with a label, for the given users; the response_code works once', async () => {
		const sent = await sendApprovalCard();
		const update = {
			resource: 'message',
			operation: 'updateTemplateCard',
			responseCode: sent.response_code,
			...toLisi,
			updateMode: 'button',
			replaceName: 'Approved',
		};
		const first = await harness.run(update);
		expect(first.error).toBeUndefined();
		expect(onlyBodyTo(harness.sandbox, '/cgi-bin/message/update_template_card')).toEqual({
			agentid: 1000002,
			response_code: sent.response_code,
			userids: ['lisi'],
			button: { replace_name: 'Approved' },
		});
		expect(jsonOf(first)[0]).toMatchObject({ invaliduser: [], partialDelivery: false });
		const card = inboxOf(harness.sandbox).find((entry) => entry.msgid === sent.msgid);
		expect(card?.update).toEqual({ button: { replace_name: 'Approved' } });

		const second = await harness.run(update);
		expect(second.error?.message).toContain('WeCom error 40058');
		expect(second.error?.message).toContain('response_code');
	});

	test('replaces the whole card, built from the same card fields, for everyone', async () => {
		const sent = await sendApprovalCard();
		const result = await harness.run({
			resource: 'message',
			operation: 'updateTemplateCard',
			responseCode: sent.response_code,
			toAll: true,
			updateMode: 'card',
			cardType: 'button_interaction',
			cardTaskId: 'approval-7',
			cardTitle: 'Leave approved',
			cardActionType: 'none',
			cardButtons: { button: [{ text: 'Done', key: 'done', style: 2 }] },
			cardOptions: { replaceText: 'Approved by Li Si' },
		});
		expect(result.error).toBeUndefined();
		expect(onlyBodyTo(harness.sandbox, '/cgi-bin/message/update_template_card')).toEqual({
			agentid: 1000002,
			response_code: sent.response_code,
			atall: 1,
			template_card: {
				card_type: 'button_interaction',
				task_id: 'approval-7',
				main_title: { title: 'Leave approved' },
				button_list: [{ text: 'Done', style: 2, key: 'done' }],
				replace_text: 'Approved by Li Si',
			},
		});
	});

	test('a label from an expression that comes out empty stops before any request', async () => {
		const result = await harness.run({
			resource: 'message',
			operation: 'updateTemplateCard',
			responseCode: 'code',
			...toLisi,
			updateMode: 'button',
			replaceName: '={{ $json.label ?? "" }}',
		});
		expect(result.error?.message).toContain('Button Label is empty');
		expect(harness.sandbox.requests).toHaveLength(0);
	});
});

describe('Recall', () => {
	test('recalls a message by the msgid that Send returned', async () => {
		const sent = await sendApprovalCard();
		const result = await harness.run({ resource: 'message', operation: 'recall', msgId: sent.msgid });
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([{ msgid: sent.msgid, recalled: true }]);
		expect(onlyBodyTo(harness.sandbox, '/cgi-bin/message/recall')).toEqual({ msgid: sent.msgid });
		expect(inboxOf(harness.sandbox).find((entry) => entry.msgid === sent.msgid)?.recalled).toBe(true);
	});

	test('an unknown msgid is WeCom’s error', async () => {
		const result = await harness.run({ resource: 'message', operation: 'recall', msgId: 'nope' });
		expect(result.error?.message).toContain('WeCom error 40058');
	});
});
