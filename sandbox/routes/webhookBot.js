// @ts-check
/**
 * Group bots (群机器人 / 消息推送): POST /cgi-bin/webhook/send and /cgi-bin/webhook/upload_media.
 *
 * No access token: the `key` in the query string names the bot. Answers follow WeCom's: an unknown
 * key is 93000 "invalid webhook url" before anything else, more than `rateLimit` accepted messages
 * inside the rolling window is 45009, and a body WeCom would refuse gets WeCom's content errcode
 * (40008 unknown msgtype, 44004 empty content, 40058 bad or oversize field, 40007 unknown media_id,
 * ...). Accepted messages land in the bot's inbox, which tests read through `webhookBotsOf(sandbox)`
 * and other processes through GET /__sandbox/webhook/messages.
 */
const { createHash, randomBytes } = require('node:crypto');

const { weComError } = require('../errors');
const { parseMultipart, sniffKind } = require('../multipart');

/** The seeded bots. Keys look like WeCom's (a UUID); they are the sandbox's own, not secrets. */
const SANDBOX_BOT_KEY = '5a4db07e-0b1c-4e2d-9f3a-00000000a1e7';
const SANDBOX_OTHER_BOT_KEY = '5a4db07e-0b1c-4e2d-9f3a-00000000b2f8';
const SANDBOX_BOTS = [
	{ key: SANDBOX_BOT_KEY, name: 'Alerts Bot' },
	{ key: SANDBOX_OTHER_BOT_KEY, name: 'Reports Bot' },
];

const DEFAULT_RATE_LIMIT = 20;
const DEFAULT_RATE_WINDOW_MS = 60_000;

const TEXT_MAX_BYTES = 2048;
const MARKDOWN_MAX_BYTES = 4096;
const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
const FILE_MAX_BYTES = 20 * 1024 * 1024;
const VOICE_MAX_BYTES = 2 * 1024 * 1024;
const MEDIA_MIN_BYTES = 6;
const MAX_ARTICLES = 8;
const MSGTYPES = new Set(['text', 'markdown', 'markdown_v2', 'image', 'news', 'file', 'voice', 'template_card']);
const CARD_TYPES = new Set(['text_notice', 'news_notice']);

/**
 * @typedef {object} BotMessage
 * @property {number} id order of arrival over all bots
 * @property {string} msgtype
 * @property {Record<string, any>} body the JSON WeCom would have posted to the group
 * @property {number} receivedAt sandbox clock (ms)
 *
 * @typedef {object} BotMedia
 * @property {string} mediaId
 * @property {'file' | 'voice'} type
 * @property {string | undefined} filename from the multipart Content-Disposition
 * @property {number | undefined} declaredLength `filelength` from the Content-Disposition
 * @property {number} length bytes actually received
 * @property {string} md5
 * @property {string | undefined} contentType of the part
 * @property {number} uploadedAt
 *
 * @typedef {object} Bot
 * @property {string} key
 * @property {string} name
 * @property {BotMessage[]} inbox accepted messages, oldest first
 * @property {number[]} sentAt acceptance times (sandbox clock), for the rolling-window limit
 * @property {Map<string, BotMedia>} media uploads; a media_id works only for the bot that made it
 */

class WebhookBots {
	constructor() {
		/** @type {Map<string, Bot>} */
		this.bots = new Map();
		this.rateLimit = DEFAULT_RATE_LIMIT;
		this.rateWindowMs = DEFAULT_RATE_WINDOW_MS;
		this.nextMessageId = 1;
		for (const { key, name } of SANDBOX_BOTS) this.addBot(key, name);
	}

	/**
	 * @param {string} key
	 * @param {string} name
	 */
	addBot(key, name) {
		/** @type {Bot} */
		const bot = { key, name, inbox: [], sentAt: [], media: new Map() };
		this.bots.set(key, bot);
		return bot;
	}

	/** @param {string} key */
	bot(key) {
		const bot = this.bots.get(key);
		if (!bot) throw new Error('no sandbox bot with that key');
		return bot;
	}

