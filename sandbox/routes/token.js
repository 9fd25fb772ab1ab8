// @ts-check
const { weComError } = require('../errors');

/** @param {import('../server').WeComSandbox} sandbox */
module.exports = function registerTokenRoutes(sandbox) {
	// GET /cgi-bin/gettoken?corpid=&corpsecret= — one token per (corp, secret), like WeCom.
	sandbox.route(
		'GET',
		'/cgi-bin/gettoken',
		({ query, ip }) => {
			const corpId = query.get('corpid');
			const secret = query.get('corpsecret');
			if (!corpId) return weComError(41002, ip, 'corpid missing');
			if (!secret) return weComError(41004, ip);
			if (corpId !== sandbox.corp.corpId) return weComError(40013, ip);
			const kind =
				secret === sandbox.corp.appSecret ? 'app' : secret === sandbox.corp.contactsSecret ? 'contacts' : undefined;
			if (!kind) return weComError(40001, ip);
			return {
				access_token: sandbox.issueToken(kind, sandbox.corp.agentId),
				expires_in: sandbox.options.tokenTtlSeconds,
			};
		},
		{ auth: false },
	);

	// GET /cgi-bin/get_api_domain_ip — WeCom's cheapest authenticated read.
	sandbox.route('GET', '/cgi-bin/get_api_domain_ip', () => ({ ip_list: ['127.0.0.1'] }));
};
