// @ts-check
/**
 * The sandbox's AI bot (智能机器人), both ways WeCom talks to one (wecom-new-features.md §1, §2):
 *
 * - Long connection: a loopback WebSocket that answers like openws.work.weixin.qq.com. One live
 *   connection per bot (a new subscribe sends disconnected_event to the old one and closes it),
 *   acks without `cmd`, ping, and every reply command judged the way WeCom judges it: the right
 *   command for the callback kind (846605), the stream window (846608), `text` in a proactive send
 *   (40008), 20 480 bytes of stream content, card task_id rules.
 * - Callback URL: encrypted JSON POSTs to a trigger's URL, the passive answer opened, refresh
 *   callbacks polled until the stream finishes, and a one-time response_url.
 *
 * Everything a member would see lands in `conversation`, which the sandbox page shows as a chat.
 * Callbacks produced while the bot has no connection wait in a queue and go out after the next
 * subscribe, as WeCom holds them for a reconnecting client.
 */
const { createCipheriv, createHash, randomBytes } = require('node:crypto');
const { WebSocketServer } = require('ws');

const { sendCallback } = require('./callbacks');

const SANDBOX_AI_BOT = {
	botId: 'aibsandbox000000001',
	secret: 'sandbox-aibot-secret-0123456789abcdefghij',
	token: 'sandboxAiBotToken01',
	encodingAesKey: 'c2FuZGJveEFpQm90RW5jb2RpbmdBZXNLZXkwMTIzNDU',
};

const MAX_STREAM_BYTES = 20_480;
const CARD_TYPES = ['text_notice', 'news_notice', 'button_interaction', 'vote_interaction', 'multiple_interaction'];
const INTERACTIVE = new Set(['button_interaction', 'vote_interaction', 'multiple_interaction']);

/**
 * @typedef {object} Bubble what the member sees for one message: the stream as it fills in
 * @property {string} streamId
 * @property {string} content
 * @property {boolean} finished
 * @property {number} frames
 * @property {number | undefined} firstFrameAt ms
 * @property {number | undefined} finishedAt ms
 * @property {Array<{ id: string, md5: string, bytes: number, format: string }>} images msg_item of the finishing frame
 *
 * @typedef {object} Turn one callback the bot received and what came back for it
 * @property {string} msgid
 * @property {string} reqId
 * @property {'message' | 'enter_chat' | 'template_card_event' | 'feedback_event'} kind
 * @property {'ws' | 'callback'} mode
 * @property {Record<string, any>} body the callback body
 * @property {number} at ms, when WeCom produced it
 * @property {Bubble | undefined} bubble
 * @property {Array<Record<string, any>>} cards cards sent in answer
 * @property {Array<{ type: string, media_id: string, filename: string, bytes: number }>} media files sent in answer (by media_id)
 * @property {Record<string, any> | undefined} welcome
 * @property {Record<string, any> | undefined} update
 * @property {boolean} responseUrlUsed
 * @property {string} responseCode
 *
 * @typedef {object} AiBotOptions
 * @property {number} [streamWindowMs] WeCom: 6 minutes after the message
 * @property {number} [eventAnswerMs] welcome / card update deadline, WeCom: 5 s
 * @property {number} [refreshIntervalMs] callback mode's refresh polling
 */