	/** @param {string} key */
	inbox(key) {
		return this.bot(key).inbox;
	}

	/** @param {string} key @returns {number[]} */
	sendTimes(key) {
		return [...this.bot(key).sentAt];
	}

	/**
	 * The largest number of accepted messages any rolling window of the configured length held.
	 * @param {string} key
	 */
	peakPerWindow(key) {
		const times = this.bot(key).sentAt;
		let peak = 0;
		let start = 0;
		for (let end = 0; end < times.length; end++) {
			while (times[start] <= times[end] - this.rateWindowMs) start++;
			peak = Math.max(peak, end - start + 1);
		}
		return peak;
	}

	/** @param {{ rateLimit?: number, rateWindowMs?: number }} config */
	configure(config) {
		if (typeof config.rateLimit === 'number' && config.rateLimit > 0) this.rateLimit = config.rateLimit;
		if (typeof config.rateWindowMs === 'number' && config.rateWindowMs > 0) this.rateWindowMs = config.rateWindowMs;
		return { rateLimit: this.rateLimit, rateWindowMs: this.rateWindowMs };
	}

	/**
	 * @param {Bot} bot
	 * @param {number} now
	 */
	isOverLimit(bot, now) {
		const inWindow = bot.sentAt.filter((at) => at > now - this.rateWindowMs).length;
		return inWindow >= this.rateLimit;
	}
}

/**
 * The bots of a sandbox, created on first use (resetData() clears the extensions, which restores
 * the seeded bots, empty inboxes and the default limit).
 * @param {import('../server').WeComSandbox} sandbox
 * @returns {WebhookBots}
 */
function webhookBotsOf(sandbox) {
	let state = sandbox.extensions.get('webhookBot');
	if (!(state instanceof WebhookBots)) {
		state = new WebhookBots();
		sandbox.extensions.set('webhookBot', state);
	}
	return /** @type {WebhookBots} */ (state);
}

/** @param {unknown} value */
function byteLength(value) {
	return Buffer.byteLength(String(value), 'utf8');
}

/** @param {unknown} value */
function isNonEmptyString(value) {
	return typeof value === 'string' && value.trim() !== '';
}

/** @param {unknown} value */
function isStringList(value) {
	return value === undefined || (Array.isArray(value) && value.every((entry) => typeof entry === 'string'));
}

/**
 * Checks a message body the way WeCom does; undefined when it would be posted.
 * @param {Bot} bot
 * @param {Record<string, any>} body
 * @param {string} ip
 */
