/**
 * Message → Send through n8n-core's engine against the sandbox: the request body of every msgtype,
 * recipients and options, partial delivery, and WeCom's limits checked before any request.
 */
import { inboxOf, messageState } from '../../sandbox/routes/messages';
import { storeMedia } from '../../sandbox/routes/media';
import { jsonOf, useApiHarness } from '../support/weCom';
import { onlyBodyTo } from '../support/media';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const toLisi = { recipients: { users: [{ user: byId('lisi') }] } };
const send = (parameters: Record<string, unknown>) => ({
	resource: 'message',
	operation: 'send',
	...toLisi,
	...parameters,
});

// Forget what was sent, keep the token: each test sees only its own requests.
const harness = useApiHarness({ forget: ['messages'] });

/** A media_id the sandbox knows, as an earlier upload would have left it. */
function knownMedia(type: string, fileName: string): string {
	return storeMedia(harness.sandbox, { type, fileName, contentType: 'application/octet-stream', content: Buffer.from('sandbox media') });
}

async function sentBody(parameters: Record<string, unknown>): Promise<Record<string, unknown>> {
	const result = await harness.run(send(parameters));
	expect(result.error).toBeUndefined();
	return onlyBodyTo(harness.sandbox, '/cgi-bin/message/send');
}

describe('every msgtype becomes WeCom’s request body', () => {
	const envelope = { agentid: 1000002, touser: 'lisi' };

	test('text', async () => {
		expect(await sentBody({ msgtype: 'text', text: 'Daily report is ready\n<a href="https://example.com">open</a>' })).toEqual({
			...envelope,
			msgtype: 'text',
			text: { content: 'Daily report is ready\n<a href="https://example.com">open</a>' },
		});
	});

	test('markdown', async () => {
		expect(await sentBody({ msgtype: 'markdown', markdown: '**Sales** <font color="info">+12%</font>' })).toEqual({
			...envelope,
			msgtype: 'markdown',
			markdown: { content: '**Sales** <font color="info">+12%</font>' },
		});
	});

	test('textcard, with and without button text', async () => {
		const card = { msgtype: 'textcard', textcardTitle: 'Leave approved', textcardDescription: '<div class="gray">2024-05-01</div>', textcardUrl: 'https://example.com/leave/7' };
		expect(await sentBody(card)).toEqual({
			...envelope,
			msgtype: 'textcard',
			textcard: { title: 'Leave approved', description: '<div class="gray">2024-05-01</div>', url: 'https://example.com/leave/7' },
		});
		harness.forget();
		expect(await sentBody({ ...card, textcardButtonText: 'More' })).toMatchObject({ textcard: { btntxt: 'More' } });
	});

	test.each([
		['image', {}],
		['voice', {}],
		['file', {}],
		['video', { title: 'Launch', description: 'Five minutes' }],
	])('%s by media ID', async (msgtype, videoFields) => {
		const mediaId = knownMedia(msgtype, `sample.${msgtype}`);
		const extra = msgtype === 'video' ? { videoTitle: 'Launch', videoDescription: 'Five minutes' } : {};
		expect(await sentBody({ msgtype, mediaSource: 'mediaId', mediaId, ...extra })).toEqual({
			...envelope,
			msgtype,
			[msgtype]: { media_id: mediaId, ...videoFields },
		});
	});

	test('news: one entry per article, empty fields left out', async () => {
		const body = await sentBody({
			msgtype: 'news',
			newsArticles: {
				article: [
					{ title: 'Q2 results', description: 'Up 12%', url: 'https://example.com/q2', picurl: 'https://example.com/q2.png' },
					{ title: 'Open in mini program', appid: 'wx123', pagepath: 'pages/q2' },
				],
			},
		});
		expect(body).toEqual({
			...envelope,
			msgtype: 'news',
			news: {
				articles: [
					{ title: 'Q2 results', description: 'Up 12%', url: 'https://example.com/q2', picurl: 'https://example.com/q2.png' },
					{ title: 'Open in mini program', appid: 'wx123', pagepath: 'pages/q2' },
				],
			},
		});
	});

	test('mpnews composed in the node (the seed’s material/add_news), thumbnail by media ID', async () => {
		const thumb = knownMedia('image', 'cover.jpg');
		const body = await sentBody({
			msgtype: 'mpnews',
			mpnewsArticles: {
				article: [
					{
						title: 'Policy update',
						thumbSource: 'mediaId',
						thumbMediaId: thumb,
						author: 'HR',
						content: '<p>New <b>policy</b></p>',
						digest: 'What changes in June',
						contentSourceUrl: 'https://example.com/policy',
					},
				],
			},
			options: { safe: 2 },
		});
		expect(body).toEqual({
			...envelope,
			msgtype: 'mpnews',
			safe: 2,
			mpnews: {
				articles: [
					{
						title: 'Policy update',
						thumb_media_id: thumb,
						author: 'HR',
						content: '<p>New <b>policy</b></p>',
						digest: 'What changes in June',
						content_source_url: 'https://example.com/policy',
					},
				],
			},
		});
	});

	test('miniprogram_notice', async () => {
		expect(
			await sentBody({
				msgtype: 'miniprogram_notice',
				miniprogramAppId: 'wx123456',
				miniprogramPage: 'pages/meeting?id=1',
				miniprogramTitle: 'Meeting room',
				miniprogramDescription: 'May 1 09:00',
				miniprogramEmphasisFirstItem: true,
				miniprogramContentItems: { item: [{ key: 'Room', value: 'Everest' }, { key: 'Host', value: 'Li Si' }] },
			}),
		).toEqual({
			...envelope,
			msgtype: 'miniprogram_notice',
			miniprogram_notice: {
				appid: 'wx123456',
				page: 'pages/meeting?id=1',
				title: 'Meeting room',
				description: 'May 1 09:00',
				emphasis_first_item: true,
				content_item: [
					{ key: 'Room', value: 'Everest' },
					{ key: 'Host', value: 'Li Si' },
				],
			},
		});
	});

	const card = (fields: Record<string, unknown>) => ({ msgtype: 'template_card', cardDefinition: 'fields', ...fields });

	test('template_card text_notice with source, emphasis, quote, rows, jump links and action menu', async () => {
		const body = await sentBody(
			card({
				cardType: 'text_notice',
				cardTaskId: 'notice-1',
				cardTitle: 'Server alert',
				cardDescription: 'CPU high',
				cardActionType: 'url',
				cardActionUrl: 'https://example.com/alert/1',
				cardOptions: {
					source: { source: { iconUrl: 'https://example.com/i.png', desc: 'Monitoring', descColor: 1 } },
					emphasisTitle: '97%',
					emphasisDescription: 'CPU',
					quote: { area: { type: 'url', url: 'https://example.com/q', title: 'Runbook', quoteText: 'Scale out first' } },
					subTitle: 'Since 09:00',
					horizontalContent: {
						row: [
							{ keyname: 'Host', value: 'web-1', type: 0 },
							{ keyname: 'Graph', value: 'open', type: 1, url: 'https://example.com/g' },
							{ keyname: 'On call', value: 'Li Si', type: 3, userId: 'lisi' },
						],
					},
					jumpLinks: { link: [{ title: 'Dashboard', type: 'url', url: 'https://example.com/d' }] },
					actionMenuDescription: 'More',
					actionMenuEntries: { entry: [{ text: 'Mute', key: 'mute' }] },
				},
			}),
		);
		expect(body.template_card).toEqual({
			card_type: 'text_notice',
			task_id: 'notice-1',
			main_title: { title: 'Server alert', desc: 'CPU high' },
			sub_title_text: 'Since 09:00',
			source: { icon_url: 'https://example.com/i.png', desc: 'Monitoring', desc_color: 1 },
			action_menu: { desc: 'More', action_list: [{ text: 'Mute', key: 'mute' }] },
			emphasis_content: { title: '97%', desc: 'CPU' },
			quote_area: { type: 1, url: 'https://example.com/q', title: 'Runbook', quote_text: 'Scale out first' },
			horizontal_content_list: [
				{ keyname: 'Host', value: 'web-1' },
				{ keyname: 'Graph', value: 'open', type: 1, url: 'https://example.com/g' },
				{ keyname: 'On call', value: 'Li Si', type: 3, userid: 'lisi' },
			],
			jump_list: [{ type: 1, url: 'https://example.com/d', title: 'Dashboard' }],
			card_action: { type: 1, url: 'https://example.com/alert/1' },
		});
	});

	test('template_card news_notice with card image and vertical rows', async () => {
		const body = await sentBody(
			card({
				cardType: 'news_notice',
				cardTitle: 'New product',
				cardActionType: 'miniprogram',
				cardActionAppId: 'wx1',
				cardActionPagePath: 'pages/p',
				cardOptions: {
					cardImageUrl: 'https://example.com/p.png',
					cardImageAspectRatio: 2.25,
					verticalContent: { row: [{ title: 'Price', desc: '99' }] },
				},
			}),
		);
		expect(body.template_card).toEqual({
			card_type: 'news_notice',
			main_title: { title: 'New product' },
			card_action: { type: 2, appid: 'wx1', pagepath: 'pages/p' },
			card_image: { url: 'https://example.com/p.png', aspect_ratio: 2.25 },
			vertical_content_list: [{ title: 'Price', desc: '99' }],
		});
	});

	test('template_card button_interaction returns a response_code', async () => {
		const result = await harness.run(
			send(
				card({
					cardType: 'button_interaction',
					cardTaskId: 'approval-42',
					cardTitle: 'Approve expense?',
					cardActionType: 'none',
					cardButtons: {
						button: [
							{ text: 'Approve', key: 'approve', style: 1, type: 'callback' },
							{ text: 'Details', type: 'url', url: 'https://example.com/e/42', style: 2 },
						],
					},
					cardOptions: {
						buttonSelection: {
							selection: { questionKey: 'who', title: 'Approver', selectedId: 'a', options: { option: [{ id: 'a', text: 'Me' }, { id: 'b', text: 'Boss' }] } },
						},
					},
				}),
			),
		);
		expect(result.error).toBeUndefined();
		const [output] = jsonOf(result);
		expect(output.response_code).toEqual(expect.any(String));
		expect(output.msgid).toEqual(expect.any(String));
		expect(onlyBodyTo(harness.sandbox, '/cgi-bin/message/send').template_card).toEqual({
			card_type: 'button_interaction',
			task_id: 'approval-42',
			main_title: { title: 'Approve expense?' },
			button_list: [
				{ text: 'Approve', style: 1, key: 'approve' },
				{ text: 'Details', style: 2, type: 1, url: 'https://example.com/e/42' },
			],
			button_selection: { question_key: 'who', title: 'Approver', option_list: [{ id: 'a', text: 'Me' }, { id: 'b', text: 'Boss' }], selected_id: 'a' },
		});
	});

	test('template_card vote_interaction', async () => {
		const body = await sentBody(
			card({
				cardType: 'vote_interaction',
				cardTaskId: 'vote-1',
				cardTitle: 'Lunch?',
				cardQuestionKey: 'lunch',
				cardVoteMode: 1,
				cardVoteOptions: { option: [{ id: 'noodles', text: 'Noodles', checked: true }, { id: 'rice', text: 'Rice' }] },
				cardSubmitText: 'Vote',
				cardSubmitKey: 'vote',
			}),
		);
		expect(body.template_card).toEqual({
			card_type: 'vote_interaction',
			task_id: 'vote-1',
			main_title: { title: 'Lunch?' },
			checkbox: {
				question_key: 'lunch',
				mode: 1,
				option_list: [
					{ id: 'noodles', text: 'Noodles', is_checked: true },
					{ id: 'rice', text: 'Rice', is_checked: false },
				],
			},
			submit_button: { text: 'Vote', key: 'vote' },
		});
	});

	test('template_card multiple_interaction', async () => {
		const body = await sentBody(
			card({
				cardType: 'multiple_interaction',
				cardTaskId: 'survey-1',
				cardTitle: 'Survey',
				cardSelects: {
					select: [
						{ questionKey: 'q1', title: 'Team', selectedId: 'eng', options: { option: [{ id: 'eng', text: 'Engineering' }, { id: 'ops', text: 'Ops' }] } },
					],
				},
			}),
		);
		expect(body.template_card).toEqual({
			card_type: 'multiple_interaction',
			task_id: 'survey-1',
			main_title: { title: 'Survey' },
			select_list: [
				{ question_key: 'q1', title: 'Team', selected_id: 'eng', option_list: [{ id: 'eng', text: 'Engineering' }, { id: 'ops', text: 'Ops' }] },
			],
			submit_button: { text: 'Submit', key: 'submit' },
		});
	});

	test('template_card from JSON', async () => {
		const json = { card_type: 'text_notice', main_title: { title: 'From JSON' }, card_action: { type: 1, url: 'https://example.com' } };
		const body = await sentBody({ msgtype: 'template_card', cardDefinition: 'json', cardJson: JSON.stringify(json) });
		expect(body.template_card).toEqual(json);
	});
});

