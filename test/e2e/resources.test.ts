/**
 * One workflow per resource of the weCom node (Department, Tag, Message, Chat, Media, API Call)
 * and the Group Bot node, inside a real n8n 2.41.1 with the built package, against the WeCom
 * sandbox: each run through a production webhook or `n8n execute`, then checked twice — what the
 * sandbox received, and what n8n saved in the execution.
 */
import { chatsOf } from '../../sandbox/routes/chats';
import { mediaStore } from '../../sandbox/routes/media';
import { inboxOf } from '../../sandbox/routes/messages';
import { SANDBOX_BOT_KEY, webhookBotsOf } from '../../sandbox/routes/webhookBot';
import { SANDBOX_CORP } from '../../sandbox/server';
import type { LoggedRequest } from '../../sandbox/server';
import { uploadedPart } from '../support/media';
import { nodeItems, nodeOutput, runError, startStack, waitForExecutions } from './support/stack';
import type { Stack } from './support/stack';

const DEPARTMENTS = 'e2eDepartments01';
const TAG_MEMBERS = 'e2eTagMembers001';
const MESSAGE_SEND = 'e2eMessageSend01';
const CHAT = 'e2eChatCreate001';
const MEDIA = 'e2eMediaRound001';
const API_CALL = 'e2eApiCall000001';
const GROUP_BOT = 'e2eGroupBot00001';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({
		workflows: [
			'department-get-many.json',
			'tag-members.json',
			'message-send.json',
			'chat-create-send.json',
			'media-upload-download.json',
			'api-call.json',
			'group-bot.json',
		],
	});
});

afterAll(async () => await stack?.close());

/** The requests the sandbox received on a path since a point in its log. */
function callsSince(start: number, path: string): LoggedRequest[] {
	return stack.sandbox.requests.slice(start).filter((request) => request.path === path);
}

/** The sandbox's WeCom API calls since a point, without the token exchange, as "METHOD path". */
function apiCallsSince(start: number): string[] {
	return stack.sandbox.requests
		.slice(start)
		.filter((request) => request.path !== '/cgi-bin/gettoken')
		.map((request) => `${request.method} ${request.path}`);
}

/** Runs a workflow through its production webhook and returns n8n's saved execution of it. */
async function runByWebhook(path: string, workflowId: string, body: Record<string, unknown> = {}) {
	const before = (await stack.n8n.executions(workflowId)).length;
	const response = await stack.n8n.webhook(path, { body });
	expect({ status: response.status, text: response.status === 200 ? '' : response.text }).toEqual({ status: 200, text: '' });
	const [newest] = await waitForExecutions(stack, workflowId, before + 1);
	const execution = await stack.n8n.execution(newest.id);
	expect(runError(execution.data)).toBeUndefined();
	expect(execution.status).toBe('success');
	return { response: response.json, execution };
}

test('Department › Get Many: the tree below Engineering, from one department/list call', async () => {
	const start = stack.sandbox.requests.length;
	const { response, execution } = await runByWebhook('e2e-departments', DEPARTMENTS);

	const expected = [
		expect.objectContaining({ id: 2, name: 'Engineering', parentid: 1 }),
		expect.objectContaining({ id: 4, name: 'Platform', parentid: 2 }),
	];
	expect(response).toEqual(expected);
	expect(nodeOutput(execution.data, 'WeCom')).toEqual(expected);
	expect(apiCallsSince(start)).toEqual(['GET /cgi-bin/department/list']);
	expect(callsSince(start, '/cgi-bin/department/list')[0].query).toEqual({ id: '2', access_token: expect.stringMatching(/^sbx_/) });
});

test('Tag › Add Members with a partial failure: the valid members are tagged, the rejected ones are output; Get reads the tag back', async () => {
	const start = stack.sandbox.requests.length;
	const { response, execution } = await runByWebhook('e2e-tag-members', TAG_MEMBERS);

	expect(apiCallsSince(start)).toEqual(['POST /cgi-bin/tag/addtagusers', 'GET /cgi-bin/tag/get']);
	expect(callsSince(start, '/cgi-bin/tag/addtagusers')[0].body).toEqual({
		tagid: 2,
		userlist: ['wangwu', 'ghost'],
		partylist: [3, 999],
	});
	expect(callsSince(start, '/cgi-bin/tag/get')[0].query).toEqual({ tagid: '2', access_token: expect.stringMatching(/^sbx_/) });
	expect(stack.sandbox.tags.get(2)).toEqual(expect.objectContaining({ users: ['zhangsan', 'lisi', 'wangwu'], parties: [3] }));

	expect(nodeOutput(execution.data, 'Add members')).toEqual([
		{ success: true, invalidUsers: ['ghost'], invalidDepartments: [999] },
	]);
	const tag = {
		tagname: 'Managers',
		userlist: [
			{ userid: 'zhangsan', name: 'Zhang San' },
			{ userid: 'lisi', name: 'Li Si' },
			{ userid: 'wangwu', name: 'Wang Wu' },
		],
		partylist: [3],
	};
	expect(nodeOutput(execution.data, 'Get tag')).toEqual([tag]);
	expect(response).toEqual([tag]);
});

