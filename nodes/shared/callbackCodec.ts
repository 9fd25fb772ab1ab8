import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { isDataObject, ownTextField } from './dataObject';

/*
 * WeCom's callback crypto and message format, in one place (wecom-api.md §8):
 *  - msg_signature = sha1_hex(sort([token, timestamp, nonce, encrypted]).join(''));
 *  - AES-256-CBC, key = base64(EncodingAESKey + '='), IV = key[0:16], PKCS#7 padding to 32 bytes;
 *  - plaintext = random(16) ‖ length(4, big-endian) ‖ message ‖ receiveId;
 *  - the POST envelope carries the ciphertext in <Encrypt> (XML) or "encrypt" (JSON, AI bots);
 *  - the decrypted message is XML (apps) or JSON (AI bots).
 * Everything here is pure and synchronous. Every way an input can be wrong ends in a
 * CallbackError with a code, so callers can map it to an HTTP status without guessing.
 */

export type CallbackErrorCode =
	/** A required query parameter is absent. */
	| 'missing'
	/** msg_signature does not match. */
	| 'signature'
	/** The timestamp is malformed or outside the accepted window. */
	| 'timestamp'
	/** The body has no usable Encrypt value. */
	| 'envelope'
	/** The ciphertext is not base64 of whole AES blocks. */
	| 'base64'
	/** The EncodingAESKey is not 43 letters and digits. */
	| 'key'
	/** The PKCS#7 padding after decryption is wrong. */
	| 'padding'
	/** The plaintext is too short, or its length field points past its end. */
	| 'length'
	/** The message or receive ID is not valid UTF-8. */
	| 'utf8'
	/** The receive ID after the message is not the expected one. */
	| 'receiveId'
	/** The XML is malformed, declares a DOCTYPE or entity, or is nested too deeply. */
	| 'xml'
	/** The JSON message is malformed or not an object. */
	| 'json'
	/** The body or message is larger than allowed. */
	| 'tooLarge';

export class CallbackError extends Error {
	readonly code: CallbackErrorCode;

	constructor(code: CallbackErrorCode, message: string) {
		super(message);
		this.name = 'CallbackError';
		this.code = code;
	}
}

export function isCallbackError(value: unknown): value is CallbackError {
	return value instanceof CallbackError;
}

/** WeCom never sends more than this; larger bodies are refused before any parsing. */
export const MAX_CALLBACK_BYTES = 1024 * 1024;

const BLOCK_BYTES = 32;
const RANDOM_BYTES = 16;
const HEADER_BYTES = RANDOM_BYTES + 4;
const ENCODING_AES_KEY_PATTERN = /^[A-Za-z0-9]{43}$/;
const PAD = 0x3d;

/** The 6-bit value of a base64 letter of the standard alphabet. */
function base64Value(code: number): number {
	if (code >= 0x41 && code <= 0x5a) return code - 0x41;
	if (code >= 0x61 && code <= 0x7a) return code - 0x61 + 26;
	if (code >= 0x30 && code <= 0x39) return code - 0x30 + 52;
	return code === 0x2b ? 62 : 63;
}

/**
 * The bytes of standard, padded base64 text, or undefined when the text is anything else (a
 * character outside the alphabet, missing or extra '=', a partial group, stray bits in the last
 * character). Node's decoder skips what it does not understand and also takes the URL-safe '-'
 * and '_', so: no '-' or '_', '=' only at the end, and exactly as many bytes as a canonical text
 * of this length holds (any skipped character makes fewer). Native scans and one decode: cheaper
 * than encoding the bytes again to compare, and far cheaper than a pattern over the text.
 */
function strictBase64(text: string): Buffer | undefined {
	const length = text.length;
	if (length === 0 || length % 4 !== 0) return undefined;
	const pads = text.charCodeAt(length - 1) !== PAD ? 0 : text.charCodeAt(length - 2) === PAD ? 2 : 1;
	const firstPad = text.indexOf('=');
	if (firstPad !== -1 && firstPad !== length - pads) return undefined;
	if (text.includes('-') || text.includes('_')) return undefined;
	const bytes = Buffer.from(text, 'base64');
	if (bytes.length !== (length / 4) * 3 - pads) return undefined;
	// One '=' leaves 2 unused bits in the last letter, two leave 4: they must be zero.
	const unusedBits = pads === 0 ? 0 : pads === 1 ? 0b11 : 0b1111;
	if ((base64Value(text.charCodeAt(length - pads - 1)) & unusedBits) !== 0) return undefined;
	return bytes;
}

