export const DEFAULT_WECOM_BASE_URL = 'https://qyapi.weixin.qq.com';

/**
 * The API root without a trailing slash or "/cgi-bin", so that a base URL copied with or without
 * the path works the same. Every request path in this package starts with "/cgi-bin/".
 */
export function normalizeBaseUrl(raw: unknown): string {
	const text = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : DEFAULT_WECOM_BASE_URL;
	return text.replace(/\/+$/, '').replace(/\/cgi-bin$/i, '');
}

/** The same normalisation as an n8n expression, for declarative request defaults. */
export const BASE_URL_EXPRESSION =
	'={{ ($credentials.baseUrl || "https://qyapi.weixin.qq.com").trim().replace(/\\/+$/, "").replace(/\\/cgi-bin$/i, "") }}';
