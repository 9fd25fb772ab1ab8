/**
 * The ciphertext must be standard, padded base64, exactly as encoding its bytes gives it: the
 * codec checks that with one native decode and encode. Every other spelling is refused.
 */
import { decryptMessage, encryptMessage } from '../../nodes/shared/callbackCodec';
import { callbackErrorCodeOf, randomApp } from '../support/callbackCrypto';

const KEY = randomApp().encodingAesKey;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

describe('strict base64 of the ciphertext', () => {
	// 64 bytes of ciphertext: its base64 ends in "==".
	const encrypted = encryptMessage(KEY, '<xml><Content>hi</Content></xml>', 'wwcorp');

	test('the canonical text decrypts', () => {
		expect(decryptMessage(KEY, encrypted).message).toBe('<xml><Content>hi</Content></xml>');
	});

	test.each([
		['empty', () => ''],
		['padding removed', (text: string) => text.replace(/=+$/, '')],
		['an extra "="', (text: string) => `${text}=`],
		['URL-safe letters', (text: string) => text.replace(/\+/g, '-').replace(/\//g, '_').replace(/^./, '-')],
		['a line break inside', (text: string) => `${text.slice(0, 8)}\n${text.slice(8)}`],
		['a space inside', (text: string) => `${text.slice(0, 8)} ${text.slice(8)}`],
		['a character outside the alphabet', (text: string) => `*${text.slice(1)}`],
		['a partial group', (text: string) => text.slice(0, -1)],
		['a stray bit set in the last character', (text: string) => text.replace(/(.)(==)$/, (_whole, last: string, padding: string) => `${ALPHABET[ALPHABET.indexOf(last) ^ 1]}${padding}`)],
	])('%s is refused', (_name, change) => {
		const changed = change(encrypted);
		expect(changed).not.toBe(encrypted);
		expect(callbackErrorCodeOf(() => decryptMessage(KEY, changed))).toBe('base64');
	});
});