describe('recipients, agent and options', () => {
	test('users, departments and tags from pickers; several IDs in one value; duplicates dropped', async () => {
		const body = await sentBody({
			recipients: {
				users: [{ user: { __rl: true, mode: 'list', value: 'lisi' } }, { user: byId('wangwu|zhaoliu, LISI') }],
				departments: [{ department: byId('2') }, { department: byId('3') }],
				tags: [{ tag: byId('1') }],
			},
			msgtype: 'text',
			text: 'hi',
		});
		expect(body).toMatchObject({ touser: 'lisi|wangwu|zhaoliu', toparty: '2|3', totag: '1' });
		expect(inboxOf(harness.sandbox)[0].delivered.sort()).toEqual(['lisi', 'wangwu', 'zhaoliu']);
	});

	test('Send to Everyone sends @all and ignores the pickers', async () => {
		const body = await sentBody({ toAll: true, msgtype: 'text', text: 'all hands' });
		expect(body).toMatchObject({ touser: '@all' });
		expect(body).not.toHaveProperty('toparty');
	});

	test('the node’s Agent ID overrides the credential’s default', async () => {
		const result = await harness.run(send({ agentId: '1000099', msgtype: 'text', text: 'x' }));
		expect(result.error?.message).toContain('40056');
		expect(onlyBodyTo(harness.sandbox, '/cgi-bin/message/send').agentid).toBe(1000099);
	});

	test('safe, ID translation and duplicate check are sent as WeCom’s flags', async () => {
		const body = await sentBody({
			msgtype: 'text',
			text: 'once',
			options: { safe: 1, enableIdTrans: true, enableDuplicateCheck: true, duplicateCheckInterval: 600 },
		});
		expect(body).toMatchObject({ safe: 1, enable_id_trans: 1, enable_duplicate_check: 1, duplicate_check_interval: 600 });
	});
});

