// @ts-check
/**
 * The WeCom sandbox: a loopback HTTP server that answers like qyapi.weixin.qq.com (gettoken, the
 * endpoints the nodes use, WeCom's errcodes, token expiry, trusted-IP refusal, rate limits) so
 * tests and the demo run without a WeCom company. Not shipped in the n8n package.
 *
 * Route modules under ./routes register handlers; tests drive faults and read what was received
 * through the methods of WeComSandbox, other processes through the /__sandbox control API.
 */
const http = require('node:http');
const { randomBytes } = require('node:crypto');

const { weComError } = require('./errors');
const { seedDepartments, seedUsers, seedTags, generatedMembers } = require('./seed');

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * @typedef {import('./seed').Department} Department
 * @typedef {import('./seed').User} User
 * @typedef {import('./seed').Tag} Tag
 *
 * @typedef {object} SandboxOptions
 * @property {number} [port] 0 (the default) picks a free port
 * @property {string} [host] defaults to 127.0.0.1
 * @property {number} [latencyMs] a fixed delay before every answer (benchmarks use 20)
 * @property {number} [tokenTtlSeconds] lifetime of an access token, 7200 like WeCom
 * @property {number} [generatedMembers] extra members in department 100, for paging tests
 * @property {string[] | null} [trustedIps] when set, business calls from other IPs get 60020
 * @property {boolean} [contactsSyncFromNewIp] the Contacts Sync secret reads details from a "new" IP (48009)
 * @property {number} [concurrencyLimit] more calls than this in flight to one API get 45033 (0 = no limit)
 *
 * @typedef {object} Fault
 * @property {string} [path] request path to match, e.g. "/cgi-bin/user/get"; any path when absent
 * @property {number} [errcode] answer HTTP 200 with this errcode
 * @property {number} [httpStatus] answer with this HTTP status and a plain body
 * @property {boolean} [drop] destroy the connection without answering
 * @property {number} [delayMs] answer normally after this delay
 * @property {Promise<unknown>} [until] hold the request until this settles, then answer normally: a
 *   test decides exactly when each call ends
 * @property {number} [times] how many matching requests it applies to (default 1)
 * @property {boolean} [afterHandling] the request is handled first (a message is delivered, a
 *   user created), then the fault replaces or delays the answer: the caller cannot know it worked
 * @property {boolean} [echoSecrets] the answer repeats the secrets of the request (access_token,
 *   corpsecret, key) in its errmsg or body and in an X-Echo header, as a careless proxy might
 * @property {'html' | 'json'} [bodyType] the body of an httpStatus answer (default html)
 * @property {string} [redirectTo] answer 307 with Location = this origin + the request's path and
 *   query (e.g. another host name for the same sandbox)
 * @property {number} [expireTokensAfter] let this many matching requests through, then expire every
 *   token once (the next business call gets 42001): a token that dies in the middle of a run
 *
 * @typedef {object} LoggedRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {unknown} body parsed JSON, or undefined
 * @property {Buffer} rawBody
 * @property {string} ip
 * @property {number} at
 *
 * @typedef {object} TokenRecord
 * @property {string} secretKind "app" or "contacts"
 * @property {number} agentId
 * @property {number} expiresAt
 *
 * @typedef {object} RouteContext
 * @property {WeComSandbox} sandbox
 * @property {http.IncomingMessage} req
 * @property {string} path
 * @property {URLSearchParams} query
 * @property {any} body parsed JSON body (an empty object when there is none)
 * @property {Buffer} rawBody
 * @property {string} ip
 * @property {TokenRecord | undefined} token the caller's token, for routes that need one
 *
 * @typedef {{ status?: number, headers?: Record<string, string>, body: Buffer | string } | Record<string, unknown>} RouteResult
 * @typedef {(context: RouteContext) => RouteResult | Promise<RouteResult>} RouteHandler
 * @typedef {{ handler: RouteHandler, auth: boolean }} Route
 */

/** Seeded secrets: the app secret and the contacts-sync secret of the sandbox company. */
const SANDBOX_CORP = {
	corpId: 'wwsandbox0000000001',
	appSecret: 'sandbox-app-secret-0123456789abcdefghijklmno',
	contactsSecret: 'sandbox-contacts-secret-0123456789abcdefghij',
	agentId: 1000002,
};

