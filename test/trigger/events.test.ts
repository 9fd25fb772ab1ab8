/**
 * The trigger's event list: every entry, encrypted and signed by the sandbox's own implementation
 * of WeCom's scheme, reaches the trigger and starts it only under its own filter; the node
 * panel's actions set up exactly what they name; sys_approval_change arrives with lists and names.
 */
import { NodeHelpers } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { WeComCallbackApi } from '../../credentials/WeComCallbackApi.credentials';
import { WeComTrigger } from '../../nodes/WeComTrigger/WeComTrigger.node';
import { ANY_MESSAGE, CALLBACK_CATALOGUE, MESSAGE_PREFIX, UNLISTED } from '../../nodes/WeComTrigger/eventCatalogue';
import { buildCallback, messageXml } from '../../sandbox/callbacks';
import type { XmlFields } from '../../sandbox/callbacks';
import { approvalChangeXml, addApplication, decide } from '../../sandbox/routes/approvals';
import { SANDBOX_CORP } from '../../sandbox/server';
import { callbackCredentialData, randomApp } from '../support/callbackCrypto';
import { registerCredentialType } from '../support/engine';
import { API_CREDENTIAL_ID, useApiHarness } from '../support/weCom';
import { callTrigger } from '../support/webhook';
import type { TriggerSetup } from '../support/webhook';

registerCredentialType(new WeComCallbackApi());

const app = randomApp(SANDBOX_CORP.corpId);
const harness = useApiHarness({ forget: ['approvals'] });
let counter = 0;

function trigger(parameters: INodeParameters, withApiCredential = false): TriggerSetup {
	counter++;
	const callback = harness.credentials.add({ id: 'callback', name: 'WeCom callbacks', type: 'weComCallbackApi', data: callbackCredentialData(app) });
	return {
		parameters,
		credentials: { weComCallbackApi: callback, ...(withApiCredential ? { weComApi: { id: API_CREDENTIAL_ID, name: 'WeCom sandbox' } } : {}) },
		credentialsHelper: harness.credentials,
		workflowId: `events-wf-${counter}`,
		nodeId: `events-node-${counter}`,
	};
}

async function post(setup: TriggerSetup, plaintext: string) {
	const request = buildCallback(app, plaintext);
	return await callTrigger(setup, { method: 'POST', query: { ...request.query }, body: request.body, contentType: request.contentType });
}

const head = () => ({ ToUserName: SANDBOX_CORP.corpId, CreateTime: Math.floor(Date.now() / 1000), AgentID: SANDBOX_CORP.agentId });

/** The callback WeCom sends for a catalogue entry (a message of that type, or that event). */
function callbackFor(value: string, extra: XmlFields = {}): string {
	if (value === ANY_MESSAGE) return messageXml({ ...head(), FromUserName: 'zhangsan', MsgType: 'text', Content: 'hi', MsgId: String(++counter), ...extra });
	if (value.startsWith(MESSAGE_PREFIX)) {
		return messageXml({ ...head(), FromUserName: 'zhangsan', MsgType: value.slice(MESSAGE_PREFIX.length), MsgId: `${Date.now()}${++counter}`, ...extra });
	}
	if (value === UNLISTED) return messageXml({ ...head(), FromUserName: 'sys', MsgType: 'event', Event: 'an_event_wecom_adds_later', Seq: ++counter });
	return messageXml({ ...head(), FromUserName: 'sys', MsgType: 'event', Event: value, Seq: ++counter, ...extra });
}

describe('every event in the list', () => {
	test.each(CALLBACK_CATALOGUE.map((entry) => [entry.value, entry.label]))('%s (%s) starts only a trigger that selects it', async (value) => {
		const selected = await post(trigger({ events: [value] }), callbackFor(value));
		expect(selected.started).toBe(true);
		expect(selected.status).toBe(200);
		// Every other entry selected, but not this one (nor "any message" for a message type).
		const others = CALLBACK_CATALOGUE.map((entry) => entry.value).filter((other) => other !== value && !(value.startsWith(MESSAGE_PREFIX) && other === ANY_MESSAGE));
		const unselected = await post(trigger({ events: value === ANY_MESSAGE ? [UNLISTED] : others }), callbackFor(value));
		expect(unselected.started).toBe(false);
		expect(unselected.status).toBe(200);
	});

	test('labels are grouped, unique and read as English', () => {
		const names = CALLBACK_CATALOGUE.map((entry) => `${entry.group}: ${entry.label}`);
		expect(new Set(names).size).toBe(names.length);
		expect(new Set(CALLBACK_CATALOGUE.map((entry) => entry.value)).size).toBe(names.length);
		for (const entry of CALLBACK_CATALOGUE) {
			expect(entry.action).toMatch(/^On ([a-z]|WeDrive)/);
			expect(entry.action).not.toMatch(/we chat/i);
		}
		expect(CALLBACK_CATALOGUE.find((entry) => entry.value === 'pic_weixin')?.action).toBe('On photo from WeChat album');
	});

	test.each([
		['change_external_contact', 'customerChangeTypes', 'add_external_contact', 'del_follow_user'],
		['change_external_chat', 'customerGroupChangeTypes', 'dismiss', 'update'],
		['change_external_tag', 'customerTagChangeTypes', 'shuffle', 'create'],
		['change_contact', 'changeTypes', 'create_user', 'delete_user'],
	])('%s is filtered by its ChangeType (%s)', async (event, parameter, wanted, other) => {
		const setup = trigger({ events: [event], [parameter]: [wanted] });
		expect((await post(setup, callbackFor(event, { ChangeType: wanted }))).started).toBe(true);
		expect((await post(setup, callbackFor(event, { ChangeType: other }))).started).toBe(false);
	});
});

