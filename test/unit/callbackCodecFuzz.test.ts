/**
 * Property-based tests: random and mutated callback envelopes go through the whole inbound path
 * (envelope → signature → decryption → receive ID → message parser). Each one must either decode
 * (to exactly the original message when nothing was mutated) or be refused with a CallbackError
 * of a known code. Nothing else may come out: no other exception, no hang.
 */
import fc from 'fast-check';

import {
	CallbackError,
	buildCallbackXml,
	computeSignature,
	encryptMessage,
	openEncrypted,
	parseCallbackMessage,
	parseCallbackXml,
	parseEnvelope,
} from '../../nodes/shared/callbackCodec';
import type { CallbackErrorCode, ParsedMessage, XmlInputObject } from '../../nodes/shared/callbackCodec';
import { randomApp } from '../support/callbackCrypto';

const ENVELOPE_RUNS = 10_000;
const PARSER_RUNS = 3_000;

const KNOWN_CODES = new Set<CallbackErrorCode>([
	'missing',
	'signature',
	'timestamp',
	'envelope',
	'base64',
	'key',
	'padding',
	'length',
	'utf8',
	'receiveId',
	'xml',
	'json',
	'tooLarge',
]);

const app = randomApp('wwfuzz00000000001');
const TIMESTAMP = '1700000000';
const NONCE = '123456';

type Outcome = { decoded: ParsedMessage } | { refused: string };

/** The trigger's inbound path, minus HTTP. */
function open(body: Buffer | string, signature: string, receiveId = app.receiveId): Outcome {
	try {
		const envelope = parseEnvelope(body);
		const plaintext = openEncrypted({ ...app, receiveId }, { signature, timestamp: TIMESTAMP, nonce: NONCE }, envelope.encrypted);
		return { decoded: parseCallbackMessage(plaintext) };
	} catch (error) {
		return { refused: error instanceof CallbackError && KNOWN_CODES.has(error.code) ? error.code : `unexpected: ${String(error)}` };
	}
}

const sign = (encrypted: string) => computeSignature(app.token, TIMESTAMP, NONCE, encrypted);

function envelopeFor(encrypted: string, format: 'xml' | 'json'): string {
	return format === 'json'
		? JSON.stringify({ encrypt: encrypted })
		: `<xml><ToUserName><![CDATA[${app.receiveId}]]></ToUserName>\n<Encrypt><![CDATA[${encrypted}]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>`;
}

// ---------------------------------------------------------------------------------------------
// Random callback messages that the builder and the parser must agree on.

const fieldName = fc.oneof(
	fc.constantFrom('ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Content', 'MsgId', 'Event', 'EventKey', 'AgentID', 'ChangeType'),
	fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/),
).filter((name) => name !== 'item' && name !== 'Item' && name !== 'SelectedItem' && name !== 'OptionId');

const leafText = fc.string({ unit: 'grapheme', maxLength: 40 });

const { node: messageNode } = fc.letrec<{ node: XmlInputObject }>((tie) => ({
	node: fc.dictionary(
		fieldName,
		fc.oneof(
			{ weight: 5, arbitrary: leafText },
			{ weight: 1, arbitrary: tie('node') },
			{ weight: 1, arbitrary: fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items) => ({ item: items })) },
		),
		{ minKeys: 1, maxKeys: 6, depthIdentifier: 'message' },
	),
}));

/** What parseCallbackXml gives back for a built message: the same tree (all leaves strings). */
function expectedTree(node: XmlInputObject): unknown {
	return JSON.parse(JSON.stringify(node));
}

const mutation = fc.constantFrom(
	'none',
	'flipCiphertextBit',
	'truncateCiphertext',
	'randomEncrypt',
	'flipBodyByte',
	'truncateBody',
	'junkInBody',
	'wrongSignature',
	'wrongReceiveId',
	'doctypeInside',
	'randomPlaintext',
	'deepNesting',
	'randomBody',
);

const envelopeCase = fc.record({
	message: messageNode,
	format: fc.constantFrom<'xml' | 'json'>('xml', 'json'),
	mutation,
	position: fc.nat(),
	bit: fc.integer({ min: 0, max: 7 }),
	junk: fc.string({ unit: 'binary', maxLength: 64 }),
	randomBytes: fc.uint8Array({ maxLength: 2_048 }),
});

