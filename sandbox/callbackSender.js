// @ts-check
/**
 * What the sandbox page's form sends to a WeCom Trigger: the callback WeCom would send for a
 * member's text message, a card button click (template_card_event) or a contact change
 * (change_contact), encrypted, signed and POSTed by ./callbacks.js.
 */
const { messageXml, sendCallback } = require('./callbacks');

/**
 * @typedef {import('./routes/ui').CallbackTarget} CallbackTarget
 * @typedef {{ ok: boolean, status?: number, body?: string, reply?: string, error?: string }} SendOutcome
 * @typedef {import('./callbacks').XmlFields} XmlFields
 */

/**
 * @param {Record<string, unknown>} event
 * @param {string} name
 * @param {string} fallback
 */
function field(event, name, fallback) {
	const value = event[name];
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
}

/**
 * The decrypted XML WeCom would send for a form event.
 * @param {import('./server').WeComSandbox} sandbox
 * @param {Record<string, unknown>} event { kind: 'text' | 'card' | 'contact', ... }
 * @returns {string}
 */
function callbackXml(sandbox, event) {
	const createTime = Math.floor(sandbox.now() / 1000);
	const kind = field(event, 'kind', 'text');
	/** @type {XmlFields} */
	const head = { ToUserName: sandbox.corp.corpId, FromUserName: field(event, 'fromUser', 'zhangsan'), CreateTime: createTime };
	if (kind === 'text') {
		return messageXml({
			...head,
			MsgType: 'text',
			Content: field(event, 'content', 'hello'),
			MsgId: `${createTime}${String(sandbox.requests.length).padStart(6, '0')}`,
			AgentID: sandbox.corp.agentId,
		});
	}
	if (kind === 'card') {
		return messageXml({
			...head,
			MsgType: 'event',
			Event: 'template_card_event',
			EventKey: field(event, 'eventKey', 'approve'),
			TaskId: field(event, 'taskId', 'sandbox-task'),
			CardType: field(event, 'cardType', 'button_interaction'),
			ResponseCode: field(event, 'responseCode', `sandbox-response-${createTime}`),
			AgentID: sandbox.corp.agentId,
		});
	}
	if (kind === 'contact') {
		return messageXml({
			...head,
			FromUserName: 'sys',
			MsgType: 'event',
			Event: 'change_contact',
			ChangeType: field(event, 'changeType', 'create_user'),
			UserID: field(event, 'userId', 'newhire01'),
			Name: field(event, 'name', 'New Hire'),
			Department: field(event, 'department', '1'),
		});
	}
	if (kind === 'approval') {
		// Built by the approvals module from the application's current state (after a decision on the page).
		const { approvalChangeXml } = require('./routes/approvals');
		const xml = approvalChangeXml(sandbox, field(event, 'spNo', ''), Number(event.changeEvent ?? 2));
		if (xml === undefined) throw new Error(`no approval ${field(event, 'spNo', '')}`);
		return xml;
	}
	throw new Error(`unknown callback kind "${kind}"`);
}

/**
 * WeCom tells an app about a contact change after the directory changed, so the sandbox applies
 * the change first: a workflow reacting to it (e.g. tagging the new member) finds the member.
 * @param {import('./server').WeComSandbox} sandbox
 * @param {Record<string, unknown>} event
 */
function applyContactChange(sandbox, event) {
	if (field(event, 'kind', 'text') !== 'contact') return;
	const userid = field(event, 'userId', 'newhire01');
	const key = userid.toLowerCase();
	const changeType = field(event, 'changeType', 'create_user');
	const departments = field(event, 'department', '1')
		.split(',')
		.map((id) => Number(id.trim()))
		.filter((id) => sandbox.departments.has(id));
	const department = departments.length > 0 ? departments : [1];
	const existing = sandbox.users.get(key);
	if (changeType === 'delete_user') {
		sandbox.users.delete(key);
	} else if (changeType === 'create_user' && !existing) {
		sandbox.users.set(key, { userid, name: field(event, 'name', userid), department, main_department: department[0], status: 1 });
	} else if (existing) {
		sandbox.users.set(key, { ...existing, name: field(event, 'name', existing.name), department, main_department: department[0] });
	}
}

/**
 * Builds the callback for a form event and POSTs it to the trigger, like WeCom would.
 * @param {CallbackTarget} target
 * @param {import('./server').WeComSandbox} sandbox
 * @param {Record<string, unknown>} event
 * @returns {Promise<SendOutcome>}
 */
async function sendFormCallback(target, sandbox, event) {
	let plaintext;
	try {
		plaintext = callbackXml(sandbox, event);
	} catch (error) {
		return { ok: false, error: error instanceof Error ? error.message : String(error) };
	}
	try {
		const app = { token: target.token, encodingAesKey: target.encodingAesKey, receiveId: target.receiveId };
		const { status, body, reply } = await sendCallback(target.url, app, plaintext, { agentId: String(sandbox.corp.agentId) });
		return { ok: status >= 200 && status < 300, status, body: body.slice(0, 2000), reply };
	} catch (error) {
		return { ok: false, error: `could not reach ${target.url}: ${error instanceof Error ? error.message : String(error)}` };
	}
}

/**
 * What a form event is, in the words of the trigger's filters.
 * @param {Record<string, unknown>} event
 */
function callbackKindLabel(event) {
	const kind = field(event, 'kind', 'text');
	if (kind === 'card') return 'card button click (event “Card Button Clicked”)';
	if (kind === 'contact') return `contact change (event “Contact Changed”, ChangeType ${field(event, 'changeType', 'create_user')})`;
	return 'text message (message type “Text”)';
}

/** Why a trigger refused a callback, by the HTTP status it answered (see WeComTrigger's handler). */
const REFUSALS = new Map([
	[400, 'the trigger could not read the callback (HTTP 400)'],
	[401, 'the trigger refused the signature (HTTP 401): its WeCom Callback credential holds another Token than the sandbox app; select the “WeCom sandbox callbacks…” credential'],
	[403, 'the trigger refused the callback (HTTP 403): its WeCom Callback credential holds another EncodingAESKey or Corp ID than the sandbox app, or the clock is off; select the “WeCom sandbox callbacks…” credential'],
	[404, 'nothing listens at this URL (HTTP 404): publish the workflow, or open it and click “Execute workflow” for its test URL'],
]);

/** @param {number} status a trigger's answer other than 2xx */
function refusalReason(status) {
	return REFUSALS.get(status) ?? `the trigger answered HTTP ${status}`;
}

/**
 * One line for the page about what became of a callback.
 * @param {Record<string, unknown>} event the form event
 * @param {SendOutcome} outcome
 * @param {{ execution?: { id: string, status: string } }} [tracked] present when the sandbox can see
 *   the trigger's executions (a trigger found in n8n); execution is absent when none started
 * @returns {string}
 */
function describeOutcome(event, outcome, tracked) {
	if (outcome.error) return outcome.error;
	const status = outcome.status ?? 0;
	if (!outcome.ok) return refusalReason(status);
	if (!tracked) return `HTTP ${status}: the trigger took the callback`;
	if (tracked.execution) return `let through by its filters: started execution ${tracked.execution.id} (${tracked.execution.status})`;
	return `held back by its filters: they let no ${callbackKindLabel(event)} through, so no execution started (a repeat of a callback already received is dropped too)`;
}

module.exports = { callbackXml, applyContactChange, sendFormCallback, describeOutcome, refusalReason };
