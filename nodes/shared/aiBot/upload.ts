import { createHash } from 'node:crypto';

import type { AiBotConnection } from './connection';
import { isDataObject, ownTextField } from '../dataObject';

/*
 * Media upload over the long connection (wecom-new-features.md §2.7): init → chunks → finish,
 * which returns a media_id valid for 3 days. Chunks go one at a time (WeCom answers "system error"
 * to too many in parallel) and none is sent twice: a failed upload is an error, not a retry.
 */

export type AiBotMediaType = 'image' | 'file' | 'voice' | 'video';

/** Bytes per chunk before base64 (WeCom: at most 512 KB) and chunks per file (at most 100). */
export const CHUNK_BYTES = 512 * 1024;
export const MAX_CHUNKS = 100;

/** WeCom's limits per type (the official plug-in checks these before sending). */
export const MEDIA_LIMIT_BYTES: Record<AiBotMediaType, number> = {
	image: 10 * 1024 * 1024,
	video: 10 * 1024 * 1024,
	voice: 2 * 1024 * 1024,
	file: 20 * 1024 * 1024,
};

/** WeCom refuses files of 5 bytes or less. */
export const MIN_MEDIA_BYTES = 6;

/** What is wrong with a file for this type, in the editor's words; undefined when it fits. */
export function mediaProblem(type: AiBotMediaType, size: number): string | undefined {
	if (size < MIN_MEDIA_BYTES) return `The file has ${size} bytes; WeCom needs more than 5`;
	const limit = MEDIA_LIMIT_BYTES[type];
	if (size > limit) return `The file has ${size} bytes; WeCom takes at most ${limit / 1024 / 1024} MB as ${type}`;
	return undefined;
}

/** Uploads one file and returns its media_id. */
export async function uploadMedia(connection: AiBotConnection, type: AiBotMediaType, filename: string, data: Buffer): Promise<string> {
	const totalChunks = Math.max(1, Math.ceil(data.length / CHUNK_BYTES));
	const init = await connection.send('aibot_upload_media_init', {
		type,
		filename,
		total_size: data.length,
		total_chunks: totalChunks,
		md5: createHash('md5').update(data).digest('hex'),
	});
	const uploadId = ownTextField(isDataObject(init.body) ? init.body : {}, 'upload_id');
	if (!uploadId) throw new Error('WeCom answered the upload without an upload_id');
	for (let index = 0; index < totalChunks; index++) {
		const chunk = data.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
		await connection.send('aibot_upload_media_chunk', { upload_id: uploadId, chunk_index: index, base64_data: chunk.toString('base64') });
	}
	const finish = await connection.send('aibot_upload_media_finish', { upload_id: uploadId });
	const mediaId = ownTextField(isDataObject(finish.body) ? finish.body : {}, 'media_id');
	if (!mediaId) throw new Error('WeCom finished the upload without a media_id');
	return mediaId;
}