test(`${ENVELOPE_RUNS.toLocaleString('en')} random and mutated envelopes: decoded correctly or refused with a typed error`, () => {
	const refusals = new Map<string, number>();
	let decoded = 0;
	fc.assert(
		fc.property(envelopeCase, (testCase) => {
			const inner = buildCallbackXml(testCase.message);
			let plaintext = inner;
			let receiveId = app.receiveId;
			if (testCase.mutation === 'doctypeInside') plaintext = `<!DOCTYPE xml [<!ENTITY e "${testCase.junk}">]>${inner}`;
			if (testCase.mutation === 'randomPlaintext') plaintext = testCase.junk;
			if (testCase.mutation === 'deepNesting') plaintext = `${'<a>'.repeat(40 + (testCase.position % 200))}x${'</a>'.repeat(40)}`;
			if (testCase.mutation === 'wrongReceiveId') receiveId = `${app.receiveId}x`;

			let encrypted = encryptMessage(app.encodingAesKey, plaintext, app.receiveId);
			const ciphertext = Buffer.from(encrypted, 'base64');
			if (testCase.mutation === 'flipCiphertextBit') {
				ciphertext[testCase.position % ciphertext.length] ^= 1 << testCase.bit;
				encrypted = ciphertext.toString('base64');
			}
			if (testCase.mutation === 'truncateCiphertext') {
				encrypted = ciphertext.subarray(0, testCase.position % ciphertext.length).toString('base64');
			}
			if (testCase.mutation === 'randomEncrypt') encrypted = testCase.junk;

			let body: Buffer = Buffer.from(envelopeFor(encrypted, testCase.format), 'utf8');
			let signature = sign(encrypted);
			if (testCase.mutation === 'flipBodyByte') body[testCase.position % body.length] ^= 1 << testCase.bit;
			if (testCase.mutation === 'truncateBody') body = body.subarray(0, testCase.position % body.length);
			if (testCase.mutation === 'junkInBody') {
				const at = testCase.position % body.length;
				body = Buffer.concat([body.subarray(0, at), Buffer.from(testCase.junk, 'utf8'), body.subarray(at)]);
			}
			if (testCase.mutation === 'randomBody') body = Buffer.from(testCase.randomBytes);
			if (testCase.mutation === 'wrongSignature') signature = sign(`${encrypted}x`);

			const outcome = open(body, signature, receiveId);
			if ('refused' in outcome) {
				expect(KNOWN_CODES.has(outcome.refused as CallbackErrorCode)).toBe(true);
				expect(testCase.mutation).not.toBe('none');
				refusals.set(outcome.refused, (refusals.get(outcome.refused) ?? 0) + 1);
				return;
			}
			decoded++;
			if (testCase.mutation === 'none') {
				expect(outcome.decoded.format).toBe('xml');
				expect(outcome.decoded.message).toEqual(expectedTree(testCase.message));
			}
			expect(['doctypeInside', 'deepNesting', 'wrongSignature', 'wrongReceiveId']).not.toContain(testCase.mutation);
		}),
		{ numRuns: ENVELOPE_RUNS },
	);
	// Every run was checked, and both outcomes really happened, across many refusal codes.
	expect(decoded + [...refusals.values()].reduce((sum, count) => sum + count, 0)).toBe(ENVELOPE_RUNS);
	expect(decoded).toBeGreaterThan(0);
	for (const code of ['signature', 'receiveId', 'xml', 'envelope', 'padding']) expect(refusals.get(code) ?? 0).toBeGreaterThan(0);
});

const xmlish = fc.string({
	unit: fc.oneof(
		fc.constantFrom('<', '>', '/', '!', '?', '[', ']', '&', ';', '#', 'x', '"', "'", '=', ' ', '\n', '-'),
		fc.constantFrom('<xml>', '</xml>', '<![CDATA[', ']]>', '<!--', '-->', '<!DOCTYPE', '<!ENTITY', '&lt;', '&#x41;', '&#', '<a>', '</a>', '<b/>', '<?xml?>'),
		fc.string({ unit: 'grapheme', maxLength: 3 }),
	),
	maxLength: 200,
});

test(`${PARSER_RUNS.toLocaleString('en')} XML-like strings: parsed or refused with a typed error`, () => {
	fc.assert(
		fc.property(xmlish, (text) => {
			let code = 'none';
			try {
				const parsed = parseCallbackXml(text);
				expect(typeof parsed).toBe('object');
			} catch (error) {
				code = error instanceof CallbackError ? error.code : `unexpected: ${String(error)}`;
			}
			expect(code === 'none' || KNOWN_CODES.has(code as CallbackErrorCode)).toBe(true);
		}),
		{ numRuns: PARSER_RUNS },
	);
});
