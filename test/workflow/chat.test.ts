/**
 * Resource Chat through n8n-core's engine: app group chats (create, get, update, send, with the
 * chat ID handed from Create to the next step) and customer groups (list with cursor paging, get).
 */
import { WeCom } from '../../nodes/WeCom/WeCom.node';
import { chatsOf } from '../../sandbox/routes/chats';
import { inboxOf } from '../../sandbox/routes/messages';
import { storeMedia } from '../../sandbox/routes/media';
import { SANDBOX_CORP } from '../../sandbox/server';
import { fakeFile, itemWithFiles, onlyBodyTo, uploadedPart } from '../support/media';
import { jsonOf, startApiHarness, useApiHarness } from '../support/weCom';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const members = (...ids: string[]) => ({ users: ids.map((id) => ({ user: byId(id) })) });

const harness = useApiHarness({ forget: ['messages', 'appchats'] });

async function createChat(extra: Record<string, unknown> = {}): Promise<string> {
	const result = await harness.run({
		resource: 'chat',
		operation: 'create',
		name: 'Project Alpha',
		members: members('lisi', 'wangwu'),
		...extra,
	});
	expect(result.error).toBeUndefined();
	const [output] = jsonOf(result);
	expect(typeof output.chatid).toBe('string');
	return String(output.chatid);
}

