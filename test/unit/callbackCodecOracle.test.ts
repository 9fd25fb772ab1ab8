/**
 * Our codec against the official @wecom/crypto (a dev dependency, used only as a test oracle),
 * over 1,000 random messages of 0 to 5,000 bytes, most of them with non-ASCII text.
 */
import { randomBytes } from 'node:crypto';

import { decrypt as officialDecrypt, encrypt as officialEncrypt, getSignature } from '@wecom/crypto';
import fc from 'fast-check';

import {
	buildPassiveReply,
	computeSignature,
	decryptMessage,
	encryptMessage,
	parseCallbackXml,
	parseEnvelope,
	verifySignature,
} from '../../nodes/shared/callbackCodec';
import { randomAlphanumeric, randomApp } from '../support/callbackCrypto';

const MESSAGE_COUNT = 1_000;
const MAX_MESSAGE_BYTES = 5_000;

const character = fc.oneof(
	{ weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
	{ weight: 1, arbitrary: fc.integer({ min: 0x00, max: 0x1f }) },
	{ weight: 3, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fff }) },
	{ weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0x7ff }) },
	{ weight: 1, arbitrary: fc.integer({ min: 0x1f300, max: 0x1faff }) },
).map((codePoint) => String.fromCodePoint(codePoint));

/** Cuts at a code point boundary so the UTF-8 form is at most `limit` bytes. */
function withinBytes(text: string, limit: number): string {
	let bytes = 0;
	let result = '';
	for (const char of text) {
		const size = Buffer.byteLength(char, 'utf8');
		if (bytes + size > limit) break;
		bytes += size;
		result += char;
	}
	return result;
}

const message = fc
	.integer({ min: 0, max: MAX_MESSAGE_BYTES })
	.chain((bytes) =>
		fc.array(character, { minLength: Math.ceil(bytes / 3), maxLength: bytes }).map((chars) => withinBytes(chars.join(''), bytes)),
	);

const messages = [
	'',
	'x'.repeat(MAX_MESSAGE_BYTES),
	withinBytes('你好'.repeat(MAX_MESSAGE_BYTES), MAX_MESSAGE_BYTES),
	...fc.sample(message, { numRuns: MESSAGE_COUNT - 3, seed: 20_260_605 }),
];

function receiveIdFor(index: number): string {
	if (index % 10 === 0) return '';
	return `ww${randomBytes(8).toString('hex')}`;
}

test('the sample covers 1,000 messages from 0 to 5,000 bytes, most with non-ASCII text', () => {
	const sizes = messages.map((text) => Buffer.byteLength(text, 'utf8'));
	expect(messages).toHaveLength(MESSAGE_COUNT);
	expect(Math.min(...sizes)).toBe(0);
	expect(Math.max(...sizes)).toBe(MAX_MESSAGE_BYTES);
	expect(sizes.every((size) => size <= MAX_MESSAGE_BYTES)).toBe(true);
	const nonAscii = messages.filter((text) => Buffer.byteLength(text, 'utf8') !== text.length);
	expect(nonAscii.length).toBeGreaterThan(MESSAGE_COUNT / 2);
});

test('@wecom/crypto encrypt → our decrypt, for every message', () => {
	messages.forEach((text, index) => {
		const receiveId = receiveIdFor(index);
		const app = randomApp(receiveId);
		const decrypted = decryptMessage(app.encodingAesKey, officialEncrypt(app.encodingAesKey, text, receiveId));
		expect(decrypted.message).toBe(text);
		expect(decrypted.receiveId).toBe(receiveId);
	});
});

test('our encrypt → @wecom/crypto decrypt, and the same random bytes give the same ciphertext', () => {
	messages.forEach((text, index) => {
		const receiveId = receiveIdFor(index);
		const app = randomApp(receiveId);
		const random = randomBytes(16);
		const ours = encryptMessage(app.encodingAesKey, text, receiveId, random);
		expect(ours).toBe(officialEncrypt(app.encodingAesKey, text, receiveId, random));
		const decrypted = officialDecrypt(app.encodingAesKey, ours);
		expect(decrypted.message).toBe(text);
		expect(decrypted.id).toBe(receiveId);
		expect(decrypted.random.equals(random)).toBe(true);
	});
});

test('our signature equals getSignature of @wecom/crypto', () => {
	messages.forEach((text, index) => {
		const token = randomAlphanumeric(1 + (index % 32));
		const timestamp = String(1_400_000_000 + index * 7919);
		const nonce = String(randomBytes(4).readUInt32BE(0));
		const encrypted = Buffer.from(text, 'utf8').toString('base64');
		const expected = getSignature(token, timestamp, nonce, encrypted);
		expect(computeSignature(token, timestamp, nonce, encrypted)).toBe(expected);
		expect(verifySignature(token, timestamp, nonce, encrypted, expected)).toBe(true);
	});
});

test('our passive reply decrypts and verifies with @wecom/crypto', () => {
	messages.forEach((text, index) => {
		const app = randomApp(receiveIdFor(index));
		const body = buildPassiveReply({ ...app, message: text, format: index % 2 === 0 ? 'xml' : 'json' });
		const envelope = parseEnvelope(body);
		const reply = envelope.format === 'json' ? JSON.parse(body) : parseCallbackXml(body);
		const timestamp = String(reply.TimeStamp ?? reply.timestamp);
		const nonce = String(reply.Nonce ?? reply.nonce);
		const signature = reply.MsgSignature ?? reply.msgsignature;
		expect(getSignature(app.token, timestamp, nonce, envelope.encrypted)).toBe(signature);
		expect(officialDecrypt(app.encodingAesKey, envelope.encrypted)).toMatchObject({ message: text, id: app.receiveId });
	});
});