// ---------------------------------------------------------------------------------------------
// Signature

/** The four signed values in the order WeCom hashes them (sorted as strings). */
function signedOrder(token: string, timestamp: string, nonce: string, encrypted: string): string[] {
	return [token, timestamp, nonce, encrypted].sort();
}

export function computeSignature(
	token: string,
	timestamp: string,
	nonce: string,
	encrypted: string,
): string {
	return createHash('sha1')
		.update(signedOrder(token, timestamp, nonce, encrypted).join(''))
		.digest('hex');
}

/** A SHA-1 signature as WeCom writes it: 40 lower-case hex digits. */
const SIGNATURE_PATTERN = /^[0-9a-f]{40}$/;

/**
 * Compares in constant time; a signature of the wrong length or form is simply wrong. The parts
 * are hashed one after another (no joined copy of the ciphertext) and the raw digests compared.
 */
export function verifySignature(
	token: string,
	timestamp: string,
	nonce: string,
	encrypted: string,
	signature: string,
): boolean {
	if (!SIGNATURE_PATTERN.test(signature)) return false;
	const hash = createHash('sha1');
	for (const part of signedOrder(token, timestamp, nonce, encrypted)) hash.update(part);
	return timingSafeEqual(hash.digest(), Buffer.from(signature, 'hex'));
}

// ---------------------------------------------------------------------------------------------
// AES

export function isValidEncodingAesKey(encodingAesKey: string): boolean {
	return ENCODING_AES_KEY_PATTERN.test(encodingAesKey);
}

/** The last key decoded: a trigger opens every callback with the same EncodingAESKey. */
let lastKey: { text: string; bytes: Buffer } | undefined;

function aesKeyOf(encodingAesKey: string): Buffer {
	if (lastKey?.text === encodingAesKey) return lastKey.bytes;
	if (!isValidEncodingAesKey(encodingAesKey)) {
		throw new CallbackError('key', 'The EncodingAESKey must be 43 letters and digits');
	}
	const bytes = Buffer.from(`${encodingAesKey}=`, 'base64');
	lastKey = { text: encodingAesKey, bytes };
	return bytes;
}

function pad(data: Buffer): Buffer {
	const amount = BLOCK_BYTES - (data.length % BLOCK_BYTES);
	return Buffer.concat([data, Buffer.alloc(amount, amount)]);
}

