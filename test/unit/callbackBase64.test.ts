/**
 * The ciphertext must be standard, padded base64, exactly as encoding its bytes gives it. Every
 * other spelling is refused; the random mutations below hold the codec's check to that definition
 * (decode, encode again, compare).
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
		['"=" in the middle', (text: string) => `${text.slice(0, 8)}=${text.slice(9)}`],
		['three "=" at the end', (text: string) => `${text.slice(0, -3)}===`],
		['a letter outside ASCII', (text: string) => `é${text.slice(1)}`],
		['a NUL character', (text: string) => `${text.slice(0, 4)}\u0000${text.slice(5)}`],
		['a stray bit set in the last character', (text: string) => text.replace(/(.)(==)$/, (_whole, last: string, padding: string) => `${ALPHABET[ALPHABET.indexOf(last) ^ 1]}${padding}`)],
	])('%s is refused', (_name, change) => {
		const changed = change(encrypted);
		expect(changed).not.toBe(encrypted);
		expect(callbackErrorCodeOf(() => decryptMessage(KEY, changed))).toBe('base64');
	});
});

describe('strict base64: random spellings against the definition', () => {
	/** What "canonical" means: encoding the decoded bytes gives the text back. */
	const canonical = (text: string) => Buffer.from(text, 'base64').toString('base64') === text;
	const noise = `${ALPHABET}=-_ \n*é\u0000`;

	// Deterministic pseudo-random choices (a linear congruential sequence), so a failure repeats.
	let state = 20261130;
	const next = (limit: number) => {
		state = (state * 1103515245 + 12345) % 2147483648;
		return state % limit;
	};

	test('2,000 mutations of ciphertexts ending in "", "=" and "==": refused exactly when not canonical', () => {
		// 32, 64 and 96 bytes of ciphertext end in one "=", two, and none.
		const texts = ['x', 'x'.repeat(30), 'x'.repeat(60)].map((message) => encryptMessage(KEY, message, ''));
		let refused = 0;
		for (let round = 0; round < 2000; round++) {
			const text = texts[round % texts.length];
			const at = next(text.length);
			const character = noise[next(noise.length)];
			const kind = next(3);
			const changed =
				kind === 0
					? `${text.slice(0, at)}${character}${text.slice(at + 1)}`
					: kind === 1
						? `${text.slice(0, at)}${character}${text.slice(at)}`
						: `${text.slice(0, at)}${text.slice(at + 1)}`;
			const bytes = Buffer.from(changed, 'base64');
			const expectRefused = !canonical(changed) || bytes.length === 0 || bytes.length % 16 !== 0;
			const code = callbackErrorCodeOf(() => decryptMessage(KEY, changed));
			expect({ changed, refused: code === 'base64' }).toEqual({ changed, refused: expectRefused });
			if (expectRefused) refused++;
		}
		// Both kinds occur: most changes are refused, a letter swapped for another is not.
		expect(refused).toBeGreaterThan(500);
		expect(refused).toBeLessThan(2000);
	});
});