describe('partial delivery', () => {
	const mixed = {
		recipients: {
			users: [{ user: byId('lisi|ghost1|Ghost2') }],
			departments: [{ department: byId('2') }, { department: byId('999') }],
			tags: [{ tag: byId('77') }],
		},
		msgtype: 'text',
		text: 'partly',
	};

	test('undelivered recipients come back as lists; msgid for a recall', async () => {
		const result = await harness.run(send(mixed));
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([
			{
				msgid: expect.any(String),
				invaliduser: ['ghost1', 'ghost2'],
				invalidparty: ['999'],
				invalidtag: ['77'],
				unlicenseduser: [],
				partialDelivery: true,
			},
		]);
	});

	test('unlicensed users are listed too', async () => {
		messageState(harness.sandbox).unlicensed.add('wangwu');
		const result = await harness.run(send({ recipients: { users: [{ user: byId('lisi|wangwu') }] }, msgtype: 'text', text: 'x' }));
		expect(jsonOf(result)[0]).toMatchObject({ unlicenseduser: ['wangwu'], partialDelivery: true });
	});

	test('with Fail on Partial Delivery the item fails, naming who missed it; the others still got it', async () => {
		const result = await harness.run(send({ ...mixed, options: { failOnPartialDelivery: true } }));
		expect(result.error?.message).toContain('WeCom did not deliver to every recipient');
		expect(result.error?.message).toContain('not reached: users ghost1, ghost2; departments 999; tags 77');
		expect(result.error?.description).toContain('msgid');
		expect(inboxOf(harness.sandbox)).toHaveLength(1);
	});

	test('with the option on and everyone reached, the item succeeds', async () => {
		const result = await harness.run(send({ msgtype: 'text', text: 'ok', options: { failOnPartialDelivery: true } }));
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)[0]).toMatchObject({ partialDelivery: false });
	});

	test('all recipients invalid is WeCom’s 81013, with its hint', async () => {
		const result = await harness.run(send({ recipients: { users: [{ user: byId('ghost') }] }, msgtype: 'text', text: 'x' }));
		expect(result.error?.message).toContain('81013');
		expect(result.error?.description).toContain('Visible Range');
	});
});