/** @param {unknown} value @returns {value is Record<string, any>} */
function isRecord(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @param {Record<string, any>} card @param {string | undefined} [taskIdMustBe] @returns {string | undefined} */
function cardProblem(card, taskIdMustBe) {
	if (!isRecord(card)) return 'template_card must be an object';
	if (!CARD_TYPES.includes(card.card_type)) return `invalid card_type ${String(card.card_type)}`;
	if (INTERACTIVE.has(card.card_type) && typeof card.task_id !== 'string') return 'task_id missing';
	if (taskIdMustBe !== undefined && card.task_id !== taskIdMustBe) return 'task_id does not match the clicked card';
	return undefined;
}

const MEDIA_TYPES = ['image', 'file', 'voice', 'video'];
const MAX_STREAM_IMAGES = 10;
const MAX_STREAM_IMAGE_BYTES = 10 * 1024 * 1024;

/** @param {Buffer} data @returns {'png' | 'jpg' | undefined} */
function imageFormatOf(data) {
	if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
	if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
	return undefined;
}

/**
 * A finished stream's msg_item (doc 101031): 1–10 `{msgtype:"image", image:{base64, md5}}`, each a
 * JPG or PNG of at most 10 MB before base64 whose md5 (hex) matches.
 * @param {unknown} items
 * @returns {{ problem: string } | { images: Array<{ data: Buffer, md5: string, format: string }> }}
 */
function openMsgItems(items) {
	if (!Array.isArray(items) || items.length === 0) return { problem: 'msg_item must be a non-empty array' };
	if (items.length > MAX_STREAM_IMAGES) return { problem: `msg_item holds ${items.length} items, at most ${MAX_STREAM_IMAGES}` };
	const images = [];
	for (const [index, item] of items.entries()) {
		if (!isRecord(item) || item.msgtype !== 'image' || !isRecord(item.image)) return { problem: `msg_item[${index}] must be {msgtype:"image", image:{base64, md5}}` };
		const { base64, md5 } = item.image;
		if (typeof base64 !== 'string' || typeof md5 !== 'string') return { problem: `msg_item[${index}].image needs base64 and md5` };
		const data = Buffer.from(base64, 'base64');
		if (data.length > MAX_STREAM_IMAGE_BYTES) return { problem: `msg_item[${index}] is over 10 MB` };
		const format = imageFormatOf(data);
		if (!format) return { problem: `msg_item[${index}] is not a JPG or PNG image` };
		if (createHash('md5').update(data).digest('hex') !== md5.toLowerCase()) return { problem: `msg_item[${index}].image.md5 does not match` };
		images.push({ data, md5, format });
	}
	return { images };
}

/**
 * Proactive sends and response_url take markdown or a template card; `text` is 40008.
 * @param {Record<string, any>} body
 * @returns {{ errcode: number, errmsg: string } | undefined}
 */
function markdownOrCardRefusal(body) {
	if (body.msgtype === 'markdown') {
		const content = isRecord(body.markdown) ? body.markdown.content : undefined;
		return typeof content === 'string' && content.trim() !== '' ? undefined : { errcode: 44004, errmsg: 'empty content' };
	}
	if (body.msgtype === 'template_card') {
		const problem = cardProblem(body.template_card);
		return problem ? { errcode: 40058, errmsg: problem } : undefined;
	}
	return { errcode: 40008, errmsg: `invalid message type ${String(body.msgtype)}` };
}

class AiBotSandbox {
	/**
	 * @param {import('./server').WeComSandbox} sandbox
	 * @param {AiBotOptions} [options]
	 */
	constructor(sandbox, options = {}) {
		this.sandbox = sandbox;
		this.bot = { ...SANDBOX_AI_BOT };
		this.options = {
			streamWindowMs: options.streamWindowMs ?? 6 * 60 * 1000,
			eventAnswerMs: options.eventAnswerMs ?? 5000,
			refreshIntervalMs: options.refreshIntervalMs ?? 500,
			/** false: pings get no ack (a half-dead link) */
			answerPings: true,
		};
		this.wss = new WebSocketServer({ noServer: true });
		/** @type {import('ws').WebSocket | undefined} the subscribed connection */
		this.live = undefined;
		/** @type {string[]} frames waiting for a subscribed connection */
		this.queue = [];
		/** @type {Turn[]} */
		this.conversation = [];
		/** @type {Array<{ at: number, chatid: string, body: Record<string, any> }>} aibot_send_msg and response_url posts */
		this.proactive = [];
		/** @type {Array<{ at: number, cmd: string, errcode: number }>} every command and its answer */
		this.commands = [];
		/** @type {Map<string, { key: Buffer, data: Buffer, name: string, type: string }>} encrypted media by id */
		this.media = new Map();
		/** @type {Map<string, { type: string, filename: string, totalSize: number, totalChunks: number, md5?: string, chunks: Map<number, Buffer> }>} uploads in progress */
		this.uploads = new Map();
		/** @type {Map<string, { format: string, data: Buffer }>} images shown under finished bubbles, by id */
		this.shownImages = new Map();
		/** @type {Map<string, { type: string, filename: string, data: Buffer }>} uploaded media by media_id */
		this.uploadedMedia = new Map();
		/** @type {Set<string>} chats the bot has talked in (aibot_send_msg may only go there) */
		this.knownChats = new Set();
		this.subscribes = 0;
		this.refusedSubscribes = 0;
		this.pings = 0;
		/** @type {string | undefined} callback mode: the trigger's URL */
		this.callbackUrl = undefined;
		/** @type {Array<() => void>} */
		this.waiters = [];
		this.wss.on('connection', (socket) => this.accept(socket));
	}

	reset() {
		this.conversation = [];
		this.proactive = [];
		this.commands = [];
		this.queue = [];
		this.knownChats.clear();
		this.media.clear();
		this.shownImages.clear();
	}

	/**
	 * Calls `check` after every change until it returns true.
	 * @param {() => boolean} check
	 * @param {number} [timeoutMs]
	 */
	async until(check, timeoutMs = 30_000) {
		const deadline = Date.now() + timeoutMs;
		while (!check()) {
			if (Date.now() > deadline) throw new Error('timed out waiting for the AI bot sandbox');
			await new Promise((resolve) => {
				this.waiters.push(() => resolve(undefined));
				setTimeout(resolve, 200);
			});
		}
	}

	changed() {
		for (const resolve of this.waiters.splice(0)) resolve();
	}

	/** @param {import('ws').WebSocket} socket */
	accept(socket) {
		socket.on('message', (data) => {
			let frame;
			try {
				frame = JSON.parse(String(data));
			} catch {
				return;
			}
			if (!isRecord(frame) || !isRecord(frame.headers)) return;
			this.onFrame(socket, frame);
		});
		socket.on('close', () => {
			if (this.live === socket) this.live = undefined;
			this.changed();
		});
	}

	/** @param {import('ws').WebSocket} socket @param {string} reqId @param {number} errcode @param {string} errmsg @param {Record<string, any>} [body] */
	ack(socket, reqId, errcode = 0, errmsg = 'ok', body) {
		const frame = { headers: { req_id: reqId }, errcode, errmsg, ...(body ? { body } : {}) };
		socket.send(JSON.stringify(frame));
	}

	/** @param {import('ws').WebSocket} socket @param {Record<string, any>} frame */
	onFrame(socket, frame) {
		const cmd = String(frame.cmd ?? '');
		const reqId = String(frame.headers.req_id ?? '');
		const body = isRecord(frame.body) ? frame.body : {};
		if (cmd === 'aibot_subscribe') return this.subscribe(socket, reqId, body);
		if (socket !== this.live) return this.ack(socket, reqId, 846609, 'connection not subscribed');
		/** @type {{ errcode: number, errmsg: string, body?: Record<string, any> }} */
		let result;
		if (cmd === 'ping') {
			this.pings += 1;
			if (!this.options.answerPings) return;
			result = { errcode: 0, errmsg: 'ok' };
		} else if (cmd === 'aibot_respond_msg') result = this.respondMessage(reqId, body, 'ws');
		else if (cmd === 'aibot_respond_welcome_msg') result = this.respondWelcome(reqId, body);
		else if (cmd === 'aibot_respond_update_msg') result = this.respondUpdate(reqId, body);
		else if (cmd === 'aibot_send_msg') result = this.sendMessage(body);
		else if (cmd.startsWith('aibot_upload_media_')) result = this.upload(cmd, body);
		else result = { errcode: 40058, errmsg: `unknown cmd ${cmd}` };
		this.commands.push({ at: Date.now(), cmd, errcode: result.errcode });
		this.ack(socket, reqId, result.errcode, result.errmsg, result.body);
		this.changed();
	}

	/**
	 * aibot_upload_media_init / _chunk / _finish (§2.7): chunks ≤ 512 KB, 0-based, ≤ 100; finish
	 * checks size and md5 and returns a media_id.
	 * @param {string} cmd @param {Record<string, any>} body
	 * @returns {{ errcode: number, errmsg: string, body?: Record<string, any> }}
	 */
	upload(cmd, body) {
		if (cmd === 'aibot_upload_media_init') {
			if (!MEDIA_TYPES.includes(body.type)) return { errcode: 40004, errmsg: 'invalid media type' };
			if (!Number.isInteger(body.total_chunks) || body.total_chunks < 1 || body.total_chunks > 100) return { errcode: 40058, errmsg: 'total_chunks must be 1-100' };
			const uploadId = randomBytes(8).toString('hex');
			this.uploads.set(uploadId, { type: body.type, filename: String(body.filename ?? ''), totalSize: body.total_size, totalChunks: body.total_chunks, md5: body.md5, chunks: new Map() });
			return { errcode: 0, errmsg: 'ok', body: { upload_id: uploadId } };
		}
		const upload = this.uploads.get(String(body.upload_id ?? ''));
		if (!upload) return { errcode: 40058, errmsg: 'invalid upload_id' };
		if (cmd === 'aibot_upload_media_chunk') {
			const data = Buffer.from(String(body.base64_data ?? ''), 'base64');
			if (!Number.isInteger(body.chunk_index) || body.chunk_index < 0 || body.chunk_index >= upload.totalChunks) return { errcode: 40058, errmsg: 'invalid chunk_index' };
			if (data.length > 512 * 1024) return { errcode: 40058, errmsg: 'chunk over 512 KB' };
			upload.chunks.set(body.chunk_index, data);
			return { errcode: 0, errmsg: 'ok' };
		}
		if (cmd !== 'aibot_upload_media_finish') return { errcode: 40058, errmsg: `unknown cmd ${cmd}` };
		const parts = [];
		for (let index = 0; index < upload.totalChunks; index++) {
			const part = upload.chunks.get(index);
			if (!part) return { errcode: 40058, errmsg: `chunk ${index} missing` };
			parts.push(part);
		}
		const data = Buffer.concat(parts);
		if (data.length !== upload.totalSize) return { errcode: 40058, errmsg: 'total_size does not match' };
		if (upload.md5 && createHash('md5').update(data).digest('hex') !== upload.md5) return { errcode: 40058, errmsg: 'md5 does not match' };
		const mediaId = `aibot_media_${randomBytes(10).toString('hex')}`;
		this.uploadedMedia.set(mediaId, { type: upload.type, filename: upload.filename, data });
		this.uploads.delete(String(body.upload_id));
		return { errcode: 0, errmsg: 'ok', body: { type: upload.type, media_id: mediaId, created_at: String(Math.floor(Date.now() / 1000)) } };
	}

	/** @param {import('ws').WebSocket} socket @param {string} reqId @param {Record<string, any>} body */
	subscribe(socket, reqId, body) {
		if (body.bot_id !== this.bot.botId || body.secret !== this.bot.secret) {
			this.refusedSubscribes += 1;
			this.ack(socket, reqId, 40001, 'invalid bot_id or secret');
			this.changed();
			return;
		}
		const previous = this.live;
		this.live = socket;
		this.subscribes += 1;
		if (previous && previous !== socket) {
			previous.send(JSON.stringify({
				cmd: 'aibot_event_callback',
				headers: { req_id: `disconnect_${Date.now()}` },
				body: { msgid: randomBytes(8).toString('hex'), aibotid: this.bot.botId, create_time: Math.floor(Date.now() / 1000), msgtype: 'event', event: { eventtype: 'disconnected_event' } },
			}));
			setTimeout(() => previous.close(1000, 'replaced'), 20);
		}
		this.ack(socket, reqId);
		for (const frame of this.queue.splice(0)) socket.send(frame);
		this.changed();
	}

	/** The one turn a reply's req_id belongs to. @param {string} reqId */
	turnOf(reqId) {
		return this.conversation.find((turn) => turn.reqId === reqId);
	}

	/**
	 * aibot_respond_msg, or a passive answer / refresh answer in callback mode.
	 * @param {string} reqId @param {Record<string, any>} body @param {'ws' | 'callback'} via
	 * @returns {{ errcode: number, errmsg: string }}
	 */
	respondMessage(reqId, body, via) {
		const turn = this.turnOf(reqId);
		if (!turn || turn.kind !== 'message') return { errcode: 846605, errmsg: 'invalid req_id' };
		const now = Date.now();
		if (body.msgtype === 'stream' || body.msgtype === 'stream_with_template_card') {
			const stream = isRecord(body.stream) ? body.stream : {};
			if (typeof stream.id !== 'string' || stream.id === '') return { errcode: 40058, errmsg: 'stream.id missing' };
			if (typeof stream.content !== 'string') return { errcode: 40058, errmsg: 'stream.content missing' };
			if (Buffer.byteLength(stream.content, 'utf8') > MAX_STREAM_BYTES) return { errcode: 40058, errmsg: 'stream.content over 20480 bytes' };
			if (stream.msg_item !== undefined && stream.finish !== true) return { errcode: 40058, errmsg: 'msg_item only with finish' };
			const opened = stream.msg_item === undefined ? { images: [] } : openMsgItems(stream.msg_item);
			if ('problem' in opened) return { errcode: 40058, errmsg: opened.problem };
			if (now - turn.at > this.options.streamWindowMs) return { errcode: 846608, errmsg: 'stream message update expired' };
			if (turn.bubble && turn.bubble.streamId !== stream.id) return { errcode: 40058, errmsg: 'a second stream for one message' };
			if (turn.bubble?.finished) return { errcode: 846605, errmsg: 'stream already finished' };
			/** @type {Bubble} */
			const bubble = turn.bubble ?? { streamId: stream.id, content: '', finished: false, frames: 0, firstFrameAt: now, finishedAt: undefined, images: [] };
			// WeCom ignores blank content: the bubble keeps what it showed.
			if (stream.content.trim() !== '') bubble.content = stream.content;
			bubble.frames += 1;
			if (stream.finish === true) {
				bubble.finished = true;
				bubble.finishedAt = now;
				for (const image of opened.images) {
					const id = randomBytes(8).toString('hex');
					this.shownImages.set(id, { format: image.format, data: image.data });
					bubble.images.push({ id, md5: image.md5, bytes: image.data.length, format: image.format });
				}
			}
			turn.bubble = bubble;
			if (body.msgtype === 'stream_with_template_card' && isRecord(body.template_card)) turn.cards.push(body.template_card);
		} else if (body.msgtype === 'template_card') {
			const problem = cardProblem(body.template_card);
			if (problem) return { errcode: 40058, errmsg: problem };
			if (via === 'ws' && now - turn.at > this.options.streamWindowMs) return { errcode: 846608, errmsg: 'reply expired' };
			turn.cards.push(body.template_card);
		} else if (MEDIA_TYPES.includes(body.msgtype) && via === 'ws') {
			const media = this.uploadedMediaOf(body);
			if (!media) return { errcode: 40007, errmsg: 'invalid media_id' };
			if (now - turn.at > this.options.streamWindowMs) return { errcode: 846608, errmsg: 'reply expired' };
			turn.media.push({ type: media.type, media_id: body[body.msgtype].media_id, filename: media.filename, bytes: media.data.length });
		} else {
			return { errcode: 40008, errmsg: `invalid message type ${String(body.msgtype)}` };
		}
		this.knownChats.add(this.chatOf(turn.body));
		return { errcode: 0, errmsg: 'ok' };
	}

	/**
	 * The uploaded file a media message names, if its media_id exists and has that type.
	 * @param {Record<string, any>} body
	 */
	uploadedMediaOf(body) {
		const media = this.uploadedMedia.get(String(body[body.msgtype]?.media_id ?? ''));
		return media && media.type === body.msgtype ? media : undefined;
	}

	/** @param {string} reqId @param {Record<string, any>} body */
	respondWelcome(reqId, body) {
		const turn = this.turnOf(reqId);
		if (!turn || turn.kind !== 'enter_chat' || turn.welcome) return { errcode: 846605, errmsg: 'invalid req_id' };
		if (Date.now() - turn.at > this.options.eventAnswerMs) return { errcode: 846605, errmsg: 'invalid req_id (answer after 5 s)' };
		if (body.msgtype === 'text') {
			if (!isRecord(body.text) || typeof body.text.content !== 'string' || body.text.content === '') return { errcode: 44004, errmsg: 'empty content' };
		} else if (body.msgtype === 'template_card') {
			const problem = cardProblem(body.template_card);
			if (problem) return { errcode: 40058, errmsg: problem };
		} else {
			return { errcode: 40008, errmsg: 'welcome takes text or template_card' };
		}
		turn.welcome = body;
		this.knownChats.add(this.chatOf(turn.body));
		return { errcode: 0, errmsg: 'ok' };
	}

	/** @param {string} reqId @param {Record<string, any>} body */
	respondUpdate(reqId, body) {
		const turn = this.turnOf(reqId);
		if (!turn || turn.kind !== 'template_card_event' || turn.update) return { errcode: 846605, errmsg: 'invalid req_id' };
		if (Date.now() - turn.at > this.options.eventAnswerMs) return { errcode: 846605, errmsg: 'invalid req_id (answer after 5 s)' };
		if (body.response_type !== 'update_template_card') return { errcode: 40058, errmsg: 'response_type must be update_template_card' };
		const problem = cardProblem(body.template_card, turn.body.event.template_card_event.task_id);
		if (problem) return { errcode: 40058, errmsg: problem };
		turn.update = body;
		return { errcode: 0, errmsg: 'ok' };
	}

	/** aibot_send_msg. @param {Record<string, any>} body */
	sendMessage(body) {
		if (typeof body.chatid !== 'string' || !this.knownChats.has(body.chatid)) return { errcode: 93006, errmsg: 'invalid chatid: the bot has not talked in this chat' };
		if (MEDIA_TYPES.includes(body.msgtype)) {
			if (!this.uploadedMediaOf(body)) return { errcode: 40007, errmsg: 'invalid media_id' };
			this.proactive.push({ at: Date.now(), chatid: body.chatid, body });
			return { errcode: 0, errmsg: 'ok' };
		}
		const refusal = markdownOrCardRefusal(body);
		if (refusal) return refusal;
		this.proactive.push({ at: Date.now(), chatid: body.chatid, body });
		return { errcode: 0, errmsg: 'ok' };
	}

	/** @param {Record<string, any>} body */
	chatOf(body) {
		return body.chatid ?? body.from?.userid ?? '';
	}

	// ------------------------------------------------------------------------------------------
	// What members do

	/**
	 * Stores a file encrypted like WeCom's AI-bot media and returns its URL and key.
	 * @param {Buffer} data @param {string} name @param {Buffer} [key] 32 bytes; callback mode uses the EncodingAESKey
	 */
	storeMedia(data, name, key = randomBytes(32)) {
		const id = randomBytes(8).toString('hex');
		const pad = 32 - (data.length % 32);
		const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
		cipher.setAutoPadding(false);
		const encrypted = Buffer.concat([cipher.update(Buffer.concat([data, Buffer.alloc(pad, pad)])), cipher.final()]);
		this.media.set(id, { key, data: encrypted, name, type: 'application/octet-stream' });
		return { url: `${this.sandbox.url}/aibot/media?id=${id}`, aeskey: key.toString('base64') };
	}

	callbackKey() {
		return Buffer.from(`${this.bot.encodingAesKey}=`, 'base64');
	}

	/**
	 * A member's message, event or click, delivered over the long connection (or queued until one
	 * subscribes) or POSTed to the callback URL in callback mode.
	 * @param {{ kind?: Turn['kind'], userid?: string, chattype?: 'single' | 'group', chatid?: string, text?: string,
	 *   msgtype?: string, image?: Buffer, file?: { data: Buffer, name: string }, taskId?: string, eventKey?: string,
	 *   feedback?: Record<string, any>, mode?: 'ws' | 'callback' }} input
	 * @returns {Promise<Turn>}
	 */
	async deliver(input) {
		const mode = input.mode ?? (this.callbackUrl ? 'callback' : 'ws');
		const kind = input.kind ?? 'message';
		const userid = input.userid ?? 'zhangsan';
		const chattype = input.chattype ?? 'single';
		const msgid = randomBytes(12).toString('hex');
		const responseCode = randomBytes(16).toString('hex');
		const at = Date.now();
		/** @type {Record<string, any>} */
		const body = { msgid, aibotid: this.bot.botId, chattype, from: { userid }, create_time: Math.floor(at / 1000) };
		if (chattype === 'group') body.chatid = input.chatid ?? 'wrsandboxgroup01';
		if (kind === 'message') {
			body.response_url = `${this.sandbox.url}/aibot/response?response_code=${responseCode}`;
			const key = mode === 'callback' ? this.callbackKey() : undefined;
			const media = (/** @type {Buffer} */ data, /** @type {string} */ name) => {
				const stored = this.storeMedia(data, name, key);
				return mode === 'callback' ? { url: stored.url } : stored;
			};
			if (input.image) {
				body.msgtype = 'image';
				body.image = media(input.image, 'image.png');
			} else if (input.file) {
				body.msgtype = 'file';
				body.file = media(input.file.data, input.file.name);
			} else if (input.msgtype === 'voice') {
				body.msgtype = 'voice';
				body.voice = { content: input.text ?? '' };
			} else {
				const mention = chattype === 'group' ? '@SandboxBot ' : '';
				body.msgtype = 'text';
				body.text = { content: `${mention}${input.text ?? ''}` };
			}
		} else {
			body.msgtype = 'event';
			if (kind === 'template_card_event') {
				body.response_url = `${this.sandbox.url}/aibot/response?response_code=${responseCode}`;
				const click = { card_type: 'button_interaction', event_key: input.eventKey ?? 'approve', task_id: input.taskId ?? 'task_1' };
				body.event = { eventtype: kind, template_card_event: click };
			} else {
				body.event = { eventtype: kind, [kind]: input.feedback ?? {} };
			}
		}
		/** @type {Turn} */
		const turn = {
			msgid,
			reqId: `aibot_callback_${randomBytes(6).toString('hex')}`,
			kind,
			mode,
			body,
			at,
			bubble: undefined,
			cards: [],
			media: [],
			welcome: undefined,
			update: undefined,
			responseUrlUsed: false,
			responseCode,
		};
		this.conversation.push(turn);
		this.knownChats.add(this.chatOf(body));
		if (mode === 'callback') {
			void this.postCallback(turn);
		} else {
			const cmd = kind === 'message' ? 'aibot_msg_callback' : 'aibot_event_callback';
			const frame = JSON.stringify({ cmd, headers: { req_id: turn.reqId }, body });
			if (this.live && this.live.readyState === 1) this.live.send(frame);
			else this.queue.push(frame);
		}
		this.changed();
		return turn;
	}

	/**
	 * WeCom delivers a callback again (a retry, or a resend after a reconnect): same msgid and
	 * req_id, same body. Returns the passive answer in callback mode.
	 * @param {Turn} turn
	 * @returns {Promise<Record<string, any> | undefined>}
	 */
	async redeliver(turn) {
		if (turn.mode === 'callback') return await this.postOnce(turn.body);
		const cmd = turn.kind === 'message' ? 'aibot_msg_callback' : 'aibot_event_callback';
		const frame = JSON.stringify({ cmd, headers: { req_id: turn.reqId }, body: turn.body });
		if (this.live && this.live.readyState === 1) this.live.send(frame);
		else this.queue.push(frame);
		return undefined;
	}

	/**
	 * One encrypted POST to the callback URL; the passive answer, opened (undefined: none).
	 * @param {Record<string, any>} body
	 * @returns {Promise<Record<string, any> | undefined>}
	 */
	async postOnce(body) {
		const url = this.callbackUrl;
		if (!url) return undefined;
		const app = { token: this.bot.token, encodingAesKey: this.bot.encodingAesKey, receiveId: '' };
		try {
			const result = await sendCallback(url, app, JSON.stringify(body), { format: 'json' });
			return result.reply ? JSON.parse(result.reply) : undefined;
		} catch {
			return undefined;
		}
	}

	/** Callback mode: POST the callback, open the passive answer, poll refreshes until finished. @param {Turn} turn */
	async postCallback(turn) {
		if (!this.callbackUrl) return;
		const answer = async (/** @type {Record<string, any>} */ body) => await this.postOnce(body);
		const first = await answer(turn.body);
		this.applyPassive(turn, first);
		while (turn.kind === 'message' && turn.bubble && !turn.bubble.finished && Date.now() - turn.at < this.options.streamWindowMs) {
			await new Promise((resolve) => setTimeout(resolve, this.options.refreshIntervalMs));
			const refresh = { msgid: randomBytes(12).toString('hex'), aibotid: this.bot.botId, chattype: turn.body.chattype, from: turn.body.from, msgtype: 'stream', stream: { id: turn.bubble.streamId } };
			this.applyPassive(turn, await answer(refresh));
		}
		this.changed();
	}

	/** @param {Turn} turn @param {Record<string, any> | undefined} reply */
	applyPassive(turn, reply) {
		if (!isRecord(reply) || Object.keys(reply).length === 0) return;
		const result =
			turn.kind === 'enter_chat' ? this.respondWelcome(turn.reqId, reply) : turn.kind === 'template_card_event' ? this.respondUpdate(turn.reqId, reply) : this.respondMessage(turn.reqId, reply, 'callback');
		this.commands.push({ at: Date.now(), cmd: `passive:${String(reply.msgtype ?? reply.response_type)}`, errcode: result.errcode });
		this.changed();
	}

	/** response_url: once, within an hour, markdown or template_card. @param {string} code @param {Record<string, any>} body */
	respondUrl(code, body) {
		const turn = this.conversation.find((entry) => entry.responseCode === code);
		if (!turn) return { errcode: 40058, errmsg: 'invalid response_code' };
		if (turn.responseUrlUsed) return { errcode: 846605, errmsg: 'response_url already used' };
		if (Date.now() - turn.at > 60 * 60 * 1000) return { errcode: 846605, errmsg: 'response_url expired' };
		const refusal = markdownOrCardRefusal(body);
		if (refusal) return refusal;
		turn.responseUrlUsed = true;
		this.proactive.push({ at: Date.now(), chatid: this.chatOf(turn.body), body });
		this.changed();
		return { errcode: 0, errmsg: 'ok' };
	}

	/** Another client subscribes with this bot: the live connection gets disconnected_event. */
	kick() {
		const socket = this.live;
		if (!socket) return false;
		this.live = undefined;
		socket.send(JSON.stringify({
			cmd: 'aibot_event_callback',
			headers: { req_id: `disconnect_${Date.now()}` },
			body: { msgid: randomBytes(8).toString('hex'), aibotid: this.bot.botId, msgtype: 'event', event: { eventtype: 'disconnected_event' } },
		}));
		setTimeout(() => socket.close(1000, 'replaced'), 20);
		return true;
	}

	/** The network drops the connection: no close frame. */
	drop() {
		const socket = this.live;
		if (!socket) return false;
		this.live = undefined;
		socket.terminate();
		return true;
	}

	/** A view of the conversation for the page and the control API. */
	view() {
		return {
			bot: { botId: this.bot.botId, connected: Boolean(this.live), callbackUrl: this.callbackUrl ?? null },
			options: this.options,
			turns: this.conversation.map(({ body, ...turn }) => ({ ...turn, body })),
			proactive: this.proactive,
			subscribes: this.subscribes,
			refusedSubscribes: this.refusedSubscribes,
			pings: this.pings,
			commands: this.commands,
		};
	}

	close() {
		for (const client of this.wss.clients) client.terminate();
		this.wss.close();
	}
}

module.exports = { AiBotSandbox, SANDBOX_AI_BOT };
