import type { INodeProperties } from 'n8n-workflow';

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

/** The API Base URL field of the weComApi credential and of the webhook-key credentials (webhookKey.ts). */
export const baseUrlProperty: INodeProperties = {
	displayName: 'API Base URL',
	name: 'baseUrl',
	type: 'string',
	default: DEFAULT_WECOM_BASE_URL,
	description: 'Change only for a private deployment (私有化部署) or a local sandbox. HTTP is allowed.',
};