describe('checked before any request', () => {
	const rejected = async (parameters: Record<string, unknown>, ...fragments: string[]) => {
		const result = await harness.run(send(parameters));
		expect(result.error).toBeDefined();
		for (const fragment of fragments) expect(`${result.error?.message} ${result.error?.description ?? ''}`).toContain(fragment);
		// Nothing reached the sandbox, not even a token request.
		expect(harness.sandbox.requests).toHaveLength(0);
	};

	test('text over 2048 bytes, counted in UTF-8', async () => {
		// 683 Chinese characters are 2049 bytes, though only 683 characters.
		await rejected({ msgtype: 'text', text: '报'.repeat(683) }, 'Text content is 2,049 bytes long', 'at most 2,048 bytes');
	});

	test('markdown over 2048 bytes', async () => {
		await rejected({ msgtype: 'markdown', markdown: 'a'.repeat(2049) }, 'Markdown content is 2,049 bytes long');
	});

	test('empty text from an expression (the editor catches a literal empty one)', async () => {
		await rejected({ msgtype: 'text', text: '={{ $json.missing ?? "" }}' }, 'Text content is empty');
	});

	test('textcard title over 128 bytes and button text over 4 characters', async () => {
		const card = { msgtype: 'textcard', textcardDescription: 'd', textcardUrl: 'https://x' };
		await rejected({ ...card, textcardTitle: 'x'.repeat(129) }, 'Text card title is 129 bytes long', '128');
		await rejected({ ...card, textcardTitle: 't', textcardButtonText: 'Details' }, 'Text card button text is 7 characters long', 'at most 4');
	});

	test('news: a second article’s description over 512 bytes', async () => {
		await rejected(
			{ msgtype: 'news', newsArticles: { article: [{ title: 't' }, { title: 't', description: 'd'.repeat(513) }] } },
			'Article description #2 is 513 bytes long',
		);
	});

	test('mpnews author over 64 bytes', async () => {
		await rejected(
			{
				msgtype: 'mpnews',
				mpnewsArticles: { article: [{ title: 't', thumbSource: 'mediaId', thumbMediaId: 'm', content: '<p/>', author: 'a'.repeat(65) }] },
			},
			'Article author #1 is 65 bytes long',
		);
	});

	test('mini program notice title under 4 characters', async () => {
		await rejected({ msgtype: 'miniprogram_notice', miniprogramAppId: 'wx1', miniprogramTitle: 'Hi' }, 'Notice title is 2 characters long', 'at least 4');
	});

	test('interactive card without a task ID, and a task ID with bad characters', async () => {
		const buttons = { cardButtons: { button: [{ text: 'OK', key: 'ok' }] } };
		await rejected({ msgtype: 'template_card', cardType: 'button_interaction', cardTitle: 't', ...buttons }, 'This card needs a Task ID');
		await rejected(
			{ msgtype: 'template_card', cardType: 'button_interaction', cardTitle: 't', cardTaskId: 'bad id!', ...buttons },
			'Task ID "bad id!" has characters WeCom does not accept',
		);
	});

	test('text notice without a click URL', async () => {
		await rejected({ msgtype: 'template_card', cardType: 'text_notice', cardTitle: 't', cardActionUrl: '' }, 'needs a Click Action');
	});

	test('no recipients', async () => {
		await rejected({ recipients: {}, msgtype: 'text', text: 'to nobody' }, 'No recipients');
	});

	test('more than 1000 users, given through an expression-style list', async () => {
		const users = Array.from({ length: 1001 }, (_, index) => `member${index}`).join('|');
		await rejected({ recipients: { users: [{ user: byId(users) }] }, msgtype: 'text', text: 'x' }, 'Too many users: 1001 given', 'at most 1000');
	});

	test('more than 100 departments', async () => {
		const departments = Array.from({ length: 101 }, (_, index) => ({ department: byId(String(index + 1)) }));
		await rejected({ recipients: { departments }, msgtype: 'text', text: 'x' }, 'Too many departments: 101 given');
	});

	test('a department ID that is not a number', async () => {
		const fromExpression = byId('={{ "sales" }}');
		await rejected({ recipients: { departments: [{ department: fromExpression }] }, msgtype: 'text', text: 'x' }, '"sales" is not a department ID');
	});

	test('no agent ID anywhere', async () => {
		harness.credentials.dataOf('cred-wecom-api').agentId = '';
		try {
			// and it says which credential sends: the app's, not a Contacts Sync one
			await rejected({ msgtype: 'text', text: 'x' }, 'No valid Agent ID', 'made with that app’s Secret', 'Contacts Sync secret has no Agent ID');
		} finally {
			harness.credentials.dataOf('cred-wecom-api').agentId = '1000002';
		}
	});
});