class WeComSandbox {
	/** @param {SandboxOptions} [options] */
	constructor(options = {}) {
		this.options = {
			port: options.port ?? 0,
			host: options.host ?? '127.0.0.1',
			latencyMs: options.latencyMs ?? 0,
			tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
			generatedMembers: options.generatedMembers ?? 0,
			trustedIps: options.trustedIps ?? null,
			contactsSyncFromNewIp: options.contactsSyncFromNewIp ?? false,
			concurrencyLimit: options.concurrencyLimit ?? 0,
		};
		this.corp = { ...SANDBOX_CORP };
		/** @type {Map<string, Route>} */
		this.routes = new Map();
		/** @type {Map<string, TokenRecord>} */
		this.tokens = new Map();
		/** @type {Fault[]} */
		this.faults = [];
		/** @type {LoggedRequest[]} */
		this.requests = [];
		this.inFlight = 0;
		this.peakInFlight = 0;
		/** @type {Map<string, number>} calls in flight per API path, for the concurrency limit */
		this.inFlightByPath = new Map();
		/** @type {Array<{ path: string, count: number, resolve: (value: void) => void }>} */
		this.requestWaiters = [];
		/** A clock tests can move forward instead of waiting: milliseconds added to Date.now(). */
		this.clockOffsetMs = 0;
		/** @type {Map<number, Department>} */
		this.departments = new Map();
		/** @type {Map<string, User>} keyed by lower-cased userid: WeCom user IDs are case-insensitive */
		this.users = new Map();
		/** @type {Map<number, Tag>} */
		this.tags = new Map();
		/** @type {Map<string, unknown>} route modules keep their own state here */
		this.extensions = new Map();
		this.resetData();
		/** @type {http.Server | undefined} */
		this.server = undefined;
		this.url = '';
		/** @type {Map<string, (req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => void>} WebSocket paths */
		this.upgrades = new Map();
		/** @type {Array<() => void>} run by close(), e.g. to end WebSocket connections */
		this.closeHooks = [];
		/** @type {import('./aiBot').AiBotSandbox | undefined} set by routes/aiBot.js */
		this.aiBot = undefined;
		for (const register of require('./routes')) register(this);
	}

	/** Restores the seeded directory and forgets tokens, faults and the request log. */
	resetData() {
		const extra = generatedMembers(this.options.generatedMembers);
		this.departments = new Map([...seedDepartments(), ...extra.departments].map((d) => [d.id, d]));
		this.users = new Map([...seedUsers(), ...extra.users].map((u) => [u.userid.toLowerCase(), u]));
		this.tags = new Map(seedTags().map((t) => [t.tagid, t]));
		this.tokens.clear();
		this.faults = [];
		this.requests = [];
		this.peakInFlight = 0;
		this.extensions.clear();
	}

	now() {
		return Date.now() + this.clockOffsetMs;
	}

	/** @param {number} ms */
	advanceClock(ms) {
		this.clockOffsetMs += ms;
	}

	/**
	 * @param {string} method
	 * @param {string} path
	 * @param {RouteHandler} handler
	 * @param {{ auth?: boolean }} [options] auth (default true) checks access_token and trusted IPs
	 */
	route(method, path, handler, options = {}) {
		this.routes.set(`${method} ${path}`, { handler, auth: options.auth ?? true });
	}

	/** @param {Fault} fault */
	inject(fault) {
		this.faults.push({ times: 1, ...fault });
	}

	/** Every token issued so far stops working: the next business call gets 42001. */
	expireAllTokens() {
		for (const record of this.tokens.values()) record.expiresAt = 0;
	}

	/** @param {string} [path] */
	requestsTo(path) {
		return path === undefined ? this.requests : this.requests.filter((r) => r.path === path);
	}

	/** @param {string} path */
	countOf(path) {
		return this.requestsTo(path).length;
	}

	/**
	 * Resolves once `count` requests to `path` have arrived (in total), so a test can act in the
	 * middle of a run without polling or timers of its own.
	 * @param {string} path
	 * @param {number} count
	 * @returns {Promise<void>}
	 */
	async waitForRequests(path, count) {
		if (this.countOf(path) >= count) return;
		await new Promise((resolve) => this.requestWaiters.push({ path, count, resolve }));
	}

	/**
	 * Issues a token for a secret (used by the gettoken route).
	 * @param {string} secretKind
	 * @param {number} agentId
	 */
	issueToken(secretKind, agentId) {
		const token = `sbx_${randomBytes(24).toString('hex')}`;
		this.tokens.set(token, {
			secretKind,
			agentId,
			expiresAt: this.now() + this.options.tokenTtlSeconds * 1000,
		});
		return token;
	}