function unpad(data: Buffer): Buffer {
	const amount = data.length > 0 ? data[data.length - 1] : 0;
	if (amount < 1 || amount > BLOCK_BYTES || amount > data.length) {
		throw new CallbackError('padding', 'The padding of the decrypted message is invalid');
	}
	for (let index = data.length - amount; index < data.length; index++) {
		if (data[index] !== amount) {
			throw new CallbackError('padding', 'The padding of the decrypted message is invalid');
		}
	}
	return data.subarray(0, data.length - amount);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of strictly valid UTF-8 (no overlong forms, surrogates or cut sequences), without a
 * leading byte order mark, as a fatal TextDecoder reads it. Node's own decoder is about twice as
 * fast and writes U+FFFD for every invalid sequence, so only a text holding U+FFFD (invalid bytes,
 * or a real U+FFFD) goes through the fatal decoder to tell which.
 */
function isStrictUtf8(bytes: Buffer): boolean {
	try {
		strictUtf8.decode(bytes);
		return true;
	} catch {
		return false;
	}
}

function utf8Of(bytes: Buffer, what: string): string {
	const text = bytes.toString('utf8');
	if (text.includes('\ufffd') && !isStrictUtf8(bytes)) {
		throw new CallbackError('utf8', `The ${what} is not valid UTF-8`);
	}
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The 32-byte AES key an EncodingAESKey stands for (AI-bot media in callback mode use it too). */
export function encodingAesKeyBytes(encodingAesKey: string): Buffer {
	return Buffer.from(aesKeyOf(encodingAesKey));
}

/**
 * Decrypts a whole file the way WeCom encrypts AI-bot media (wecom-new-features.md §1.7):
 * AES-256-CBC, IV = key[0..16), PKCS#7 padding to 32 bytes, no header. Throws CallbackError
 * ('base64' for a length that is not whole AES blocks, 'padding' for a wrong key or a cut file).
 */
export function decryptFile(key: Buffer, ciphertext: Buffer): Buffer {
	if (key.length !== 32) throw new CallbackError('key', 'The media key must be 32 bytes (base64 of 44 characters)');
	if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) {
		throw new CallbackError('base64', 'The encrypted file is not made of whole AES blocks');
	}
	const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	decipher.setAutoPadding(false);
	return Buffer.from(unpad(Buffer.concat([decipher.update(ciphertext), decipher.final()])));
}

export interface DecryptedMessage {
	message: string;
	receiveId: string;
	/** The 16 random bytes WeCom put in front of the message. */
	random: Buffer;
}

export function decryptMessage(encodingAesKey: string, encrypted: string): DecryptedMessage {
	const key = aesKeyOf(encodingAesKey);
	const ciphertext = encrypted.length === 0 ? undefined : strictBase64(encrypted);
	if (!ciphertext) throw new CallbackError('base64', 'The encrypted message is not valid base64');
	if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) {
		throw new CallbackError('base64', 'The encrypted message is not made of whole AES blocks');
	}
	const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	decipher.setAutoPadding(false);
	// Without padding, whole blocks in give everything in update(); final() only checks the end.
	const head = decipher.update(ciphertext);
	const tail = decipher.final();
	const plaintext = unpad(tail.length === 0 ? head : Buffer.concat([head, tail]));
	if (plaintext.length < HEADER_BYTES) {
		throw new CallbackError('length', 'The decrypted message is too short');
	}
	const messageLength = plaintext.readUInt32BE(RANDOM_BYTES);
	if (messageLength > plaintext.length - HEADER_BYTES) {
		throw new CallbackError('length', 'The length field of the decrypted message is too large');
	}
	const messageEnd = HEADER_BYTES + messageLength;
	return {
		message: utf8Of(plaintext.subarray(HEADER_BYTES, messageEnd), 'message'),
		receiveId: utf8Of(plaintext.subarray(messageEnd), 'receive ID'),
		random: Buffer.from(plaintext.subarray(0, RANDOM_BYTES)),
	};
}

export function encryptMessage(
	encodingAesKey: string,
	message: string,
	receiveId: string,
	random: Buffer = randomBytes(RANDOM_BYTES),
): string {
	const key = aesKeyOf(encodingAesKey);
	if (random.length !== RANDOM_BYTES) throw new RangeError('random must be 16 bytes');
	const body = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length, 0);
	const plaintext = pad(Buffer.concat([random, length, body, Buffer.from(receiveId, 'utf8')]));
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64');
}

export function assertReceiveId(actual: string, expected: string): void {
	if (actual !== expected) {
		throw new CallbackError('receiveId', 'The message was encrypted for another receive ID');
	}
}

// ---------------------------------------------------------------------------------------------
// XML: a small, strict reader for WeCom's messages. No DTDs, no entity declarations (so nothing
// is ever expanded), bounded depth, element count and size. Every leaf stays a string, so IDs
// such as MsgId keep all their digits.

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
	[name: string]: XmlValue;
}

export interface XmlLimits {
	maxBytes?: number;
	maxDepth?: number;
	maxElements?: number;
	/** Element names that always become arrays, even when they occur once (list items). */
	alwaysArray?: ReadonlySet<string>;
}

export const DEFAULT_XML_LIMITS = { maxBytes: MAX_CALLBACK_BYTES, maxDepth: 32, maxElements: 10_000 };

/** List items of WeCom's callbacks: PicList/item, Articles/item, SelectedItem, OptionId, ExtAttr/Item. */
export const WECOM_LIST_ELEMENTS: ReadonlySet<string> = new Set([
	'item',
	'Item',
	'SelectedItem',
	'OptionId',
]);

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.:-]*/;
/** The same name, read in place (sticky) instead of from a copy of the text. */
const NAME_AT = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
/** Longer element names are refused as malformed; WeCom's are a few dozen characters at most. */
const MAX_NAME_LENGTH = 256;
const LESS = 0x3c;
const GREATER = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/** The element name that starts at `index`, or undefined when none does or it is too long. */
function nameAt(xml: string, index: number): string | undefined {
	NAME_AT.lastIndex = index;
	const name = NAME_AT.exec(xml)?.[0];
	return name !== undefined && name.length <= MAX_NAME_LENGTH ? name : undefined;
}