describe('app group chats', () => {
	test('Create returns the chat ID; Get reads the chat back by it', async () => {
		const chatid = await createChat({ additionalFields: { owner: byId('zhangsan'), chatId: 'alpha2024' } });
		expect(chatid).toBe('alpha2024');
		expect(onlyBodyTo(harness.sandbox, '/cgi-bin/appchat/create')).toEqual({
			name: 'Project Alpha',
			owner: 'zhangsan',
			chatid: 'alpha2024',
			userlist: ['zhangsan', 'lisi', 'wangwu'],
		});
		const result = await harness.run({ resource: 'chat', operation: 'get', chatId: chatid });
		expect(jsonOf(result)).toEqual([
			{ chatid: 'alpha2024', name: 'Project Alpha', owner: 'zhangsan', userlist: ['zhangsan', 'lisi', 'wangwu'], chat_type: 0 },
		]);
	});

	test('the chat ID flows from Create to the next node through an expression', async () => {
		const chatid = await createChat();
		const result = await harness.run(
			{ resource: 'chat', operation: 'send', chatId: '={{ $json.chatid }}', msgtype: 'text', text: 'Kick-off at 10' },
			{ items: [{ json: { chatid } }] },
		);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([{ chatid, msgtype: 'text', sent: true }]);
		expect(inboxOf(harness.sandbox)).toEqual([
			expect.objectContaining({ kind: 'appchat', chatid, delivered: ['lisi', 'wangwu'], message: { chatid, msgtype: 'text', text: { content: 'Kick-off at 10' } } }),
		]);
	});

	test('Update renames, changes the owner, adds and removes members', async () => {
		const chatid = await createChat();
		const result = await harness.run({
			resource: 'chat',
			operation: 'update',
			chatId: chatid,
			updateFields: {
				name: 'Project Beta',
				owner: byId('zhaoliu'),
				addMembers: members('zhaoliu', 'zhangsan'),
				removeMembers: members('lisi'),
			},
		});
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([{ chatid, updated: true }]);
		expect(onlyBodyTo(harness.sandbox, '/cgi-bin/appchat/update')).toEqual({
			chatid,
			name: 'Project Beta',
			owner: 'zhaoliu',
			add_user_list: ['zhaoliu', 'zhangsan'],
			del_user_list: ['lisi'],
		});
		expect(chatsOf(harness.sandbox).get(chatid)).toMatchObject({ name: 'Project Beta', owner: 'zhaoliu', userlist: ['wangwu', 'zhaoliu', 'zhangsan'] });
	});

	test('Send takes every msgtype appchat accepts', async () => {
		const chatid = await createChat();
		const mediaId = storeMedia(harness.sandbox, { type: 'file', fileName: 'a.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7 sandbox') });
		const thumb = storeMedia(harness.sandbox, { type: 'image', fileName: 'c.jpg', contentType: 'image/jpeg', content: Buffer.from('jpeg bytes') });
		const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
			[{ msgtype: 'text', text: 'hello' }, { text: { content: 'hello' } }],
			[{ msgtype: 'markdown', markdown: '# Hi' }, { markdown: { content: '# Hi' } }],
			[
				{ msgtype: 'textcard', textcardTitle: 'T', textcardDescription: 'D', textcardUrl: 'https://example.com' },
				{ textcard: { title: 'T', description: 'D', url: 'https://example.com' } },
			],
			[{ msgtype: 'image', mediaSource: 'mediaId', mediaId }, { image: { media_id: mediaId } }],
			[{ msgtype: 'voice', mediaSource: 'mediaId', mediaId }, { voice: { media_id: mediaId } }],
			[{ msgtype: 'video', mediaSource: 'mediaId', mediaId, videoTitle: 'V' }, { video: { media_id: mediaId, title: 'V' } }],
			[{ msgtype: 'file', mediaSource: 'mediaId', mediaId }, { file: { media_id: mediaId } }],
			[{ msgtype: 'news', newsArticles: { article: [{ title: 'N', url: 'https://example.com/n' }] } }, { news: { articles: [{ title: 'N', url: 'https://example.com/n' }] } }],
			[
				{ msgtype: 'mpnews', mpnewsArticles: { article: [{ title: 'M', thumbSource: 'mediaId', thumbMediaId: thumb, content: '<p>m</p>' }] } },
				{ mpnews: { articles: [{ title: 'M', thumb_media_id: thumb, content: '<p>m</p>' }] } },
			],
		];
		for (const [parameters, payload] of cases) {
			harness.sandbox.requests.splice(0);
			const result = await harness.run({ resource: 'chat', operation: 'send', chatId: chatid, options: { safe: true }, ...parameters });
			expect(result.error).toBeUndefined();
			expect(onlyBodyTo(harness.sandbox, '/cgi-bin/appchat/send')).toEqual({ chatid, msgtype: parameters.msgtype, safe: 1, ...payload });
		}
		expect(inboxOf(harness.sandbox)).toHaveLength(cases.length);
	});

	test('Send with a file from inline binary data uploads it first', async () => {
		const chatid = await createChat();
		const content = fakeFile('png', 4096);
		const result = await harness.run(
			{ resource: 'chat', operation: 'send', chatId: chatid, msgtype: 'image', mediaSource: 'binary', binaryPropertyName: 'data' },
			{ items: [itemWithFiles({ data: { content, fileName: 'chart.png', mimeType: 'image/png' } })] },
		);
		expect(result.error).toBeUndefined();
		const [upload] = harness.sandbox.requestsTo('/cgi-bin/media/upload');
		expect(uploadedPart(upload)).toMatchObject({ name: 'media', filename: 'chart.png', filelength: 4096 });
		expect(onlyBodyTo(harness.sandbox, '/cgi-bin/appchat/send')).toEqual({ chatid, msgtype: 'image', image: { media_id: expect.any(String) } });
	});

	test('a chat the app did not create is WeCom’s 86003, with a hint', async () => {
		const result = await harness.run({ resource: 'chat', operation: 'get', chatId: 'madebyhand' });
		expect(result.error?.message).toContain('86003');
		expect(result.error?.description).toContain('created');
	});

	describe('checked before any request', () => {
		test('Create with fewer than 2 members', async () => {
			const result = await harness.run({ resource: 'chat', operation: 'create', name: 'Solo', members: members('lisi') });
			expect(result.error?.message).toContain('at least 2 members; 1 given');
			expect(harness.sandbox.requests).toHaveLength(0);
		});

		test('Create with a chat ID WeCom would refuse', async () => {
			const result = await harness.run({
				resource: 'chat',
				operation: 'create',
				members: members('lisi', 'wangwu'),
				additionalFields: { chatId: 'project-alpha!' },
			});
			expect(result.error?.message).toContain('Chat ID "project-alpha!" is not valid');
			expect(harness.sandbox.requests).toHaveLength(0);
		});

		test('Update with nothing to change', async () => {
			const result = await harness.run({ resource: 'chat', operation: 'update', chatId: 'alpha', updateFields: {} });
			expect(result.error?.message).toContain('Nothing to update');
			expect(harness.sandbox.requests).toHaveLength(0);
		});

		test('Send with text over 2048 bytes', async () => {
			const result = await harness.run({ resource: 'chat', operation: 'send', chatId: 'alpha', msgtype: 'text', text: 'é'.repeat(1025) });
			expect(result.error?.message).toContain('Text content is 2,050 bytes long');
			expect(harness.sandbox.requests).toHaveLength(0);
		});
	});

	test('the node says on Chat that WeCom has no appchat/list', () => {
		const notices = new WeCom().description.properties.filter(
			(property) => property.type === 'notice' && property.displayOptions?.show?.resource?.includes('chat'),
		);
		expect(notices.some((notice) => notice.displayName.includes('no API to list app group chats'))).toBe(true);
		const chatOperations = new WeCom().description.properties.find(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('chat'),
		);
		expect(chatOperations?.options?.map((option) => ('value' in option ? option.value : undefined))).not.toContain('getMany');
	});
});