	/** @returns {Promise<string>} the base URL, e.g. http://127.0.0.1:40123 */
	async start() {
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((error) => {
				if (!res.headersSent) {
					res.writeHead(500, { 'content-type': 'text/plain' });
					res.end(`sandbox error: ${error instanceof Error ? error.message : String(error)}`);
				} else {
					res.destroy();
				}
			});
		});
		this.server.keepAliveTimeout = 5000;
		this.server.on('upgrade', (req, socket, head) => {
			const handler = this.upgrades.get(new URL(req.url ?? '/', 'http://sandbox.local').pathname);
			if (handler) handler(req, socket, head);
			else socket.destroy();
		});
		const server = this.server;
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.options.port, this.options.host, () => resolve(undefined));
		});
		const address = server.address();
		if (address === null || typeof address === 'string') throw new Error('sandbox has no TCP address');
		this.url = `http://${this.options.host}:${address.port}`;
		return this.url;
	}

	async close() {
		const server = this.server;
		if (!server) return;
		for (const hook of this.closeHooks) hook();
		server.closeAllConnections();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
		this.server = undefined;
	}

	/**
	 * @param {http.IncomingMessage} req
	 * @param {http.ServerResponse} res
	 */
	async handle(req, res) {
		const requestUrl = new URL(req.url ?? '/', 'http://sandbox.local');
		const path = requestUrl.pathname;
		const rawBody = await readBody(req);
		if (rawBody === undefined) {
			res.writeHead(413, { 'content-type': 'text/plain' });
			res.end('request body too large');
			return;
		}
		const ip = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');

		if (path.startsWith('/__sandbox/') || path === '/' || path.startsWith('/ui/')) {
			const route = this.routes.get(`${req.method} ${path}`);
			if (!route) return sendJson(res, 404, { error: `no sandbox route ${req.method} ${path}` });
			const result = await route.handler(this.context(req, path, requestUrl.searchParams, rawBody, ip, undefined));
			return sendResult(res, result);
		}

		this.requests.push({
			method: req.method ?? 'GET',
			path,
			query: Object.fromEntries(requestUrl.searchParams),
			headers: req.headers,
			body: parseJson(req, rawBody),
			rawBody,
			ip,
			at: this.now(),
		});
		this.requestWaiters = this.requestWaiters.filter((waiter) => {
			if (waiter.path !== path || this.countOf(path) < waiter.count) return true;
			waiter.resolve();
			return false;
		});
		this.inFlight += 1;
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
		const pathInFlight = (this.inFlightByPath.get(path) ?? 0) + 1;
		this.inFlightByPath.set(path, pathInFlight);
		try {
			if (this.options.latencyMs > 0) await delay(this.options.latencyMs);
			const limit = this.options.concurrencyLimit;
			if (limit > 0 && pathInFlight > limit) return sendJson(res, 200, weComError(45033, ip));
			const fault = this.takeFault(path);
			if (fault && !fault.afterHandling && (await answerFault(req, res, fault, ip))) return;

			const route = this.routes.get(`${req.method} ${path}`);
			if (!route) {
				const known = [...this.routes.keys()].some((key) => key.endsWith(` ${path}`));
				if (known) return sendJson(res, 200, weComError(40058, ip, `invalid Request Parameter, method ${req.method} not allowed`));
				return sendJson(res, 404, { errcode: 404, errmsg: `sandbox does not implement ${path}` });
			}
			/** @type {TokenRecord | undefined} */
			let token;
			if (route.auth) {
				const refusal = this.checkAccess(requestUrl.searchParams.get('access_token'), ip);
				if ('errcode' in refusal) return sendJson(res, 200, refusal);
				token = refusal.token;
			}
			const result = await route.handler(this.context(req, path, requestUrl.searchParams, rawBody, ip, token));
			if (fault?.afterHandling && (await answerFault(req, res, fault, ip))) return;
			return sendResult(res, result);
		} finally {
			this.inFlight -= 1;
			this.inFlightByPath.set(path, (this.inFlightByPath.get(path) ?? 1) - 1);
		}
	}

	/**
	 * @param {string | null} accessToken
	 * @param {string} ip
	 * @returns {{ errcode: number, errmsg: string } | { token: TokenRecord }}
	 */
	checkAccess(accessToken, ip) {
		if (!accessToken) return weComError(41001, ip);
		const record = this.tokens.get(accessToken);
		if (!record) return weComError(40014, ip);
		if (record.expiresAt <= this.now()) return weComError(42001, ip);
		const trusted = this.options.trustedIps;
		if (trusted && !trusted.includes(ip)) return weComError(60020, ip);
		return { token: record };
	}

	/** @param {string} path */
	takeFault(path) {
		const index = this.faults.findIndex((f) => (f.path === undefined || f.path === path) && (f.times ?? 1) > 0);
		if (index === -1) return undefined;
		const fault = this.faults[index];
		if (fault.expireTokensAfter !== undefined) {
			if (fault.expireTokensAfter > 0) {
				fault.expireTokensAfter -= 1;
				return undefined;
			}
			this.faults.splice(index, 1);
			this.expireAllTokens();
			return undefined;
		}
		fault.times = (fault.times ?? 1) - 1;
		if (fault.times <= 0) this.faults.splice(index, 1);
		return fault;
	}

	/**
	 * @param {http.IncomingMessage} req
	 * @param {string} path
	 * @param {URLSearchParams} query
	 * @param {Buffer} rawBody
	 * @param {string} ip
	 * @param {TokenRecord | undefined} token
	 * @returns {RouteContext}
	 */
	context(req, path, query, rawBody, ip, token) {
		const parsed = parseJson(req, rawBody);
		return { sandbox: this, req, path, query, body: parsed ?? {}, rawBody, ip, token };
	}
}