test('Message › Send: a file made by Convert to File is uploaded and sent to Li Si, then a text goes to Engineering', async () => {
	const start = stack.sandbox.requests.length;
	const inboxBefore = inboxOf(stack.sandbox).length;
	const report = 'Weekly report 周报\nOrders: 128\nIncidents: 0\n';
	const announcement = 'Release 2.4 ships on Friday';
	const { response, execution } = await runByWebhook('e2e-message-send', MESSAGE_SEND, { report, announcement });

	expect(apiCallsSince(start)).toEqual(['POST /cgi-bin/media/upload', 'POST /cgi-bin/message/send', 'POST /cgi-bin/message/send']);
	const [upload] = callsSince(start, '/cgi-bin/media/upload');
	expect(upload.query.type).toBe('file');
	const part = uploadedPart(upload);
	expect({ name: part.name, filename: part.filename, contentType: part.contentType }).toEqual({
		name: 'media',
		filename: 'weekly-report.txt',
		contentType: expect.stringMatching(/^text\/plain/),
	});
	expect(part.content.toString('utf8')).toBe(report);
	const mediaId = [...mediaStore(stack.sandbox).keys()].at(-1);
	expect(mediaStore(stack.sandbox).get(String(mediaId))?.content.toString('utf8')).toBe(report);

	const [fileSend, textSend] = callsSince(start, '/cgi-bin/message/send');
	expect(fileSend.body).toEqual({ agentid: SANDBOX_CORP.agentId, touser: 'lisi', msgtype: 'file', file: { media_id: mediaId } });
	expect(textSend.body).toEqual({ agentid: SANDBOX_CORP.agentId, toparty: '2', msgtype: 'text', text: { content: announcement } });
	const delivered = inboxOf(stack.sandbox).slice(inboxBefore);
	expect(delivered.map((entry) => ({ msgtype: entry.message.msgtype, delivered: entry.delivered }))).toEqual([
		{ msgtype: 'file', delivered: ['lisi'] },
		{ msgtype: 'text', delivered: expect.arrayContaining(['lisi', 'wangwu']) },
	]);

	// the file went through n8n's binary data, under the name Convert to File gave it
	const [fileItem] = nodeItems(execution.data, 'Report to file');
	expect(fileItem.binary?.report).toEqual(expect.objectContaining({ fileName: 'weekly-report.txt', mimeType: 'text/plain' }));
	expect(nodeOutput(execution.data, 'Send the file')).toEqual([
		expect.objectContaining({ msgid: delivered[0].msgid, partialDelivery: false }),
	]);
	const textOutput = [expect.objectContaining({ msgid: delivered[1].msgid, partialDelivery: false })];
	expect(nodeOutput(execution.data, 'Announce to Engineering')).toEqual(textOutput);
	expect(response).toEqual(textOutput);
});

test('Chat › Create, then Send to the new chat through the chat ID of the step before', async () => {
	const start = stack.sandbox.requests.length;
	const inboxBefore = inboxOf(stack.sandbox).length;
	const { response, execution } = await runByWebhook('e2e-chat', CHAT, { name: 'Launch war room', text: 'Kick-off at 10 in room 3' });

	expect(apiCallsSince(start)).toEqual(['POST /cgi-bin/appchat/create', 'POST /cgi-bin/appchat/send']);
	expect(callsSince(start, '/cgi-bin/appchat/create')[0].body).toEqual({
		name: 'Launch war room',
		owner: 'zhangsan',
		userlist: ['zhangsan', 'lisi', 'wangwu'],
	});
	const [created] = nodeOutput(execution.data, 'Create chat');
	const chatid = String(created.chatid);
	expect(chatid).toMatch(/^\w+$/);
	expect(chatsOf(stack.sandbox).get(chatid)).toEqual(expect.objectContaining({ name: 'Launch war room', owner: 'zhangsan' }));

	expect(callsSince(start, '/cgi-bin/appchat/send')[0].body).toEqual({ chatid, msgtype: 'text', text: { content: 'Kick-off at 10 in room 3' } });
	expect(inboxOf(stack.sandbox).slice(inboxBefore)).toEqual([
		expect.objectContaining({ kind: 'appchat', chatid, delivered: ['zhangsan', 'lisi', 'wangwu'] }),
	]);
	const sent = [{ chatid, msgtype: 'text', sent: true }];
	expect(nodeOutput(execution.data, 'Post to chat')).toEqual(sent);
	expect(response).toEqual(sent);
});