/** Whether the character may continue an element name (NAME_PATTERN's second class). */
function isNameCharacter(code: number): boolean {
	return (
		(code >= 0x61 && code <= 0x7a) ||
		(code >= 0x41 && code <= 0x5a) ||
		(code >= 0x30 && code <= 0x3a) ||
		code === 0x5f ||
		code === 0x2e ||
		code === 0x2d
	);
}

/** XML's white space: space, tab, carriage return, line feed. */
function isXmlSpace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}
const PREDEFINED_ENTITIES: Record<string, string> = {
	lt: '<',
	gt: '>',
	amp: '&',
	quot: '"',
	apos: "'",
};

interface OpenElement {
	name: string;
	/** Decoded text and CDATA content, in document order. */
	text: string;
	/** The child elements read so far, by name (repeated ones as arrays); none yet: undefined. */
	fields: XmlObject | undefined;
}

function xmlError(message: string): CallbackError {
	return new CallbackError('xml', message);
}

function decodeText(raw: string): string {
	if (!raw.includes('&')) return raw;
	return raw.replace(/&([^;&<]{0,12});|&/g, (match, reference: string | undefined) => {
		if (reference === undefined) throw xmlError('A bare "&" is not allowed in XML text');
		if (reference.startsWith('#')) {
			const hex = reference.startsWith('#x');
			const digits = reference.slice(hex ? 2 : 1);
			const valid = hex ? /^[0-9A-Fa-f]{1,6}$/.test(digits) : /^[0-9]{1,7}$/.test(digits);
			const codePoint = valid ? parseInt(digits, hex ? 16 : 10) : NaN;
			const isChar =
				codePoint === 0x9 ||
				codePoint === 0xa ||
				codePoint === 0xd ||
				(codePoint >= 0x20 && codePoint <= 0xd7ff) ||
				(codePoint >= 0xe000 && codePoint <= 0x10ffff && codePoint !== 0xfffe && codePoint !== 0xffff);
			if (!isChar) throw xmlError(`Invalid character reference ${match}`);
			return String.fromCodePoint(codePoint);
		}
		const replacement = PREDEFINED_ENTITIES[reference];
		if (replacement === undefined) throw xmlError(`Undeclared entity ${match}`);
		return replacement;
	});
}

/** Sets a property even when the name is "__proto__", without touching the prototype. */
/** Sets an own property; "__proto__" too, which a plain assignment would treat as the prototype. */
function defineOwn(target: XmlObject, name: string, value: XmlValue): void {
	if (name === '__proto__') {
		Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
	} else {
		target[name] = value;
	}
}

function addChild(parent: OpenElement, name: string, value: XmlValue, alwaysArray: ReadonlySet<string>): void {
	const fields = (parent.fields ??= {});
	const existing = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
	if (existing === undefined) defineOwn(fields, name, alwaysArray.has(name) ? [value] : value);
	else if (Array.isArray(existing)) existing.push(value);
	else defineOwn(fields, name, [existing, value]);
}

/** A closed element: its text when it has no child elements, else its fields (and any text as #text). */
function valueOf(element: OpenElement): XmlValue {
	if (!element.fields) return element.text;
	const text = element.text.trim();
	if (text !== '') defineOwn(element.fields, '#text', text);
	return element.fields;
}

/**
 * Parses one XML document into nested objects. The root element's content is returned
 * (for `<xml><A>1</A></xml>` that is `{ A: '1' }`). Repeated elements become arrays.
 */
