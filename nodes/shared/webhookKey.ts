/**
 * The group bot credential takes either the bare webhook key or the whole webhook URL copied from
 * the group chat (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…). One pattern serves the
 * credential's `authenticate` expression and the node code, so both read the same key.
 */
const KEY_IN_URL = '[?&]key=([^&#\\s]+)';

/** The key from a key or a webhook URL, trimmed. */
export function webhookKeyOf(raw: unknown): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	const match = new RegExp(KEY_IN_URL).exec(text);
	return match ? match[1] : text;
}

const RAW_FIELD = 'String($credentials.webhookSecretKey || "").trim()';

/** The same extraction as an n8n expression, for the credential's generic `authenticate`. */
export const WEBHOOK_KEY_EXPRESSION = `={{ (${RAW_FIELD}.match(new RegExp(${JSON.stringify(KEY_IN_URL)})) || [])[1] || ${RAW_FIELD} }}`;