function refusalOf(bot, body, ip) {
	const msgtype = body.msgtype;
	if (typeof msgtype !== 'string' || !MSGTYPES.has(msgtype)) return weComError(40008, ip, 'invalid message type');
	const payload = body[msgtype];
	if (typeof payload !== 'object' || payload === null) {
		return weComError(40058, ip, `missing field \`${msgtype}\`. invalid Request Parameter`);
	}
	switch (msgtype) {
		case 'text': {
			if (!isNonEmptyString(payload.content)) return weComError(44004, ip, 'empty content');
			if (byteLength(payload.content) > TEXT_MAX_BYTES) {
				return weComError(40058, ip, `text.content exceed max length ${TEXT_MAX_BYTES}`);
			}
			if (!isStringList(payload.mentioned_list) || !isStringList(payload.mentioned_mobile_list)) {
				return weComError(40058, ip, 'mentioned_list should be a list of strings. invalid Request Parameter');
			}
			return undefined;
		}
		case 'markdown':
		case 'markdown_v2': {
			if (!isNonEmptyString(payload.content)) return weComError(44004, ip, 'empty content');
			if (byteLength(payload.content) > MARKDOWN_MAX_BYTES) {
				return weComError(40058, ip, `${msgtype}.content exceed max length ${MARKDOWN_MAX_BYTES}`);
			}
			return undefined;
		}
		case 'image': {
			if (typeof payload.base64 !== 'string' || typeof payload.md5 !== 'string') {
				return weComError(40058, ip, 'missing field `image.base64` or `image.md5`. invalid Request Parameter');
			}
			if (!/^[A-Za-z0-9+/]+={0,2}$/.test(payload.base64) || payload.base64.length % 4 !== 0) {
				return weComError(40058, ip, 'image.base64 is not valid base64. invalid Request Parameter');
			}
			const bytes = Buffer.from(payload.base64, 'base64');
			if (createHash('md5').update(bytes).digest('hex') !== payload.md5.toLowerCase()) {
				return weComError(40058, ip, 'image md5 not match. invalid Request Parameter');
			}
			if (bytes.length > IMAGE_MAX_BYTES) return weComError(40009, ip, 'invalid image size');
			const kind = sniffKind(bytes);
			if (kind !== 'jpeg' && kind !== 'png') return weComError(40005, ip, 'invalid file type');
			return undefined;
		}
		case 'news': {
			const articles = payload.articles;
			if (!Array.isArray(articles) || articles.length < 1 || articles.length > MAX_ARTICLES) {
				return weComError(40058, ip, `news.articles should have 1 to ${MAX_ARTICLES} articles. invalid Request Parameter`);
			}
			for (const article of articles) {
				if (!isNonEmptyString(article?.title)) return weComError(40058, ip, 'missing field `title`. invalid Request Parameter');
				if (!isNonEmptyString(article?.url)) return weComError(40058, ip, 'missing field `url`. invalid Request Parameter');
			}
			return undefined;
		}
		case 'file':
		case 'voice': {
			if (!isNonEmptyString(payload.media_id)) {
				return weComError(40058, ip, `missing field \`${msgtype}.media_id\`. invalid Request Parameter`);
			}
			const media = bot.media.get(payload.media_id);
			if (!media || media.type !== msgtype) return weComError(40007, ip, 'invalid media_id');
			return undefined;
		}
		case 'template_card': {
			if (!CARD_TYPES.has(payload.card_type)) {
				return weComError(40058, ip, 'invalid card_type: group bots send text_notice or news_notice. invalid Request Parameter');
			}
			const action = payload.card_action;
			const actionOk =
				action && ((action.type === 1 && isNonEmptyString(action.url)) || (action.type === 2 && isNonEmptyString(action.appid)));
			if (!actionOk) return weComError(40058, ip, 'card_action is invalid. invalid Request Parameter');
			const jumps = payload.jump_list;
			if (jumps !== undefined) {
				const jumpOk = (/** @type {any} */ jump) =>
					jump && isNonEmptyString(jump.title) && ((jump.type === 1 && isNonEmptyString(jump.url)) || (jump.type === 2 && isNonEmptyString(jump.appid)));
				if (!Array.isArray(jumps) || jumps.length > 3 || !jumps.every(jumpOk)) {
					return weComError(40058, ip, 'jump_list is invalid: at most 3 entries, each with a title and a url (type 1) or appid (type 2). invalid Request Parameter');
				}
			}
			if (payload.card_type === 'text_notice') {
				if (!isNonEmptyString(payload.main_title?.title) && !isNonEmptyString(payload.sub_title_text)) {
					return weComError(40058, ip, 'main_title.title or sub_title_text is required. invalid Request Parameter');
				}
			} else {
				if (!isNonEmptyString(payload.main_title?.title)) {
					return weComError(40058, ip, 'main_title.title is required. invalid Request Parameter');
				}
				if (!isNonEmptyString(payload.card_image?.url) && !isNonEmptyString(payload.image_text_area?.image_url)) {
					return weComError(40058, ip, 'card_image or image_text_area is required. invalid Request Parameter');
				}
			}
			return undefined;
		}
		default:
			return weComError(40008, ip, 'invalid message type');
	}
}