export function parseCallbackXml(xml: string, limits: XmlLimits = {}): XmlObject {
	const maxBytes = limits.maxBytes ?? DEFAULT_XML_LIMITS.maxBytes;
	const maxDepth = limits.maxDepth ?? DEFAULT_XML_LIMITS.maxDepth;
	const maxElements = limits.maxElements ?? DEFAULT_XML_LIMITS.maxElements;
	const alwaysArray = limits.alwaysArray ?? WECOM_LIST_ELEMENTS;
	// One UTF-16 unit is at most 3 bytes of UTF-8: most texts need no byte count at all.
	if (xml.length > maxBytes || (xml.length * 3 > maxBytes && Buffer.byteLength(xml, 'utf8') > maxBytes)) {
		throw new CallbackError('tooLarge', 'The XML document is too large');
	}

	const stack: OpenElement[] = [];
	let root: XmlValue | undefined;
	let elementCount = 0;
	let position = xml.charCodeAt(0) === 0xfeff ? 1 : 0;

	const appendText = (raw: string) => {
		const current = stack[stack.length - 1];
		if (!current) {
			if (raw.trim() !== '') throw xmlError('Text outside the root element');
			return;
		}
		current.text += decodeText(raw);
	};

	while (position < xml.length) {
		const tagStart = xml.indexOf('<', position);
		if (tagStart === -1) {
			appendText(xml.slice(position));
			break;
		}
		if (tagStart > position) appendText(xml.slice(position, tagStart));
		const next = xml.charCodeAt(tagStart + 1);

		if (next === BANG && xml.startsWith('<!--', tagStart)) {
			const end = xml.indexOf('-->', tagStart + 4);
			if (end === -1) throw xmlError('Unterminated comment');
			position = end + 3;
			continue;
		}
		if (next === BANG && xml.startsWith('<![CDATA[', tagStart)) {
			const current = stack[stack.length - 1];
			if (!current) throw xmlError('CDATA outside the root element');
			const end = xml.indexOf(']]>', tagStart + 9);
			if (end === -1) throw xmlError('Unterminated CDATA section');
			current.text += xml.slice(tagStart + 9, end);
			position = end + 3;
			continue;
		}
		if (next === BANG) {
			// <!DOCTYPE, <!ENTITY, <!ELEMENT ...: refused outright, never interpreted.
			throw xmlError('DOCTYPE and entity declarations are not allowed');
		}
		if (next === QUESTION) {
			if (stack.length > 0 || root !== undefined) throw xmlError('Processing instruction inside the document');
			const end = xml.indexOf('?>', tagStart + 2);
			if (end === -1) throw xmlError('Unterminated processing instruction');
			position = end + 2;
			continue;
		}
		if (next === SLASH) {
			// The name must be the open element's, whole: "</ab>" does not close <a>.
			const current = stack.pop();
			let end = tagStart + 2 + (current?.name.length ?? 0);
			if (!current || !xml.startsWith(current.name, tagStart + 2) || isNameCharacter(xml.charCodeAt(end))) {
				throw xmlError('Mismatched closing tag');
			}
			while (end < xml.length && isXmlSpace(xml.charCodeAt(end))) end++;
			if (xml.charCodeAt(end) !== GREATER) throw xmlError('Malformed closing tag');
			position = end + 1;
			const value = valueOf(current);
			const parent = stack[stack.length - 1];
			if (parent) addChild(parent, current.name, value, alwaysArray);
			else root = value;
			continue;
		}

		// An opening or empty-element tag.
		const name = nameAt(xml, tagStart + 1);
		const after = name ? xml.charCodeAt(tagStart + 1 + name.length) : NaN;
		if (!name || !(after === GREATER || after === SLASH || isXmlSpace(after))) throw xmlError('Malformed tag');
		if (root !== undefined) throw xmlError('More than one root element');
		elementCount++;
		if (elementCount > maxElements) throw xmlError('Too many XML elements');
		if (stack.length + 1 > maxDepth) throw xmlError('XML elements are nested too deeply');
		const tagEnd = after === GREATER ? tagStart + 1 + name.length : endOfTag(xml, tagStart + 1 + name.length);
		const selfClosing = xml.charCodeAt(tagEnd - 1) === SLASH;
		position = tagEnd + 1;
		if (selfClosing) {
			const parent = stack[stack.length - 1];
			if (parent) addChild(parent, name, '', alwaysArray);
			else root = {};
		} else {
			stack.push({ name, text: '', fields: undefined });
		}
	}

	if (stack.length > 0) throw xmlError('Unclosed XML element');
	if (root === undefined) throw xmlError('No XML root element');
	if (typeof root === 'string') {
		if (root.trim() !== '') throw xmlError('The root element holds text instead of fields');
		return {};
	}
	if (Array.isArray(root)) throw xmlError('Unexpected XML root');
	return root;
}

