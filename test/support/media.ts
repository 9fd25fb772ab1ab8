/** Files and items for the message, chat and media tests: real magic numbers, any size. */
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { parseMultipart } from '../../sandbox/multipart';
import type { MultipartPart } from '../../sandbox/multipart';
import type { LoggedRequest, WeComSandbox } from '../../sandbox/server';

const MAGIC: Record<string, Buffer> = {
	jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]),
	png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
	amr: Buffer.from('#!AMR\n', 'latin1'),
	mp4: Buffer.from([0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32]),
	pdf: Buffer.from('%PDF-1.7\n', 'latin1'),
};

/** A file of `size` bytes that starts like a real file of that kind; the rest is a known pattern. */
export function fakeFile(kind: keyof typeof MAGIC, size: number): Buffer {
	const file = Buffer.alloc(size);
	for (let index = 0; index < size; index++) file[index] = (index * 31 + 7) & 0xff;
	MAGIC[kind].copy(file, 0, 0, Math.min(size, MAGIC[kind].length));
	return file;
}

/** An input item with files in binary fields (inline; the engine may move them to disk). */
export function itemWithFiles(
	files: Record<string, { content: Buffer; fileName: string; mimeType: string }>,
	json: INodeExecutionData['json'] = {},
): INodeExecutionData {
	const binary: Record<string, IBinaryData> = {};
	for (const [name, file] of Object.entries(files)) {
		binary[name] = { data: file.content.toString('base64'), fileName: file.fileName, mimeType: file.mimeType };
	}
	return { json, binary };
}

/** The file part of a logged upload request. */
export function uploadedPart(request: LoggedRequest): MultipartPart {
	const parts = parseMultipart(request.rawBody, String(request.headers['content-type'] ?? ''));
	if (!parts || parts.length !== 1) throw new Error('the upload is not a one-part multipart body');
	return parts[0];
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON body of the only request to `path`. */
export function onlyBodyTo(sandbox: WeComSandbox, path: string): Record<string, unknown> {
	const requests = sandbox.requestsTo(path);
	if (requests.length !== 1) throw new Error(`expected one request to ${path}, got ${requests.length}`);
	const body = requests[0].body;
	if (!isRecord(body)) throw new Error(`${path} had no JSON body`);
	return body;
}

/** The value at a path of keys and indexes inside parsed JSON (undefined when absent). */
export function dig(value: unknown, ...path: Array<string | number>): unknown {
	let current = value;
	for (const key of path) {
		if (typeof key === 'number' && Array.isArray(current)) current = current[key];
		else if (typeof key === 'string' && isRecord(current)) current = current[key];
		else return undefined;
	}
	return current;
}