describe('node panel actions', () => {
	// n8n's editor (2.41, useActionsGeneration) makes one action per option of the trigger's
	// "Events" property and sets that property alone; every other parameter keeps its default.
	const description = new WeComTrigger().description;
	const eventsProperty = description.properties.find((property) => property.displayName === 'Events');

	function parametersOfAction(value: string): INodeParameters {
		const resolved = NodeHelpers.getNodeParameters(description.properties, { events: [value] }, true, false, null, description);
		if (!resolved) throw new Error('no parameters');
		return resolved;
	}

	test('the Events property is the one n8n builds actions from, and each option has its own action text', () => {
		expect(eventsProperty?.name).toBe('events');
		expect(eventsProperty?.type).toBe('multiOptions');
		const options = (eventsProperty?.options ?? []).filter((option) => 'value' in option);
		expect(options).toHaveLength(CALLBACK_CATALOGUE.length);
		for (const option of options) expect('action' in option && typeof option.action === 'string').toBe(true);
	});

	test('"On contact changed" lets through contact changes and nothing else: not a member’s text message', async () => {
		const parameters = parametersOfAction('change_contact');
		expect(parameters.events).toEqual(['change_contact']);
		expect(parameters).not.toHaveProperty('messageTypes');
		expect(parameters).not.toHaveProperty('includeOtherCallbacks');
		const setup = trigger(parameters);
		expect((await post(setup, callbackFor('change_contact', { ChangeType: 'create_user' }))).started).toBe(true);
		expect((await post(setup, callbackFor('message.text', { Content: 'hello' }))).started).toBe(false);
		expect((await post(setup, callbackFor(UNLISTED))).started).toBe(false);
	});

	test('"On message from a member" (the auto-reply start) takes every message type and no events', async () => {
		const option = (eventsProperty?.options ?? []).find((entry) => 'value' in entry && entry.value === ANY_MESSAGE);
		expect(option && 'action' in option ? option.action : undefined).toBe('On message from a member');
		const setup = trigger(parametersOfAction(ANY_MESSAGE));
		for (const msgType of ['text', 'image', 'voice', 'video', 'location', 'link', 'file']) {
			expect((await post(setup, callbackFor(`${MESSAGE_PREFIX}${msgType}`))).started).toBe(true);
		}
		expect((await post(setup, callbackFor('enter_agent'))).started).toBe(false);
	});
});

