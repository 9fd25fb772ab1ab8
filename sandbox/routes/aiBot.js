// @ts-check
/**
 * The AI bot's routes (see ../aiBot.js):
 *
 *   GET  /ui/ai-bot-chat.js            the chat panel of the sandbox page (page/aiBotChat.js)
 *   WS   /aibot/ws                     the long connection (credential WebSocket URL ws://host:port/aibot/ws)
 *   GET  /aibot/media?id=…             an encrypted media file (no token, like WeCom's media URLs)
 *   POST /aibot/response?response_code=…  response_url: one reply per message
 *   GET  /__sandbox/aibot              the conversation, connection state and counters
 *   GET  /__sandbox/aibot/image?id=…   an image shown under a bubble (msg_item) or sent by media_id
 *   POST /__sandbox/aibot/message      { userid?, text?, chattype?, chatid?, msgtype?, imageBase64? } a member's message
 *   POST /__sandbox/aibot/enter        { userid? } enter_chat
 *   POST /__sandbox/aibot/click        { userid?, taskId, eventKey? } template_card_event
 *   POST /__sandbox/aibot/feedback     { userid?, id, type } feedback_event
 *   POST /__sandbox/aibot/kick         another client subscribes: disconnected_event, then close
 *   POST /__sandbox/aibot/drop         the network drops the connection
 *   POST /__sandbox/aibot/config       { streamWindowMs?, eventAnswerMs?, refreshIntervalMs?, callbackUrl? }
 *   POST /__sandbox/aibot/reset        forgets the conversation
 */
const fs = require('node:fs');
const path = require('node:path');

const { AiBotSandbox } = require('../aiBot');

const CHAT_SCRIPT = path.join(__dirname, '..', 'page', 'aiBotChat.js');

/** @param {unknown} value @returns {Record<string, any>} */
function record(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? /** @type {Record<string, any>} */ (value) : {};
}

/** @param {import('../server').WeComSandbox} sandbox */
module.exports = function registerAiBotRoutes(sandbox) {
	const aiBot = new AiBotSandbox(sandbox);
	sandbox.aiBot = aiBot;
	sandbox.upgrades.set('/aibot/ws', (req, socket, head) => {
		aiBot.wss.handleUpgrade(req, socket, head, (client) => aiBot.wss.emit('connection', client, req));
	});
	sandbox.closeHooks.push(() => aiBot.close());

	sandbox.route(
		'GET',
		'/ui/ai-bot-chat.js',
		() => ({
			status: 200,
			headers: { 'content-type': 'text/javascript; charset=UTF-8', 'cache-control': 'no-store' },
			body: fs.readFileSync(CHAT_SCRIPT),
		}),
		{ auth: false },
	);
	sandbox.route(
		'GET',
		'/aibot/media',
		({ query }) => {
			const file = aiBot.media.get(query.get('id') ?? '');
			if (!file) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'media expired' };
			return {
				status: 200,
				headers: {
					'content-type': file.type,
					'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
				},
				body: file.data,
			};
		},
		{ auth: false },
	);
	sandbox.route(
		'GET',
		'/__sandbox/aibot/image',
		({ query }) => {
			const id = query.get('id') ?? '';
			const shown = aiBot.shownImages.get(id);
			const uploaded = aiBot.uploadedMedia.get(id);
			const image = shown ? { data: shown.data, type: `image/${shown.format === 'jpg' ? 'jpeg' : 'png'}` } : uploaded?.type === 'image' ? { data: uploaded.data, type: 'application/octet-stream' } : undefined;
			if (!image) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no such image' };
			return { status: 200, headers: { 'content-type': image.type, 'cache-control': 'no-store' }, body: image.data };
		},
		{ auth: false },
	);
	sandbox.route('POST', '/aibot/response', ({ query, body }) => aiBot.respondUrl(query.get('response_code') ?? '', record(body)), {
		auth: false,
	});

	const control = (/** @type {string} */ path, /** @type {(body: Record<string, any>) => unknown} */ handler, method = 'POST') =>
		sandbox.route(method, `/__sandbox/aibot${path}`, async ({ body }) => /** @type {any} */ (await handler(record(body))), { auth: false });

	control('', () => aiBot.view(), 'GET');
	control('/message', async (body) => {
		const turn = await aiBot.deliver({
			userid: body.userid,
			text: body.text,
			chattype: body.chattype,
			chatid: body.chatid,
			msgtype: body.msgtype,
			image: typeof body.imageBase64 === 'string' ? Buffer.from(body.imageBase64, 'base64') : undefined,
		});
		return { msgid: turn.msgid, reqId: turn.reqId };
	});
	control('/enter', async (body) => ({ msgid: (await aiBot.deliver({ kind: 'enter_chat', userid: body.userid })).msgid }));
	control('/click', async (body) => ({
		msgid: (await aiBot.deliver({ kind: 'template_card_event', userid: body.userid, taskId: body.taskId, eventKey: body.eventKey })).msgid,
	}));
	control('/feedback', async (body) => ({
		msgid: (await aiBot.deliver({ kind: 'feedback_event', userid: body.userid, feedback: { id: body.id, type: body.type ?? 1 } })).msgid,
	}));
	control('/kick', () => ({ kicked: aiBot.kick() }));
	control('/drop', () => ({ dropped: aiBot.drop() }));
	control('/reset', () => {
		aiBot.reset();
		return {};
	});
	control('/config', (body) => {
		if (typeof body.streamWindowMs === 'number') aiBot.options.streamWindowMs = body.streamWindowMs;
		if (typeof body.eventAnswerMs === 'number') aiBot.options.eventAnswerMs = body.eventAnswerMs;
		if (typeof body.refreshIntervalMs === 'number') aiBot.options.refreshIntervalMs = body.refreshIntervalMs;
		if (typeof body.callbackUrl === 'string' || body.callbackUrl === null) aiBot.callbackUrl = body.callbackUrl ?? undefined;
		return { options: aiBot.options, callbackUrl: aiBot.callbackUrl ?? null };
	});
};
