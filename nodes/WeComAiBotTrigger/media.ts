import { NodeOperationError } from 'n8n-workflow';
import type { IBinaryKeyData, ITriggerFunctions, IWebhookFunctions } from 'n8n-workflow';

import { sniffFileKind } from '../shared/binaryFile';
import { decryptFile } from '../shared/callbackCodec';
import { isDataObject } from '../shared/dataObject';
import type { MediaRef } from './items';

/*
 * AI-bot media (wecom-new-features.md §1.7, §2.6): the URL serves an AES-256-CBC encrypted file
 * for 5 minutes, without a token. The key is the item's own `aeskey` over the long connection and
 * the bot's EncodingAESKey in callback mode (tried first there; the per-item key is the fallback).
 */

/** WeCom's receive limit for files (images 10 MB); anything bigger is refused before reading. */
export const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

const EXTENSION_BY_MIME: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'video/mp4': 'mp4',
	'application/pdf': 'pdf',
};

/** What the decrypted bytes are when WeCom only says "octet-stream" (it serves the encrypted file). */
const MIME_BY_KIND: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', mp4: 'video/mp4' };

function headerText(headers: unknown, name: string): string | undefined {
	if (!isDataObject(headers)) return undefined;
	const value = headers[name];
	if (typeof value === 'string') return value;
	if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
	return undefined;
}

/** filename*=UTF-8''… first, then filename="…" (the SDK's order). */
export function fileNameOf(disposition: string | undefined): string | undefined {
	if (!disposition) return undefined;
	const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
	if (extended) {
		try {
			return decodeURIComponent(extended[1].trim());
		} catch {
			// fall through to the plain form
		}
	}
	const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
	return plain ? plain[1].trim() : undefined;
}

function keyFromBase64(aeskey: string | undefined): Buffer | undefined {
	if (!aeskey) return undefined;
	const key = Buffer.from(aeskey, 'base64');
	return key.length === 32 ? key : undefined;
}

/** Decrypts with the first key that yields valid padding. */
function decryptWithAny(keys: Buffer[], ciphertext: Buffer): Buffer | undefined {
	for (const key of keys) {
		try {
			return decryptFile(key, ciphertext);
		} catch {
			// a wrong key shows as bad padding: try the next one
		}
	}
	return undefined;
}

/**
 * Downloads and decrypts the files of one message into binary properties. `callbackKey` is the
 * EncodingAESKey's bytes in callback mode.
 */
export async function downloadAiBotMedia(
	context: ITriggerFunctions | IWebhookFunctions,
	refs: MediaRef[],
	callbackKey?: Buffer,
): Promise<IBinaryKeyData> {
	const binary: IBinaryKeyData = {};
	for (const ref of refs) {
		const response: unknown = await context.helpers.httpRequest({
			method: 'GET',
			url: ref.url,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			timeout: ref.msgtype === 'image' ? 30_000 : 60_000,
		});
		const body =
			typeof response === 'object' && response !== null && 'body' in response ? response.body : undefined;
		const headers =
			typeof response === 'object' && response !== null && 'headers' in response ? response.headers : undefined;
		const ciphertext = Buffer.isBuffer(body) ? body : body instanceof ArrayBuffer ? Buffer.from(body) : undefined;
		if (ciphertext === undefined || ciphertext.length > MAX_MEDIA_BYTES) {
			throw new NodeOperationError(context.getNode(), `The ${ref.msgtype} of this message could not be downloaded`, {
				description: 'WeCom’s media URL returned no file or a file over 100 MB. Media URLs work for 5 minutes after the message.',
			});
		}
		const keys = [callbackKey, keyFromBase64(ref.aeskey)].filter((key): key is Buffer => key !== undefined);
		const plain = decryptWithAny(keys, ciphertext);
		if (plain === undefined) {
			throw new NodeOperationError(context.getNode(), `The ${ref.msgtype} of this message could not be decrypted`, {
				description:
					'In callback mode the file is encrypted with the bot’s EncodingAESKey: check it in the WeCom Callback API credential. Over the long connection each file carries its own key.',
			});
		}
		const declared = (headerText(headers, 'content-type') ?? '').split(';')[0].trim();
		const mimeType = declared && declared !== 'application/octet-stream' ? declared : (MIME_BY_KIND[sniffFileKind(plain)] ?? 'application/octet-stream');
		const fileName =
			fileNameOf(headerText(headers, 'content-disposition')) ??
			`${ref.msgtype}.${EXTENSION_BY_MIME[mimeType] ?? (ref.msgtype === 'image' ? 'jpg' : 'bin')}`;
		binary[ref.property] = await context.helpers.prepareBinaryData(plain, fileName, mimeType);
	}
	return binary;
}
