// @ts-check
const { weComError } = require('../errors');
const { parseMultipart, sniffKind } = require('../multipart');

/**
 * Temporary media (素材), kept in the sandbox's extension state. Uploads add to this store;
 * GET /cgi-bin/media/get serves from it the way WeCom does: the file itself with its type and
 * file name, or HTTP 200 with a JSON errcode when the media_id is unknown or expired.
 *
 * @typedef {object} StoredMedia
 * @property {string} mediaId
 * @property {string} type image | voice | video | file
 * @property {string} fileName
 * @property {string} contentType
 * @property {Buffer} content
 * @property {number} createdAt sandbox clock, ms
 */

const STORE = 'media';

/** WeCom keeps temporary media for 3 days. */
const MEDIA_TTL_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * @param {import('../server').WeComSandbox} sandbox
 * @returns {Map<string, StoredMedia>}
 */
function mediaStore(sandbox) {
	const existing = sandbox.extensions.get(STORE);
	if (existing instanceof Map) return existing;
	/** @type {Map<string, StoredMedia>} */
	const store = new Map();
	sandbox.extensions.set(STORE, store);
	return store;
}

let mediaCounter = 0;

/**
 * Adds a file to the store, as an upload would, and returns its media_id.
 * @param {import('../server').WeComSandbox} sandbox
 * @param {{ type: string, fileName: string, contentType: string, content: Buffer }} file
 */
function storeMedia(sandbox, file) {
	mediaCounter += 1;
	const mediaId = `3sbx${mediaCounter.toString(36)}${Math.random().toString(36).slice(2, 12)}`;
	mediaStore(sandbox).set(mediaId, { mediaId, ...file, createdAt: sandbox.now() });
	return mediaId;
}

/**
 * The stored media for a media_id, unless unknown or past its 3 days (what message/send checks).
 * @param {import('../server').WeComSandbox} sandbox
 * @param {unknown} mediaId
 */
function findMedia(sandbox, mediaId) {
	const media = typeof mediaId === 'string' ? mediaStore(sandbox).get(mediaId) : undefined;
	return media && media.createdAt + MEDIA_TTL_MS > sandbox.now() ? media : undefined;
}

/**
 * Content-Disposition with the file name; names beyond ASCII go in RFC 5987 form, which Node
 * can put in a header.
 * @param {string} fileName
 */
