// @ts-check
/**
 * Real failures of n8n's own HTTP helper (the one httpRequestWithAuthentication uses), against
 * loopback servers that misbehave on purpose: for tests of what a failure proves (transport.ts).
 */
const { createRequire } = require('node:module');
const http = require('node:http');
const net = require('node:net');
const { NodeApiError } = require('n8n-workflow');

const fromCore = createRequire(require.resolve('n8n-core'));
const { OutboundHttp } = fromCore('@n8n/backend-network');
const { Container } = fromCore('@n8n/di');

/** @type {import('n8n-workflow').INode} */
const NODE = { id: 'n', name: 'WeCom', type: 'weCom', typeVersion: 1, position: [0, 0], parameters: {} };

/**
 * The error n8n's httpRequestWithAuthentication would throw for this request: a NodeApiError
 * around the HTTP client's error.
 * @param {import('n8n-workflow').IHttpRequestOptions} options
 */
async function failureOf(options) {
	try {
		await Container.get(OutboundHttp).requests().request(options);
	} catch (error) {
		return new NodeApiError(NODE, /** @type {import('n8n-workflow').JsonObject} */ (/** @type {unknown} */ (error)));
	}
	throw new Error('the request unexpectedly succeeded');
}

/** @type {Array<http.Server | net.Server>} */
const servers = [];
/** @type {net.Socket[]} */
const sockets = [];

/** @param {http.Server | net.Server} server */
async function listen(server) {
	servers.push(server);
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {net.AddressInfo} */ (server.address());
	return `http://127.0.0.1:${address.port}`;
}

/** A server that accepts connections and never reads from them: a request body stays unsent. */
async function startStalledServer() {
	return await listen(
		net.createServer((socket) => {
			sockets.push(socket);
			socket.pause();
		}),
	);
}

/**
 * A server that reads the whole request, then: /slow answers after 1 s, /reset closes the
 * connection, anything else answers 502.
 */
async function startLostAnswerServer() {
	return await listen(
		http.createServer((request, response) => {
			request.resume();
			request.on('end', () => {
				if (request.url?.includes('slow')) setTimeout(() => response.end('{}'), 1000);
				else if (request.url?.includes('reset')) request.socket.destroy();
				else {
					response.writeHead(502, { 'content-type': 'text/html' });
					response.end('<html>bad gateway</html>');
				}
			});
		}),
	);
}

async function closeFailureServers() {
	for (const socket of sockets.splice(0)) socket.destroy();
	for (const server of servers.splice(0)) await new Promise((resolve) => server.close(() => resolve(undefined)));
}

module.exports = { NODE, failureOf, startStalledServer, startLostAnswerServer, closeFailureServers };