describe('sys_approval_change', () => {
	const LEAVE = 'C4UCJS891Afmu1rE1Ws6cvph7YHqebWtt7KRm1D8t';
	const EXPENSE = '3TmALk1ogfgKiQE3e3jRwnTUhMTh8vca1N8zUVNU';
	const now = () => Math.floor(Date.now() / 1000);

	test('one approver, no comments: every repeatable element is still a list, codes get names', async () => {
		const spNo = addApplication(harness.sandbox, { templateId: LEAVE, creator: 'zhaoliu', applyTime: now() });
		decide(harness.sandbox, spNo, 'approve', 'Enjoy');
		const xml = approvalChangeXml(harness.sandbox, spNo, 2) ?? '';
		const call = await post(trigger({ events: ['sys_approval_change'] }), xml);
		expect(call.started).toBe(true);
		const info = call.items[0].ApprovalInfo;
		expect(info).toMatchObject({
			SpNo: spNo,
			SpStatus: '2',
			SpStatusName: 'approved',
			StatuChangeEvent: '2',
			StatuChangeEventName: 'approved',
			Applyer: { UserId: 'zhaoliu', Party: '3' },
			SpRecord: [{ SpStatus: '2', SpStatusName: 'approved', ApproverAttr: '1', ApproverAttrName: 'any approver', Details: [{ Approver: { UserId: 'lisi' }, Speech: 'Enjoy', SpStatusName: 'approved' }] }],
			Notifyer: [{ UserId: 'zhangsan' }],
			Comments: [],
			ProcessList: { NodeList: [{ NodeType: '1', NodeTypeName: 'approver', ApvRel: '2', ApvRelName: 'any approver', SubNodeList: [{ UserId: 'lisi', SpYj: '2', SpYjName: 'approved' }] }, { NodeType: '2', SubNodeList: [{ UserId: 'zhangsan' }] }] },
		});
	});

	test('several approvers and comments stay lists of several', async () => {
		const spNo = addApplication(harness.sandbox, { templateId: EXPENSE, creator: 'wangwu', applyTime: now() });
		decide(harness.sandbox, spNo, 'approve', 'fine');
		const xml = (approvalChangeXml(harness.sandbox, spNo, 10) ?? '').replace(
			'<StatuChangeEvent>',
			'<Comments><CommentUserInfo><UserId>lisi</UserId></CommentUserInfo><CommentTime>1</CommentTime><CommentContent>Receipt?</CommentContent><CommentId>c1</CommentId></Comments><Comments><CommentUserInfo><UserId>wangwu</UserId></CommentUserInfo><CommentTime>2</CommentTime><CommentContent>Attached</CommentContent><CommentId>c2</CommentId><MediaId>m1</MediaId></Comments><StatuChangeEvent>',
		);
		const call = await post(trigger({ events: ['sys_approval_change'] }), xml);
		const info = call.items[0].ApprovalInfo as Record<string, unknown>;
		expect(info.StatuChangeEventName).toBe('comment added');
		expect(info.SpRecord).toEqual([
			expect.objectContaining({
				ApproverAttrName: 'all approvers',
				Details: [expect.objectContaining({ Approver: { UserId: 'lisi' }, SpStatusName: 'approved' }), expect.objectContaining({ Approver: { UserId: 'zhangsan' }, SpStatusName: 'pending' })],
			}),
		]);
		expect(info.Comments).toEqual([
			expect.objectContaining({ CommentId: 'c1', CommentContent: 'Receipt?' }),
			expect.objectContaining({ CommentId: 'c2', MediaId: ['m1'] }),
		]);
	});

	test('Approval Changes filters on StatuChangeEvent', async () => {
		const spNo = addApplication(harness.sandbox, { templateId: LEAVE, creator: 'zhaoliu', applyTime: now() });
		const setup = trigger({ events: ['sys_approval_change'], approvalChangeEvents: ['2'] });
		expect((await post(setup, approvalChangeXml(harness.sandbox, spNo, 1) ?? '')).started).toBe(false);
		decide(harness.sandbox, spNo, 'approve');
		expect((await post(setup, approvalChangeXml(harness.sandbox, spNo, 2) ?? '')).started).toBe(true);
	});

	test('Fetch Approval Details adds the application’s form through the WeCom API credential', async () => {
		const spNo = addApplication(harness.sandbox, {
			templateId: LEAVE,
			creator: 'zhaoliu',
			applyTime: now(),
			contents: [{ control: 'Textarea', id: 'item-1497581399901', value: { text: 'Wedding' } }],
		});
		decide(harness.sandbox, spNo, 'approve');
		const call = await post(trigger({ events: ['sys_approval_change'], fetchApprovalDetails: true }, true), approvalChangeXml(harness.sandbox, spNo, 2) ?? '');
		expect(call.started).toBe(true);
		expect(call.items[0].approvalDetailError).toBeUndefined();
		expect(call.items[0].approvalDetail).toMatchObject({
			sp_no: spNo,
			sp_status_name: 'approved',
			apply_data: { contents: [{ id: 'item-1497581399901', title: [{ text: '请假事由' }, { text: 'Reason' }], value: { text: 'Wedding' } }] },
		});
	});

	test('a fetch that fails or hangs still emits the event, with the reason, within the time limit', async () => {
		const spNo = addApplication(harness.sandbox, { templateId: LEAVE, creator: 'zhaoliu', applyTime: now() });
		harness.sandbox.inject({ path: '/cgi-bin/oa/getapprovaldetail', errcode: 301055 });
		const refused = await post(trigger({ events: ['sys_approval_change'], fetchApprovalDetails: true }, true), approvalChangeXml(harness.sandbox, spNo, 1) ?? '');
		expect(refused.started).toBe(true);
		expect(refused.items[0].approvalDetailError).toMatch(/301055/);

		harness.sandbox.inject({ path: '/cgi-bin/oa/getapprovaldetail', delayMs: 4000, times: 5 });
		const startedAt = Date.now();
		const slow = await post(trigger({ events: ['sys_approval_change'], fetchApprovalDetails: true }, true), approvalChangeXml(harness.sandbox, spNo, 5) ?? '');
		expect(Date.now() - startedAt).toBeLessThan(3500);
		expect(slow.started).toBe(true);
		expect(slow.status).toBe(200);
		expect(slow.items[0].approvalDetailError).toMatch(/within 2 seconds/);

		const noCredential = await post(trigger({ events: ['sys_approval_change'], fetchApprovalDetails: true }, false), approvalChangeXml(harness.sandbox, spNo, 12) ?? '');
		expect(noCredential.items[0].approvalDetailError).toMatch(/no WeCom API credential/);
	});
});
