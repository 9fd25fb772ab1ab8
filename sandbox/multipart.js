// @ts-check
/**
 * A multipart/form-data reader for the sandbox's upload routes (media/upload, media/uploadimg):
 * enough for WeCom's one-file uploads, strict about the framing so a malformed body is noticed.
 *
 * @typedef {object} MultipartPart
 * @property {string} name the part's form field name
 * @property {string | undefined} filename
 * @property {number | undefined} filelength WeCom's extra Content-Disposition parameter
 * @property {string | undefined} contentType
 * @property {Buffer} content
 */

/**
 * @param {string} header the value of a Content-Disposition header
 * @returns {Record<string, string>}
 */
function dispositionParameters(header) {
	/** @type {Record<string, string>} */
	const parameters = {};
	const pattern = /;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
	for (const match of header.matchAll(pattern)) {
		const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '').trim();
		parameters[match[1].toLowerCase()] = value;
	}
	return parameters;
}

/**
 * @param {Buffer} raw the request body
 * @param {string} contentType the request's Content-Type header
 * @returns {MultipartPart[] | undefined} undefined when the body is not well-formed multipart
 */
function parseMultipart(raw, contentType) {
	const match = /^multipart\/form-data\s*;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	if (!match) return undefined;
	const delimiter = Buffer.from(`--${match[1] ?? match[2]}`);
	/** @type {MultipartPart[]} */
	const parts = [];
	let position = raw.indexOf(delimiter);
	if (position === -1) return undefined;
	for (;;) {
		const afterDelimiter = position + delimiter.length;
		if (raw.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') return parts;
		if (raw.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') !== '\r\n') return undefined;
		const headerEnd = raw.indexOf('\r\n\r\n', afterDelimiter + 2);
		if (headerEnd === -1) return undefined;
		const next = raw.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
		if (next === -1) return undefined;
		/** @type {Record<string, string>} */
		const headers = {};
		for (const line of raw.subarray(afterDelimiter + 2, headerEnd).toString('utf8').split('\r\n')) {
			const colon = line.indexOf(':');
			if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
		}
		const disposition = dispositionParameters(headers['content-disposition'] ?? '');
		const filelength = disposition.filelength !== undefined ? Number(disposition.filelength) : undefined;
		parts.push({
			name: disposition.name ?? '',
			filename: disposition.filename,
			filelength: Number.isFinite(filelength) ? filelength : undefined,
			contentType: headers['content-type'],
			content: raw.subarray(headerEnd + 4, next),
		});
		position = next + 2;
	}
}

/**
 * What a file is, from its first bytes.
 * @param {Buffer} content
 * @returns {'jpeg' | 'png' | 'gif' | 'amr' | 'mp4' | 'unknown'}
 */
function sniffKind(content) {
	if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'jpeg';
	if (content.length >= 8 && content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
	if (content.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif';
	if (content.subarray(0, 5).toString('latin1') === '#!AMR') return 'amr';
	if (content.subarray(4, 8).toString('latin1') === 'ftyp') return 'mp4';
	return 'unknown';
}

module.exports = { parseMultipart, sniffKind };
