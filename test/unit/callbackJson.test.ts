/**
 * AI-bot callbacks are JSON. WeCom sends some with raw control characters (a real line feed, an
 * ESC) inside strings, which strict JSON refuses: the codec accepts exactly that, keeps the
 * characters, and refuses every other kind of broken JSON as before.
 */
import fc from 'fast-check';

import { parseCallbackMessage, parseEnvelope } from '../../nodes/shared/callbackCodec';
import { callbackErrorCodeOf } from '../support/callbackCrypto';

describe('raw control characters inside JSON strings', () => {
	test.each([
		['a line feed', '\n'],
		['a carriage return and line feed', '\r\n'],
		['an ESC (terminal colours)', '\u001b[31m'],
		['a tab', '\t'],
		['a NUL', '\u0000'],
		['a unit separator', '\u001f'],
	])('%s is kept', (_name, raw) => {
		const text = `{"msgtype":"text","text":{"content":"line one${raw}line two"}}`;
		expect(parseCallbackMessage(text)).toEqual({ format: 'json', message: { msgtype: 'text', text: { content: `line one${raw}line two` } } });
	});

	test('escapes and quotes around them are read as JSON reads them', () => {
		const text = '{"a":"ends in a backslash \\\\","b":"quote \\" then\nbreak","c":"\\u001b and \u001b"}';
		expect(parseCallbackMessage(text).message).toEqual({ a: 'ends in a backslash \\', b: 'quote " then\nbreak', c: '\u001b and \u001b' });
	});

	test('whitespace between tokens is untouched', () => {
		expect(parseCallbackMessage('{\n\t"msgtype" :\r\n "text"\n}').message).toEqual({ msgtype: 'text' });
	});

	test('property: any string with any control characters comes back as it was', () => {
		const withControls = fc.string({ unit: fc.oneof(fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)), fc.constantFrom('"', '\\', 'a', '中', '😀')) });
		fc.assert(
			fc.property(withControls, withControls, (key, value) => {
				// JSON.stringify escapes them; put the control characters back raw, as WeCom sends them.
				const raw = JSON.stringify({ [key]: value, msgtype: 'text' }).replace(/\\u00([01][0-9a-f])|\\([bfnrt])/g, (whole, hex: string | undefined, letter: string | undefined, offset: number, all: string) => {
					// Leave an escape alone when its backslash is itself escaped.
					let backslashes = 0;
					for (let index = offset - 1; index >= 0 && all[index] === '\\'; index--) backslashes++;
					if (backslashes % 2 === 1) return whole;
					if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
					return { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[letter ?? 'n'] ?? whole;
				});
				expect(parseCallbackMessage(raw).message).toEqual({ [key]: value, msgtype: 'text' });
			}),
			{ numRuns: 300, seed: 21 },
		);
	});

	test('the envelope takes the same leniency', () => {
		expect(parseEnvelope('{"encrypt":"abc","tousername":"bot\n1"}')).toMatchObject({ format: 'json', encrypted: 'abc', toUserName: 'bot\n1' });
	});
});

describe('every other kind of broken JSON is still refused', () => {
	test.each([
		['a trailing comma', '{"msgtype":"text",}'],
		['single quotes', "{'msgtype':'text'}"],
		['a comment', '{"msgtype":"text" /* x */}'],
		['an unquoted key', '{msgtype:"text"}'],
		['a control character outside a string', '{"msgtype":\u001b"text"}'],
		['an unterminated string with a line feed', '{"msgtype":"text\n}'],
		['a raw line feed and a trailing comma', '{"content":"a\nb",}'],
	])('%s', (_name, text) => {
		expect(callbackErrorCodeOf(() => parseCallbackMessage(text))).toBe('json');
	});
});
