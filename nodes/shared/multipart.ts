import { randomBytes } from 'node:crypto';

/*
 * multipart/form-data with one file part, as WeCom's upload endpoints take it (media/upload,
 * media/uploadimg, webhook/upload_media): part name `media`, and `filename` plus `filelength` in
 * the part's Content-Disposition. Built by hand because form-data is not allowed in community
 * nodes, and as ONE Buffer so a token refresh or a retry can send the same bytes again.
 *
 * The body is allocated once at its final size and the file is written straight into it, so a
 * file costs its own size in memory once, not once per copy.
 */

export interface FilePart {
	/** The form field name; WeCom reads the file from `media`. */
	fieldName: string;
	/** Shown to recipients as the file's name. */
	fileName: string;
	/** Exact byte length of the file. */
	length: number;
	contentType?: string;
}

export interface MultipartBody {
	/** Head, file and tail in one buffer; the file bytes sit at `fileOffset`. */
	body: Buffer;
	fileOffset: number;
	/** The value of the request's Content-Type header, boundary included. */
	contentType: string;
}

/** Quotes a header parameter: no line breaks (they would end the header) and escaped quotes. */
function quoteParameter(value: string): string {
	return value.replace(/[\r\n]+/g, ' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * Allocates the whole multipart body with head and tail written and room for the file in between.
 * The caller fills `body[fileOffset .. fileOffset + part.length)`.
 */
export function allocateMultipart(part: FilePart, boundary = randomBytes(16).toString('hex')): MultipartBody {
	const delimiter = `----WeComN8n${boundary}`;
	const head = Buffer.from(
		`--${delimiter}\r\n` +
			`Content-Disposition: form-data; name="${quoteParameter(part.fieldName)}"; ` +
			`filename="${quoteParameter(part.fileName)}"; filelength=${part.length}\r\n` +
			`Content-Type: ${part.contentType || 'application/octet-stream'}\r\n\r\n`,
		'utf8',
	);
	const tail = Buffer.from(`\r\n--${delimiter}--\r\n`, 'utf8');
	const body = Buffer.allocUnsafe(head.length + part.length + tail.length);
	head.copy(body, 0);
	tail.copy(body, head.length + part.length);
	return { body, fileOffset: head.length, contentType: `multipart/form-data; boundary=${delimiter}` };
}