/**
 * Answers (or drops) a request as a fault says; false when the fault only delayed it and the
 * normal answer should follow.
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {Fault} fault
 * @param {string} ip
 */
async function answerFault(req, res, fault, ip) {
	if (fault.drop) {
		req.socket.destroy();
		return true;
	}
	if (fault.delayMs) await delay(fault.delayMs);
	if (fault.until) await fault.until.catch(() => undefined);
	if (fault.redirectTo) {
		res.writeHead(307, { location: `${fault.redirectTo}${req.url ?? '/'}`, 'content-type': 'text/plain' });
		res.end('moved');
		return true;
	}
	const echo = fault.echoSecrets ? secretsOfRequest(req).join(' ') : '';
	const headers = echo ? { 'x-echo': echo } : {};
	if (fault.httpStatus) {
		if (fault.bodyType === 'json') {
			const text = JSON.stringify({ message: `bad gateway${echo ? ` for ${echo}` : ''}`, status: fault.httpStatus });
			res.writeHead(fault.httpStatus, { ...headers, 'content-type': 'application/json' });
			res.end(text);
			return true;
		}
		res.writeHead(fault.httpStatus, { ...headers, 'content-type': 'text/html' });
		res.end(`<html><body>${fault.httpStatus} sandbox fault${echo ? ` ${echo}` : ''}</body></html>`);
		return true;
	}
	if (fault.errcode !== undefined) {
		/** @type {Record<string, unknown>} */
		const body = weComError(fault.errcode, ip, echo ? `invalid parameter, your secrets ${echo} are fine` : undefined);
		if (echo) body.echo = { note: `you sent ${echo}`, [echo]: 'as a key too' };
		res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=UTF-8' });
		res.end(JSON.stringify(body));
		return true;
	}
	return false;
}

/**
 * The secret values a request carries in its query string.
 * @param {http.IncomingMessage} req
 */
function secretsOfRequest(req) {
	const query = new URL(req.url ?? '/', 'http://sandbox.local').searchParams;
	return ['access_token', 'corpsecret', 'key'].map((name) => query.get(name) ?? '').filter((value) => value !== '');
}

/**
 * @param {http.IncomingMessage} req
 * @returns {Promise<Buffer | undefined>} undefined when the body is over the limit
 */
async function readBody(req) {
	/** @type {Buffer[]} */
	const chunks = [];
	let size = 0;
	for await (const chunk of req) {
		size += chunk.length;
		if (size > MAX_BODY_BYTES) return undefined;
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/**
 * @param {http.IncomingMessage} req
 * @param {Buffer} rawBody
 */
function parseJson(req, rawBody) {
	const type = req.headers['content-type'] ?? '';
	if (rawBody.length === 0 || type.startsWith('multipart/')) return undefined;
	try {
		return JSON.parse(rawBody.toString('utf8'));
	} catch {
		return undefined;
	}
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

/**
 * @param {http.ServerResponse} res
 * @param {RouteResult} result
 */
function sendResult(res, result) {
	if (isRawResult(result)) {
		res.writeHead(result.status ?? 200, result.headers ?? {});
		res.end(result.body);
		return;
	}
	sendJson(res, 200, { errcode: 0, errmsg: 'ok', ...result });
}

/**
 * @param {RouteResult} result
 * @returns {result is { status?: number, headers?: Record<string, string>, body: Buffer | string }}
 */
function isRawResult(result) {
	return 'body' in result && (Buffer.isBuffer(result.body) || typeof result.body === 'string');
}

/** @param {number} ms */
function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Starts a sandbox on a free loopback port.
 * @param {SandboxOptions} [options]
 */
async function startSandbox(options) {
	const sandbox = new WeComSandbox(options);
	await sandbox.start();
	return sandbox;
}

module.exports = { WeComSandbox, startSandbox, SANDBOX_CORP, weComError, delay };