/** The index of the ">" that ends a start tag, skipping quoted attribute values. */
function endOfTag(xml: string, from: number): number {
	let quote = 0;
	for (let index = from; index < xml.length; index++) {
		const char = xml.charCodeAt(index);
		if (quote !== 0) {
			if (char === quote) quote = 0;
			continue;
		}
		if (char === DOUBLE_QUOTE || char === SINGLE_QUOTE) {
			quote = char;
			continue;
		}
		if (char === LESS) break;
		if (char === GREATER) return index;
	}
	throw xmlError('Unterminated tag');
}

function escapeCdata(text: string): string {
	return text.split(']]>').join(']]]]><![CDATA[>');
}

function assertElementName(name: string): void {
	if (NAME_PATTERN.exec(name)?.[0] !== name) throw new RangeError(`Invalid XML element name: ${name}`);
}

export type XmlInput = string | number | XmlInputObject | XmlInput[];
export interface XmlInputObject {
	[name: string]: XmlInput;
}

function serialize(name: string, value: XmlInput, out: string[]): void {
	assertElementName(name);
	if (Array.isArray(value)) {
		for (const entry of value) serialize(name, entry, out);
	} else if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new RangeError(`${name} is not a finite number`);
		out.push(`<${name}>${value}</${name}>`);
	} else if (typeof value === 'string') {
		out.push(`<${name}><![CDATA[${escapeCdata(value)}]]></${name}>`);
	} else {
		out.push(`<${name}>`);
		for (const [childName, child] of Object.entries(value)) serialize(childName, child, out);
		out.push(`</${name}>`);
	}
}

/**
 * Writes `<xml>…</xml>` in WeCom's style: strings in CDATA, numbers as plain text, objects as
 * nested elements, arrays as repeated elements.
 */
export function buildCallbackXml(fields: XmlInputObject): string {
	const out: string[] = [];
	serialize('xml', fields, out);
	return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Envelopes

export type EnvelopeFormat = 'xml' | 'json';

export interface CallbackEnvelope {
	format: EnvelopeFormat;
	encrypted: string;
	/** ToUserName / tousername of the envelope, when present. */
	toUserName?: string;
	/** AgentID / agentid of the envelope, when present. */
	agentId?: string;
}

/**
 * The JSON text with every raw control character (U+0000–U+001F) inside a string written as a
 * \u escape, or undefined when there is none. WeCom's AI-bot callbacks can carry a real line feed
 * or ESC inside a string, which JSON.parse refuses; this is the only leniency: anything else
 * JSON.parse refuses (a trailing comma, a single quote) stays refused.
 */
function withEscapedControlCharacters(text: string): string | undefined {
	let out = '';
	let copied = 0;
	let inString = false;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (!inString) {
			if (code === 0x22) inString = true;
			continue;
		}
		if (code === 0x5c) index++; // the escaped character, whatever it is
		else if (code === 0x22) inString = false;
		else if (code < 0x20) {
			out += `${text.slice(copied, index)}\\u${code.toString(16).padStart(4, '0')}`;
			copied = index + 1;
		}
	}
	return copied === 0 ? undefined : out + text.slice(copied);
}

function parseJsonOrUndefined(text: string): { value: unknown } | undefined {
	try {
		return { value: JSON.parse(text) };
	} catch {
		return undefined;
	}
}

function parseJsonText(text: string, code: 'envelope' | 'json'): IDataObject {
	let parsed = parseJsonOrUndefined(text);
	if (!parsed) {
		const escaped = withEscapedControlCharacters(text);
		if (escaped !== undefined) parsed = parseJsonOrUndefined(escaped);
	}
	if (!parsed || !isDataObject(parsed.value)) throw new CallbackError(code, 'The JSON is malformed or not an object');
	return parsed.value;
}

/**
 * Takes the ciphertext out of the raw request body: `<xml>…<Encrypt>…</Encrypt>…</xml>`
 * (whitespace and CDATA allowed) or `{"encrypt": "…"}`. Works on the exact bytes, because n8n's
 * own XML body parser lower-cases tag names.
 */
