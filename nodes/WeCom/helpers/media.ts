import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { MIN_UPLOAD_BYTES, binaryInputOf, multipartFromBinary, sniffFileKind } from '../../shared/binaryFile';
import type { FileKind } from '../../shared/binaryFile';
import type { MultipartBody } from '../../shared/multipart';
import { weComApiRequest } from '../../shared/transport';
import { inputError, requestBodyOf, stringParameter } from './parameters';

/*
 * Uploads from n8n binary data: WeCom's type and size rules are checked first (size before the
 * file is read, format from the file's first bytes right after), so a file WeCom would refuse
 * never leaves n8n. Limits: doc 90253 (temporary media, 2024), doc 90256 (uploadimg).
 */

export type UploadKind = 'image' | 'voice' | 'video' | 'file' | 'articleImage';

const MB = 1024 * 1024;

interface MediaRule {
	maxBytes: number;
	/** Accepted formats by content; absent = any. */
	kinds?: FileKind[];
	format: string;
	label: string;
}

export const MEDIA_RULES: Record<UploadKind, MediaRule> = {
	image: { maxBytes: 10 * MB, kinds: ['jpeg', 'png'], format: 'JPG or PNG', label: 'image' },
	voice: { maxBytes: 2 * MB, kinds: ['amr'], format: 'AMR', label: 'voice file' },
	video: { maxBytes: 10 * MB, kinds: ['mp4'], format: 'MP4', label: 'video' },
	file: { maxBytes: 20 * MB, format: 'any format', label: 'file' },
	articleImage: { maxBytes: 2 * MB, kinds: ['jpeg', 'png'], format: 'JPG or PNG', label: 'article image' },
};

const KIND_NAMES: Record<FileKind, string> = {
	jpeg: 'a JPEG image',
	png: 'a PNG image',
	gif: 'a GIF image',
	amr: 'an AMR recording',
	mp4: 'an MP4 video',
	unknown: 'in a format that could not be recognised',
};

const DEFAULT_EXTENSION: Record<UploadKind, string> = {
	image: 'jpg',
	voice: 'amr',
	video: 'mp4',
	file: 'bin',
	articleImage: 'jpg',
};

function megabytes(bytes: number): string {
	return `${(bytes / MB).toFixed(bytes < 10 * MB ? 2 : 1)} MB`;
}

export interface PreparedUpload {
	kind: UploadKind;
	fileName: string;
	size: number;
	multipart: MultipartBody;
}

/**
 * Reads the binary property into a ready-to-send multipart body (part `media`, with filename and
 * filelength), after checking it against WeCom's rules for `kind`. Sends nothing.
 */
export async function prepareUpload(
	context: IExecuteSingleFunctions,
	propertyName: string,
	kind: UploadKind,
): Promise<PreparedUpload> {
	const rule = MEDIA_RULES[kind];
	const { binary, access, size } = await binaryInputOf(context, propertyName);
	const fileName = binary.fileName || `${kind}.${binary.fileExtension || DEFAULT_EXTENSION[kind]}`;
	if (size > rule.maxBytes) {
		throw inputError(
			context,
			`The ${rule.label} "${fileName}" is ${megabytes(size)} (${size.toLocaleString('en-US')} bytes); WeCom accepts at most ${megabytes(rule.maxBytes)} for this type`,
			kind === 'file'
				? 'Compress or split the file. Files up to 200 MB can go through Media → Upload by URL.'
				: `Compress the ${rule.label}, or send it as a file (up to 20 MB).`,
		);
	}
	if (size < MIN_UPLOAD_BYTES) {
		throw inputError(
			context,
			`The ${rule.label} "${fileName}" is ${size} bytes; WeCom needs more than 5 bytes`,
			'Check that the binary property holds the file and not an empty or placeholder value.',
		);
	}
	let multipart: MultipartBody;
	try {
		multipart = await multipartFromBinary(access, binary, size, {
			fieldName: 'media',
			fileName,
			contentType: binary.mimeType,
		});
	} catch (error) {
		throw inputError(
			context,
			`Could not read the binary property "${propertyName}": ${error instanceof Error ? error.message : String(error)}`,
		);
	}
	if (rule.kinds) {
		const head = multipart.body.subarray(multipart.fileOffset, multipart.fileOffset + 16);
		const found = sniffFileKind(head);
		if (!rule.kinds.includes(found)) {
			throw inputError(
				context,
				`The ${rule.label} "${fileName}" must be ${rule.format}, but it is ${KIND_NAMES[found]} (MIME type ${binary.mimeType || 'unknown'})`,
				kind === 'voice'
					? 'WeCom plays only AMR voice messages (up to 2 MB, 60 seconds). Convert the recording to AMR, or send it as a file.'
					: `Convert it to ${rule.format}, or send it as a file.`,
			);
		}
	}
	return { kind, fileName, size, multipart };
}

/**
 * The request options of an upload, for media/upload (temporary) or media/uploadimg. The
 * transport gives uploads a longer timeout than JSON calls (TRANSFER_TIMEOUT_MS).
 */
export function uploadRequest(prepared: PreparedUpload): IHttpRequestOptions {
	const isArticleImage = prepared.kind === 'articleImage';
	return {
		method: 'POST',
		url: isArticleImage ? '/cgi-bin/media/uploadimg' : '/cgi-bin/media/upload',
		qs: isArticleImage ? {} : { type: prepared.kind },
		headers: { 'Content-Type': prepared.multipart.contentType },
		body: prepared.multipart.body,
	};
}

/** Uploads a prepared file as temporary media through the transport and returns its media_id. */
export async function uploadTemporaryMedia(context: IExecuteSingleFunctions, prepared: PreparedUpload): Promise<string> {
	const answer = await weComApiRequest.call(context, uploadRequest(prepared), { itemIndex: context.getItemIndex() });
	const mediaId = answer.media_id;
	if (typeof mediaId !== 'string' || mediaId === '') {
		throw inputError(context, 'WeCom accepted the upload but sent no media_id back');
	}
	return mediaId;
}

/**
 * preSend of Media → Upload and Upload Image: the binary property becomes the multipart body of
 * the operation's own request (which then goes through the transport like every request).
 */
export function attachUpload(kindFrom: 'mediaType' | 'articleImage') {
	return async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const kind = kindFrom === 'articleImage' ? 'articleImage' : mediaTypeOf(stringParameter(this, 'mediaType'));
		const prepared = await prepareUpload(this, stringParameter(this, 'binaryPropertyName', 'data'), kind);
		const request = uploadRequest(prepared);
		return {
			...options,
			body: request.body,
			headers: { ...options.headers, ...request.headers },
		};
	};
}

function mediaTypeOf(value: string): UploadKind {
	return value === 'image' || value === 'voice' || value === 'video' ? value : 'file';
}

/** How long WeCom keeps temporary media. */
export const TEMPORARY_MEDIA_SECONDS = 3 * 24 * 60 * 60;

/** postReceive of Media → Upload: adds when the media_id stops working. */
export async function addMediaExpiry(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.map((item) => {
		const json = requestBodyOf(item.json);
		const createdAt = Number(json.created_at);
		if (!Number.isFinite(createdAt) || createdAt <= 0) return item;
		const expiresAt = createdAt + TEMPORARY_MEDIA_SECONDS;
		return {
			...item,
			json: { ...json, expires_at: expiresAt, expires_at_iso: new Date(expiresAt * 1000).toISOString() },
		};
	});
}
