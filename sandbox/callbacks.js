// @ts-check
/**
 * The sandbox's side of WeCom callbacks: it plays WeCom, so it builds the encrypted, signed
 * requests WeCom would send to a callback URL (the GET URL check and POSTed messages and events)
 * and opens the encrypted passive replies that come back.
 *
 * This is a second, independent implementation of WeCom's scheme (wecom-api.md §8), written
 * straight on node:crypto rather than on the package's codec, so that each one checks the other;
 * test/trigger/sandboxCallbacks.test.ts checks this one against the official @wecom/crypto.
 */
const { createCipheriv, createDecipheriv, createHash, randomBytes } = require('node:crypto');

/**
 * @typedef {object} CallbackApp what WeCom and the trigger share
 * @property {string} token
 * @property {string} encodingAesKey 43 letters and digits
 * @property {string} receiveId the Corp ID ('' for AI bots)
 *
 * @typedef {object} SigningOptions
 * @property {string} [timestamp] seconds; defaults to now
 * @property {string} [nonce] defaults to a random number
 * @property {Buffer} [random] the 16 random bytes in front of the message
 *
 * @typedef {object} SignedQuery
 * @property {string} msg_signature
 * @property {string} timestamp
 * @property {string} nonce
 * @property {string} [echostr]
 */

/** @param {string} encodingAesKey */
function aesKey(encodingAesKey) {
	const key = Buffer.from(`${encodingAesKey}=`, 'base64');
	if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey) || key.length !== 32) {
		throw new Error('EncodingAESKey must be 43 letters and digits');
	}
	return key;
}

/**
 * sha1 over the four values, sorted as strings and joined without separator.
 * @param {string} token
 * @param {string} timestamp
 * @param {string} nonce
 * @param {string} encrypted
 */
function sign(token, timestamp, nonce, encrypted) {
	return createHash('sha1').update([token, timestamp, nonce, encrypted].sort().join('')).digest('hex');
}

/**
 * random(16) ‖ length(4, big-endian) ‖ message ‖ receiveId, PKCS#7-padded to 32 bytes, AES-256-CBC.
 * @param {string} encodingAesKey
 * @param {string} message
 * @param {string} receiveId
 * @param {Buffer} [random]
 */
function encrypt(encodingAesKey, message, receiveId, random = randomBytes(16)) {
	const key = aesKey(encodingAesKey);
	const body = Buffer.from(message, 'utf8');
	const header = Buffer.alloc(20);
	random.copy(header, 0, 0, 16);
	header.writeUInt32BE(body.length, 16);
	const unpadded = Buffer.concat([header, body, Buffer.from(receiveId, 'utf8')]);
	const padLength = 32 - (unpadded.length % 32);
	const plaintext = Buffer.concat([unpadded, Buffer.alloc(padLength, padLength)]);
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64');
}

/**
 * @param {string} encodingAesKey
 * @param {string} encrypted
 * @returns {{ message: string, receiveId: string }}
 */
function decrypt(encodingAesKey, encrypted) {
	const key = aesKey(encodingAesKey);
	const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	decipher.setAutoPadding(false);
	const padded = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
	const padLength = padded[padded.length - 1];
	if (padLength < 1 || padLength > 32) throw new Error('bad padding');
	const plaintext = padded.subarray(0, padded.length - padLength);
	const length = plaintext.readUInt32BE(16);
	if (20 + length > plaintext.length) throw new Error('bad length');
	return {
		message: plaintext.subarray(20, 20 + length).toString('utf8'),
		receiveId: plaintext.subarray(20 + length).toString('utf8'),
	};
}