/** @param {import('../server').WeComSandbox} sandbox */
module.exports = function registerWebhookBotRoutes(sandbox) {
	sandbox.route(
		'POST',
		'/cgi-bin/webhook/send',
		({ query, body, rawBody, ip }) => {
			const bots = webhookBotsOf(sandbox);
			const bot = bots.bots.get(query.get('key') ?? '');
			if (!bot) return weComError(93000, ip, 'invalid webhook url');
			const now = sandbox.now();
			if (bots.isOverLimit(bot, now)) return weComError(45009, ip, 'api freq out of limit');
			if (rawBody.length === 0 || typeof body !== 'object' || body === null || Array.isArray(body)) {
				return weComError(40058, ip, 'Warning: wrong json format. invalid Request Parameter');
			}
			if (Object.keys(body).length === 0 && rawBody.toString('utf8').trim() !== '{}') {
				return weComError(40058, ip, 'Warning: wrong json format. invalid Request Parameter');
			}
			const refusal = refusalOf(bot, body, ip);
			if (refusal) return refusal;
			bot.sentAt.push(now);
			bot.inbox.push({ id: bots.nextMessageId++, msgtype: body.msgtype, body, receivedAt: now });
			return {};
		},
		{ auth: false },
	);

	sandbox.route(
		'POST',
		'/cgi-bin/webhook/upload_media',
		({ req, query, rawBody, ip }) => {
			const bots = webhookBotsOf(sandbox);
			const bot = bots.bots.get(query.get('key') ?? '');
			if (!bot) return weComError(93000, ip, 'invalid webhook url');
			const type = query.get('type');
			if (type !== 'file' && type !== 'voice') return weComError(40004, ip, 'invalid media type');
			const parts = parseMultipart(rawBody, req.headers['content-type'] ?? '');
			const part = parts?.find((candidate) => candidate.name === 'media');
			if (!part) return weComError(41005, ip, 'media data missing');
			const declaredLength = part.filelength;
			if (declaredLength !== undefined && declaredLength !== part.content.length) {
				return weComError(40058, ip, 'filelength does not match the media data. invalid Request Parameter');
			}
			const maxBytes = type === 'voice' ? VOICE_MAX_BYTES : FILE_MAX_BYTES;
			if (part.content.length < MEDIA_MIN_BYTES || part.content.length > maxBytes) {
				return weComError(40006, ip, 'invalid file size');
			}
			if (type === 'voice' && sniffKind(part.content) !== 'amr') {
				return weComError(40005, ip, 'invalid file type, voice must be AMR');
			}
			const now = sandbox.now();
			const mediaId = `3${randomBytes(30).toString('base64url')}`;
			bot.media.set(mediaId, {
				mediaId,
				type,
				filename: part.filename,
				declaredLength,
				length: part.content.length,
				md5: createHash('md5').update(part.content).digest('hex'),
				contentType: part.contentType,
				uploadedAt: now,
			});
			return { type, media_id: mediaId, created_at: String(Math.floor(now / 1000)) };
		},
		{ auth: false },
	);

	// Control API: the inboxes (for the demo page and end-to-end tests) and the rate limit.
	sandbox.route(
		'GET',
		'/__sandbox/webhook/messages',
		({ query }) => {
			const bots = webhookBotsOf(sandbox);
			const key = query.get('key');
			const selected = [...bots.bots.values()].filter((bot) => key === null || bot.key === key);
			return {
				bots: selected.map((bot) => ({
					name: bot.name,
					key: bot.key,
					messages: bot.inbox,
					peakPerWindow: bots.peakPerWindow(bot.key),
				})),
				rateLimit: bots.rateLimit,
				rateWindowMs: bots.rateWindowMs,
			};
		},
		{ auth: false },
	);
	sandbox.route(
		'POST',
		'/__sandbox/webhook/config',
		({ body }) => webhookBotsOf(sandbox).configure(body),
		{ auth: false },
	);
};

module.exports.webhookBotsOf = webhookBotsOf;
module.exports.SANDBOX_BOT_KEY = SANDBOX_BOT_KEY;
module.exports.SANDBOX_OTHER_BOT_KEY = SANDBOX_OTHER_BOT_KEY;
module.exports.SANDBOX_BOTS = SANDBOX_BOTS;
module.exports.WebhookBots = WebhookBots;