export function parseEnvelope(rawBody: Buffer | string): CallbackEnvelope {
	const size = typeof rawBody === 'string' ? Buffer.byteLength(rawBody, 'utf8') : rawBody.length;
	if (size > MAX_CALLBACK_BYTES) throw new CallbackError('tooLarge', 'The request body is too large');
	const text = (typeof rawBody === 'string' ? rawBody : utf8Of(rawBody, 'request body')).replace(/^\ufeff/, '').trim();
	if (text.startsWith('{')) {
		const body = parseJsonText(text, 'envelope');
		const encrypted = ownTextField(body, 'encrypt', 'Encrypt')?.trim();
		if (!encrypted) throw new CallbackError('envelope', 'The request body has no encrypt field');
		return {
			format: 'json',
			encrypted,
			toUserName: ownTextField(body, 'tousername', 'ToUserName'),
			agentId: ownTextField(body, 'agentid', 'AgentID'),
		};
	}
	if (!text.startsWith('<')) throw new CallbackError('envelope', 'The request body is neither XML nor JSON');
	const body = parseCallbackXml(text, { maxDepth: 4, maxElements: 64, alwaysArray: new Set() });
	const encrypted = typeof body.Encrypt === 'string' ? body.Encrypt.trim() : '';
	if (!encrypted) throw new CallbackError('envelope', 'The request body has no Encrypt element');
	return {
		format: 'xml',
		encrypted,
		toUserName: typeof body.ToUserName === 'string' ? body.ToUserName : undefined,
		agentId: typeof body.AgentID === 'string' ? body.AgentID : undefined,
	};
}

// ---------------------------------------------------------------------------------------------
// The whole inbound path, and passive replies

export interface CallbackSecrets {
	token: string;
	encodingAesKey: string;
	/** Corp ID for app callbacks, suite ID for third-party apps, '' for AI bots. */
	receiveId: string;
}

export interface SignedParameters {
	signature: string;
	timestamp: string;
	nonce: string;
}

/** Verifies the signature, decrypts, and checks the receive ID. Returns the plaintext message. */
export function openEncrypted(
	secrets: CallbackSecrets,
	parameters: SignedParameters,
	encrypted: string,
): string {
	const { signature, timestamp, nonce } = parameters;
	if (!verifySignature(secrets.token, timestamp, nonce, encrypted, signature)) {
		throw new CallbackError('signature', 'The signature does not match');
	}
	const decrypted = decryptMessage(secrets.encodingAesKey, encrypted);
	assertReceiveId(decrypted.receiveId, secrets.receiveId);
	return decrypted.message;
}

export type ParsedMessage =
	| { format: 'xml'; message: XmlObject }
	| { format: 'json'; message: Record<string, unknown> };

/** Parses a decrypted message: XML for app callbacks, JSON for AI-bot callbacks. */
export function parseCallbackMessage(plaintext: string): ParsedMessage {
	const text = plaintext.trim();
	if (text.startsWith('{')) return { format: 'json', message: parseJsonText(text, 'json') };
	return { format: 'xml', message: parseCallbackXml(text) };
}

export interface PassiveReplyOptions extends CallbackSecrets {
	/** The plaintext reply: inner XML for apps, JSON text for AI bots. */
	message: string;
	format?: EnvelopeFormat;
	timestamp?: string;
	nonce?: string;
	random?: Buffer;
}

/** The encrypted, signed body WeCom expects as a passive reply. */
export function buildPassiveReply(options: PassiveReplyOptions): string {
	const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
	const nonce = options.nonce ?? String(randomBytes(4).readUInt32BE(0));
	const encrypted = encryptMessage(options.encodingAesKey, options.message, options.receiveId, options.random);
	const signature = computeSignature(options.token, timestamp, nonce, encrypted);
	if (options.format === 'json') {
		return JSON.stringify({ encrypt: encrypted, msgsignature: signature, timestamp, nonce });
	}
	return (
		`<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt>` +
		`<MsgSignature><![CDATA[${signature}]]></MsgSignature>` +
		`<TimeStamp>${timestamp}</TimeStamp>` +
		`<Nonce><![CDATA[${nonce}]]></Nonce></xml>`
	);
}
