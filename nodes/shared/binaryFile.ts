import type { BinaryHelperFunctions, IBinaryData, IExecuteFunctions, IExecuteSingleFunctions } from 'n8n-workflow';

import { allocateMultipart } from './multipart';
import type { FilePart, MultipartBody } from './multipart';

/*
 * Input binary data → an upload body, with as few copies of the file in memory as n8n's storage
 * allows. In n8n 2.x binary data lives in the filesystem (or S3 / the database) and the item only
 * carries an ID: the file is then streamed straight into the pre-sized multipart body, so the
 * upload holds the file once. Data kept inline as base64 (older modes, pinned data) is decoded
 * through n8n's getBinaryDataBuffer and copied into the body once.
 */

/** Every WeCom upload (media/upload, media/uploadimg, webhook/upload_media) must be larger than 5 bytes. */
export const MIN_UPLOAD_BYTES = 6;

/** What the caller's context offers: n8n's binary helpers plus its own getBinaryDataBuffer. */
export interface BinaryAccess {
	helpers: Pick<BinaryHelperFunctions, 'getBinaryStream' | 'getBinaryMetadata'>;
	/** Reads the whole file (this.helpers.getBinaryDataBuffer bound to the item and property). */
	readBuffer: () => Promise<Buffer>;
}

/** Decoded byte length of base64 text, without decoding it. */
function base64ByteLength(base64: string): number {
	const clean = base64.replace(/[^A-Za-z0-9+/=_-]/g, '');
	const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
	return Math.floor((clean.length * 3) / 4) - padding;
}

/** The file's size in bytes, found without reading the file. */
export async function binarySize(access: BinaryAccess, binary: IBinaryData): Promise<number> {
	if (typeof binary.bytes === 'number' && Number.isInteger(binary.bytes)) return binary.bytes;
	if (binary.id) return (await access.helpers.getBinaryMetadata(binary.id)).fileSize;
	return base64ByteLength(binary.data);
}

export interface BinaryInput {
	binary: IBinaryData;
	access: BinaryAccess;
	/** Exact byte length, known before the file is read. */
	size: number;
}

/** The item's binary property and its size; the file itself is not read yet (n8n's error when absent). */
export async function binaryInputOf(context: IExecuteSingleFunctions, propertyName: string): Promise<BinaryInput> {
	const binary = context.helpers.assertBinaryData(propertyName);
	const access: BinaryAccess = {
		helpers: context.helpers,
		readBuffer: async () => await context.helpers.getBinaryDataBuffer(propertyName),
	};
	return { binary, access, size: await binarySize(access, binary) };
}

/**
 * Builds the multipart body for `binary`, writing the file straight into it. `size` must be the
 * file's exact length (from binarySize); a file that turns out longer or shorter is an error, so
 * no stale memory is ever sent.
 */
export async function multipartFromBinary(
	access: BinaryAccess,
	binary: IBinaryData,
	size: number,
	part: Omit<FilePart, 'length'>,
): Promise<MultipartBody> {
	const multipart = allocateMultipart({ ...part, length: size });
	let written = 0;
	if (binary.id) {
		const stream = await access.helpers.getBinaryStream(binary.id);
		for await (const chunk of stream) {
			const bytes: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
			if (written + bytes.length > size) {
				stream.destroy();
				throw new Error(`the stored file is longer than its recorded size of ${size} bytes`);
			}
			bytes.copy(multipart.body, multipart.fileOffset + written);
			written += bytes.length;
		}
	} else {
		const content = await access.readBuffer();
		if (content.length > size) {
			throw new Error(`the stored file is longer than its recorded size of ${size} bytes`);
		}
		content.copy(multipart.body, multipart.fileOffset);
		written = content.length;
	}
	if (written !== size) {
		throw new Error(`the stored file has ${written} bytes, not the recorded ${size}`);
	}
	return multipart;
}

export type FileKind = 'jpeg' | 'png' | 'gif' | 'amr' | 'mp4' | 'unknown';

/** What a file is, from its first bytes (its "magic number"), whatever its name or MIME type say. */
export function sniffFileKind(head: Buffer): FileKind {
	if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
	if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		return 'png';
	}
	if (head.length >= 4 && head.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif';
	if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '#!AMR') return 'amr';
	if (head.length >= 8 && head.subarray(4, 8).toString('latin1') === 'ftyp') return 'mp4';
	return 'unknown';
}

export interface WholeFile {
	buffer: Buffer;
	fileName: string;
	mimeType: string;
}

/**
 * The whole file of one item's binary property, for JSON bodies that carry files as base64 (smart
 * sheet images). n8n's own error when the item has no such property.
 */
export async function readBinaryFile(context: IExecuteFunctions, itemIndex: number, propertyName: string): Promise<WholeFile> {
	const binary = context.helpers.assertBinaryData(itemIndex, propertyName);
	const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	return { buffer, fileName: binary.fileName ?? propertyName, mimeType: binary.mimeType };
}
