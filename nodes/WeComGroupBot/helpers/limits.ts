/** WeCom's limits for group bots (docs 91770 / 99398). Byte counts are of the UTF-8 text. */
export const TEXT_MAX_BYTES = 2048;
export const MARKDOWN_MAX_BYTES = 4096;
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
export const FILE_MAX_BYTES = 20 * 1024 * 1024;
export const VOICE_MAX_BYTES = 2 * 1024 * 1024;
export const MAX_ARTICLES = 8;

/** 20 messages per bot in any 60 seconds. */
export const MESSAGES_PER_WINDOW = 20;
export const RATE_WINDOW_SECONDS = 60;
/** After a 45009 the item waits one window and tries again, at most this many times. */
export const MAX_RATE_LIMIT_WAITS = 2;

export const CREDENTIAL_TYPE = 'weComWebhookApi';
export const SEND_PATH = '/cgi-bin/webhook/send';
export const UPLOAD_PATH = '/cgi-bin/webhook/upload_media';

/** "2.00 MB (2,097,153 bytes)", "900 bytes": exact where a limit is close. */
export function formatBytes(bytes: number): string {
	const exact = `${bytes.toLocaleString('en-US')} bytes`;
	if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MB (${exact})`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB (${exact})`;
	return exact;
}