function contentDisposition(fileName) {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	if (ascii === fileName) return `attachment; filename="${fileName}"`;
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const MB = 1024 * 1024;

/**
 * WeCom's temporary-media rules (doc 90253): the size limit, the errcode for a file over it, and
 * the accepted formats with the errcode for another format.
 * @type {Record<string, { maxBytes: number, tooBig: number, kinds?: string[], badKind?: number }>}
 */
const UPLOAD_RULES = {
	image: { maxBytes: 10 * MB, tooBig: 40009, kinds: ['jpeg', 'png'], badKind: 40005 },
	voice: { maxBytes: 2 * MB, tooBig: 40006, kinds: ['amr'], badKind: 301017 },
	video: { maxBytes: 10 * MB, tooBig: 40011, kinds: ['mp4'], badKind: 40005 },
	file: { maxBytes: 20 * MB, tooBig: 40006 },
	uploadimg: { maxBytes: 2 * MB, tooBig: 40009, kinds: ['jpeg', 'png'], badKind: 40005 },
};

/**
 * The `media` part of an upload, checked like WeCom: part name, filename, filelength, size, format.
 * @param {import('../server').RouteContext} context
 * @param {string} rulesFor
 * @returns {{ part: import('../multipart').MultipartPart } | { refusal: Record<string, unknown> }}
 */
function uploadedPart({ req, rawBody, ip }, rulesFor) {
	const parts = parseMultipart(rawBody, String(req.headers['content-type'] ?? ''));
	if (!parts) return { refusal: weComError(44001, ip, 'empty media data, the body is not multipart/form-data') };
	const part = parts.find((candidate) => candidate.name === 'media' && candidate.filename !== undefined);
	if (!part) return { refusal: weComError(44001, ip, 'empty media data, no file part named media') };
	if (part.filelength !== undefined && part.filelength !== part.content.length) {
		return { refusal: weComError(40006, ip, `invalid file size, filelength ${part.filelength} but ${part.content.length} bytes sent`) };
	}
	const rule = UPLOAD_RULES[rulesFor];
	if (part.content.length <= 5) return { refusal: weComError(40006, ip, 'invalid file size, media must be larger than 5 bytes') };
	if (part.content.length > rule.maxBytes) return { refusal: weComError(rule.tooBig, ip, 'invalid media size') };
	if (rule.kinds && !rule.kinds.includes(sniffKind(part.content))) {
		return { refusal: weComError(rule.badKind ?? 40005, ip, 'invalid file type') };
	}
	return { part };
}

/**
 * @typedef {object} UploadJob
 * @property {string} jobid
 * @property {string} type
 * @property {string} filename
 * @property {string} url
 * @property {number} createdAt sandbox clock, ms
 * @property {string} [mediaId] once finished
 */

/** How long an upload_by_url job takes on the sandbox clock. */
const UPLOAD_JOB_MS = 2000;

/**
 * @param {import('../server').WeComSandbox} sandbox
 * @returns {Map<string, UploadJob>}
 */
function uploadJobs(sandbox) {
	const existing = sandbox.extensions.get('mediaUploadJobs');
	if (existing instanceof Map) return existing;
	/** @type {Map<string, UploadJob>} */
	const jobs = new Map();
	sandbox.extensions.set('mediaUploadJobs', jobs);
	return jobs;
}

/** @param {import('../server').WeComSandbox} sandbox */
function registerMediaRoutes(sandbox) {
	// POST /cgi-bin/media/upload?type= — multipart part "media" with filename and filelength.
	sandbox.route('POST', '/cgi-bin/media/upload', (context) => {
		const type = context.query.get('type') ?? '';
		if (!['image', 'voice', 'video', 'file'].includes(type)) return weComError(40004, context.ip, 'invalid media type');
		const upload = uploadedPart(context, type);
		if ('refusal' in upload) return upload.refusal;
		const { part } = upload;
		const mediaId = storeMedia(sandbox, {
			type,
			fileName: part.filename ?? 'media',
			contentType: part.contentType ?? 'application/octet-stream',
			content: part.content,
		});
		return { type, media_id: mediaId, created_at: String(Math.floor(sandbox.now() / 1000)) };
	});

	// POST /cgi-bin/media/uploadimg — a JPG/PNG for article bodies; answers a permanent URL.
	sandbox.route('POST', '/cgi-bin/media/uploadimg', (context) => {
		const upload = uploadedPart(context, 'uploadimg');
		if ('refusal' in upload) return upload.refusal;
		const mediaId = storeMedia(sandbox, {
			type: 'image',
			fileName: upload.part.filename ?? 'image',
			contentType: upload.part.contentType ?? 'image/png',
			content: upload.part.content,
		});
		return { url: `https://wework.qpic.cn/wwpic/sandbox/${mediaId}/0` };
	});

	// POST /cgi-bin/media/upload_by_url — starts a job that finishes after UPLOAD_JOB_MS.
	sandbox.route('POST', '/cgi-bin/media/upload_by_url', ({ body, ip }) => {
		if (body.scene !== 1) return weComError(40058, ip, 'invalid Request Parameter, scene must be 1');
		if (body.type !== 'video' && body.type !== 'file') return weComError(40004, ip, 'invalid media type');
		if (typeof body.filename !== 'string' || body.filename === '' || Buffer.byteLength(body.filename) > 128) {
			return weComError(40058, ip, 'invalid Request Parameter, filename');
		}
		if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url) || Buffer.byteLength(body.url) > 1024) {
			return weComError(40058, ip, 'invalid Request Parameter, url');
		}
		if (typeof body.md5 !== 'string' || !/^[0-9a-fA-F]{32}$/.test(body.md5)) return weComError(40058, ip, 'invalid Request Parameter, md5');
		const jobid = `sbxjob${(uploadJobs(sandbox).size + 1).toString(36)}${Math.random().toString(36).slice(2, 10)}`;
		uploadJobs(sandbox).set(jobid, { jobid, type: body.type, filename: body.filename, url: body.url, createdAt: sandbox.now() });
		return { jobid };
	});

	// POST /cgi-bin/media/get_upload_by_url_result — status 1 processing, 2 done.
	sandbox.route('POST', '/cgi-bin/media/get_upload_by_url_result', ({ body, ip }) => {
		const job = uploadJobs(sandbox).get(String(body.jobid ?? ''));
		if (!job) return weComError(40088, ip, 'invalid jobid');
		if (sandbox.now() < job.createdAt + UPLOAD_JOB_MS) return { status: 1, detail: {} };
		if (!job.mediaId) {
			job.mediaId = storeMedia(sandbox, {
				type: job.type,
				fileName: job.filename,
				contentType: 'application/octet-stream',
				content: Buffer.from(`sandbox copy of ${job.url}`),
			});
		}
		return {
			status: 2,
			detail: { errcode: 0, errmsg: 'ok', media_id: job.mediaId, created_at: String(Math.floor((job.createdAt + UPLOAD_JOB_MS) / 1000)) },
		};
	});

	// GET /cgi-bin/media/get?media_id= — the file, or errcode 40007 as HTTP 200 JSON.
	sandbox.route('GET', '/cgi-bin/media/get', ({ query, ip }) => {
		const mediaId = query.get('media_id');
		if (!mediaId) return weComError(40058, ip, 'invalid Request Parameter, media_id missing');
		const media = mediaStore(sandbox).get(mediaId);
		if (!media || media.createdAt + MEDIA_TTL_MS <= sandbox.now()) return weComError(40007, ip, 'invalid media_id');
		return {
			status: 200,
			headers: {
				'content-type': media.contentType,
				'content-disposition': contentDisposition(media.fileName),
				'content-length': String(media.content.length),
			},
			body: media.content,
		};
	});
}

module.exports = registerMediaRoutes;
module.exports.mediaStore = mediaStore;
module.exports.storeMedia = storeMedia;
module.exports.findMedia = findMedia;
module.exports.MEDIA_TTL_MS = MEDIA_TTL_MS;