test('Media › Upload, then Download: the file comes back byte for byte into a binary field', async () => {
	const start = stack.sandbox.requests.length;
	const content = 'Meeting notes 会议纪要\n- ship on Friday\n- demo at 10\n';
	const { response, execution } = await runByWebhook('e2e-media', MEDIA, { content });

	expect(apiCallsSince(start)).toEqual(['POST /cgi-bin/media/upload', 'GET /cgi-bin/media/get']);
	const [uploaded] = nodeOutput(execution.data, 'Upload');
	expect(uploaded).toEqual(
		expect.objectContaining({ type: 'file', media_id: expect.any(String), created_at: expect.stringMatching(/^\d+$/), expires_at: expect.any(Number) }),
	);
	const mediaId = String(uploaded.media_id);
	expect(uploadedPart(callsSince(start, '/cgi-bin/media/upload')[0]).content.toString('utf8')).toBe(content);
	expect(callsSince(start, '/cgi-bin/media/get')[0].query).toEqual({ media_id: mediaId, access_token: expect.stringMatching(/^sbx_/) });

	const [downloaded] = nodeItems(execution.data, 'Download');
	const size = Buffer.byteLength(content, 'utf8');
	expect(downloaded.json).toEqual({ media_id: mediaId, fileName: 'meeting-notes.txt', mimeType: expect.stringMatching(/^text\/plain/), fileSize: size });
	expect(downloaded.binary?.downloaded).toEqual(
		expect.objectContaining({ fileName: 'meeting-notes.txt', mimeType: expect.stringMatching(/^text\/plain/) }),
	);
	// Extract from File read the downloaded binary: the same text came back through n8n
	expect(nodeOutput(execution.data, 'Read the file')).toEqual([expect.objectContaining({ text: content })]);
	expect(response).toEqual([expect.objectContaining({ text: content })]);
});

test('API Call: a GET with a query parameter, then a POST whose JSON body uses its output', async () => {
	const start = stack.sandbox.requests.length;
	const inboxBefore = inboxOf(stack.sandbox).length;
	const { response, execution } = await runByWebhook('e2e-api-call', API_CALL, { userid: 'wangwu' });

	expect(apiCallsSince(start)).toEqual(['GET /cgi-bin/user/get', 'POST /cgi-bin/message/send']);
	expect(callsSince(start, '/cgi-bin/user/get')[0].query).toEqual({ userid: 'wangwu', access_token: expect.stringMatching(/^sbx_/) });
	const body = { touser: 'wangwu', msgtype: 'text', agentid: SANDBOX_CORP.agentId, text: { content: 'Hello Wang Wu, from the API Call' } };
	expect(callsSince(start, '/cgi-bin/message/send')[0].body).toEqual(body);
	expect(inboxOf(stack.sandbox).slice(inboxBefore)).toEqual([expect.objectContaining({ message: body, delivered: ['wangwu'] })]);

	const [user] = nodeOutput(execution.data, 'Read a user');
	expect(user).toEqual(expect.objectContaining({ userid: 'wangwu', name: 'Wang Wu', department: [2, 4] }));
	expect(user).not.toHaveProperty('errcode');
	const sent = [expect.objectContaining({ msgid: inboxOf(stack.sandbox).at(-1)?.msgid })];
	expect(nodeOutput(execution.data, 'Post a message')).toEqual(sent);
	expect(response).toEqual(sent);
});

test('Group Bot (n8n execute): a text with mentions, then a markdown built from the step before; the key stays out of the output', async () => {
	const bots = webhookBotsOf(stack.sandbox);
	const postsBefore = bots.inbox(SANDBOX_BOT_KEY).length;
	const start = stack.sandbox.requests.length;
	const { ok, run, output } = await stack.n8n.execute(GROUP_BOT);
	expect(runError(run)).toBeUndefined();
	expect(ok).toBe(true);

	const markdown = '## Daily report\n> Orders: <font color="info">128</font>\n> Alerts sent: 1';
	expect(bots.inbox(SANDBOX_BOT_KEY).slice(postsBefore).map((post) => post.body)).toEqual([
		{ msgtype: 'text', text: { content: 'Disk usage on db-1 is at 91%', mentioned_list: ['zhangsan', 'lisi'] } },
		{ msgtype: 'markdown', markdown: { content: markdown } },
	]);
	const posts = callsSince(start, '/cgi-bin/webhook/send');
	expect(posts.map((post) => post.query)).toEqual([{ key: SANDBOX_BOT_KEY }, { key: SANDBOX_BOT_KEY }]);

	expect(nodeOutput(run, 'Alert')).toEqual([{ msgtype: 'text', messageCount: 1 }]);
	expect(nodeOutput(run, 'Report')).toEqual([{ msgtype: 'markdown', messageCount: 1 }]);
	expect(output).not.toContain(SANDBOX_BOT_KEY);
});

test('every weCom workflow of this file shared one token: one gettoken for the app secret, none for others', async () => {
	const gettokens = stack.sandbox.requestsTo('/cgi-bin/gettoken');
	expect(gettokens.map((request) => request.query.corpsecret === SANDBOX_CORP.appSecret)).toEqual([true]);
	const tokens = new Set(
		stack.sandbox.requests.filter((request) => request.path !== '/cgi-bin/gettoken' && request.query.access_token).map((request) => request.query.access_token),
	);
	expect(tokens.size).toBe(1);
});
