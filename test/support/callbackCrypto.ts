/**
 * Test-side helpers for callback crypto: random app settings (so no secret-looking literal sits
 * in a test), and raw AES over hand-made plaintexts, to build ciphertexts that are broken on
 * purpose in one specific way (padding byte, length field, UTF-8, receive ID).
 */
import { createCipheriv, randomBytes } from 'node:crypto';

import { CallbackError } from '../../nodes/shared/callbackCodec';

export interface TestApp {
	token: string;
	encodingAesKey: string;
	receiveId: string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlphanumeric(length: number): string {
	const bytes = randomBytes(length);
	let text = '';
	for (const byte of bytes) text += ALPHANUMERIC[byte % ALPHANUMERIC.length];
	return text;
}

export function randomApp(receiveId = 'wwsandbox0000000001'): TestApp {
	return { token: randomAlphanumeric(32), encodingAesKey: randomAlphanumeric(43), receiveId };
}

/** The weComCallbackApi credential's data for an app's settings. */
export function callbackCredentialData(app: TestApp): { token: string; encodingAesSecretKey: string; receiveId: string } {
	return { token: app.token, encodingAesSecretKey: app.encodingAesKey, receiveId: app.receiveId };
}

/** AES-256-CBC with WeCom's key and IV over an exact plaintext: no padding added. */
export function rawEncrypt(encodingAesKey: string, plaintext: Buffer): string {
	const key = Buffer.from(`${encodingAesKey}=`, 'base64');
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64');
}

/** random(16) ‖ length ‖ message ‖ receiveId, with the length field and padding given by the caller. */
export function layout(message: Buffer, receiveId: string, lengthField = message.length): Buffer {
	const header = Buffer.alloc(20);
	randomBytes(16).copy(header);
	header.writeUInt32BE(lengthField, 16);
	return Buffer.concat([header, message, Buffer.from(receiveId, 'utf8')]);
}

export function padTo32(data: Buffer, padByte?: number): Buffer {
	const amount = 32 - (data.length % 32);
	return Buffer.concat([data, Buffer.alloc(amount, padByte ?? amount)]);
}

/** The CallbackError code `run` throws, undefined when it throws nothing. */
export function callbackErrorCodeOf(run: () => unknown): string | undefined {
	try {
		run();
	} catch (error) {
		return error instanceof CallbackError ? error.code : `not a CallbackError: ${String(error)}`;
	}
	return undefined;
}