describe('customer groups', () => {
	test('Get Many with Return All pages through every group with the cursor', async () => {
		const result = await harness.run({ resource: 'chat', operation: 'getManyCustomerGroups', returnAll: true, pageSize: 10 });
		expect(result.error).toBeUndefined();
		const groups = jsonOf(result);
		expect(groups).toHaveLength(25);
		expect(groups[0]).toEqual({ chat_id: 'wrSbxCustomer001', status: 0 });
		const pages = harness.sandbox.requestsTo('/cgi-bin/externalcontact/groupchat/list');
		expect(pages.map((page) => page.body)).toEqual([
			{ limit: 10 },
			{ limit: 10, cursor: expect.any(String) },
			{ limit: 10, cursor: expect.any(String) },
		]);
	});

	test('Get Many with a Limit stops early; filters go into the body', async () => {
		const result = await harness.run({
			resource: 'chat',
			operation: 'getManyCustomerGroups',
			returnAll: false,
			limit: 3,
			filters: { status: 0, owners: members('lisi') },
		});
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toHaveLength(3);
		expect(onlyBodyTo(harness.sandbox, '/cgi-bin/externalcontact/groupchat/list')).toEqual({
			limit: 3,
			status_filter: 0,
			owner_filter: { userid_list: ['lisi'] },
		});
	});

	test('Get returns the group with its members', async () => {
		const result = await harness.run({ resource: 'chat', operation: 'getCustomerGroup', customerGroupId: 'wrSbxCustomer001', needName: true });
		expect(result.error).toBeUndefined();
		const [group] = jsonOf(result);
		expect(group).toMatchObject({ chat_id: 'wrSbxCustomer001', owner: 'zhangsan', notice: expect.stringContaining('Welcome') });
		expect(group.member_list).toEqual([
			expect.objectContaining({ userid: 'zhangsan', type: 1, name: 'zhangsan' }),
			expect.objectContaining({ userid: 'wmSbxExternal001', type: 2, name: 'Customer 001' }),
		]);
		expect(onlyBodyTo(harness.sandbox, '/cgi-bin/externalcontact/groupchat/get')).toEqual({ chat_id: 'wrSbxCustomer001', need_name: 1 });
	});

	test('a secret without Customer Contact access gets 48002 with the permission hint', async () => {
		const contacts = await startApiHarness({}, SANDBOX_CORP.contactsSecret);
		try {
			const result = await contacts.run({ resource: 'chat', operation: 'getManyCustomerGroups', returnAll: true });
			expect(result.error?.message).toContain('48002');
			expect(result.error?.description).toContain('Customer Contact secret (客户联系)');
		} finally {
			await contacts.close();
		}
	});
});