/** @param {string} text */
function cdata(text) {
	return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/**
 * @typedef {{ [name: string]: XmlFieldValue }} XmlFields
 * @typedef {string | number | XmlFields | Array<string | number | XmlFields>} XmlFieldValue
 */

/**
 * @param {string} name
 * @param {XmlFieldValue} value
 * @returns {string}
 */
function element(name, value) {
	if (Array.isArray(value)) return value.map((entry) => element(name, entry)).join('');
	if (typeof value === 'number') return `<${name}>${value}</${name}>`;
	if (typeof value === 'string') return `<${name}>${cdata(value)}</${name}>`;
	return `<${name}>${Object.entries(value).map(([child, entry]) => element(child, entry)).join('')}</${name}>`;
}

/**
 * A WeCom message as XML, the way WeCom writes it: strings in CDATA, numbers bare, objects nested,
 * arrays as repeated elements.
 * @param {XmlFields} fields
 */
function messageXml(fields) {
	return element('xml', fields);
}

/** @param {SigningOptions} options */
function stamp(options) {
	return {
		timestamp: options.timestamp ?? String(Math.floor(Date.now() / 1000)),
		nonce: options.nonce ?? String(randomBytes(4).readUInt32BE(0)),
	};
}

/**
 * The query of WeCom's URL check (GET), and the plaintext the callback URL must answer with.
 * @param {CallbackApp} app
 * @param {SigningOptions & { echo?: string }} [options]
 * @returns {{ query: SignedQuery & { echostr: string }, expected: string }}
 */
function buildUrlCheck(app, options = {}) {
	const { timestamp, nonce } = stamp(options);
	const expected = options.echo ?? String(randomBytes(8).readBigUInt64BE(0));
	const echostr = encrypt(app.encodingAesKey, expected, app.receiveId, options.random);
	return {
		query: { msg_signature: sign(app.token, timestamp, nonce, echostr), timestamp, nonce, echostr },
		expected,
	};
}

/**
 * A POSTed callback: the signed query and the envelope body around the encrypted message.
 * @param {CallbackApp} app
 * @param {string} plaintext inner XML (apps) or JSON (AI bots)
 * @param {SigningOptions & { format?: 'xml' | 'json', agentId?: string }} [options]
 * @returns {{ query: SignedQuery, body: string, contentType: string, encrypted: string }}
 */
function buildCallback(app, plaintext, options = {}) {
	const { timestamp, nonce } = stamp(options);
	const encrypted = encrypt(app.encodingAesKey, plaintext, app.receiveId, options.random);
	const query = { msg_signature: sign(app.token, timestamp, nonce, encrypted), timestamp, nonce };
	if (options.format === 'json') {
		return { query, body: JSON.stringify({ encrypt: encrypted }), contentType: 'application/json', encrypted };
	}
	const body =
		`<xml><ToUserName>${cdata(app.receiveId)}</ToUserName>\n` +
		`<Encrypt>${cdata(encrypted)}</Encrypt>\n` +
		`<AgentID>${cdata(options.agentId ?? '1000002')}</AgentID>\n</xml>`;
	return { query, body, contentType: 'text/xml', encrypted };
}

/**
 * Opens a passive reply like WeCom does: checks its signature and receive ID, returns the plaintext.
 * @param {CallbackApp} app
 * @param {string} body `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>` or its JSON form
 */
function openPassiveReply(app, body) {
	/** @param {string} name */
	const field = (name) => {
		const match = new RegExp(`<${name}>\\s*(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))\\s*</${name}>`).exec(body);
		return match ? (match[1] ?? match[2] ?? '') : undefined;
	};
	/** @type {{ encrypted?: string, signature?: string, timestamp?: string, nonce?: string }} */
	let parts;
	if (body.trim().startsWith('{')) {
		const json = JSON.parse(body);
		parts = { encrypted: json.encrypt, signature: json.msgsignature, timestamp: String(json.timestamp), nonce: json.nonce };
	} else {
		parts = { encrypted: field('Encrypt'), signature: field('MsgSignature'), timestamp: field('TimeStamp'), nonce: field('Nonce') };
	}
	const { encrypted, signature, timestamp, nonce } = parts;
	if (!encrypted || !signature || timestamp === undefined || nonce === undefined) {
		throw new Error('not a passive reply');
	}
	if (sign(app.token, timestamp, nonce, encrypted) !== signature) throw new Error('passive reply signature mismatch');
	const { message, receiveId } = decrypt(app.encodingAesKey, encrypted);
	if (receiveId !== app.receiveId) throw new Error('passive reply has the wrong receive ID');
	return message;
}

/** @param {Record<string, string>} query */
function queryString(query) {
	return Object.entries(query)
		.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
		.join('&');
}

/**
 * Runs WeCom's URL check against a callback URL (e.g. a published WeCom Trigger in real n8n).
 * @param {string} url
 * @param {CallbackApp} app
 * @returns {Promise<{ status: number, body: string, expected: string, contentType: string | null }>}
 */
async function checkUrl(url, app) {
	const { query, expected } = buildUrlCheck(app);
	const response = await fetch(`${url}${url.includes('?') ? '&' : '?'}${queryString(query)}`);
	return { status: response.status, body: await response.text(), expected, contentType: response.headers.get('content-type') };
}

/**
 * POSTs one callback to a callback URL, as WeCom does.
 * @param {string} url
 * @param {CallbackApp} app
 * @param {string} plaintext
 * @param {SigningOptions & { format?: 'xml' | 'json', agentId?: string }} [options]
 * @returns {Promise<{ status: number, body: string, reply: string | undefined }>}
 */
async function sendCallback(url, app, plaintext, options = {}) {
	const request = buildCallback(app, plaintext, options);
	const response = await fetch(`${url}${url.includes('?') ? '&' : '?'}${queryString({ ...request.query })}`, {
		method: 'POST',
		headers: { 'content-type': request.contentType },
		body: request.body,
	});
	const body = await response.text();
	const reply = response.status === 200 && /<Encrypt>|"encrypt"/.test(body) ? openPassiveReply(app, body) : undefined;
	return { status: response.status, body, reply };
}

module.exports = {
	sign,
	encrypt,
	decrypt,
	messageXml,
	buildUrlCheck,
	buildCallback,
	openPassiveReply,
	queryString,
	checkUrl,
	sendCallback,
};
