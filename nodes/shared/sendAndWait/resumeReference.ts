/*
 * How a waiting execution is addressed from WeCom.
 *
 * n8n signs a resume URL (`getSignedResumeUrl`): HMAC-SHA256 over its path and query, keyed with
 * the instance's secret, so the execution ID, the node ID and every query value (the choice) are
 * bound together and cannot be altered or moved to another execution. Link buttons carry that URL.
 * In-chat buttons carry its path and query in the button `key` (WeCom allows 1,024 bytes), behind
 * a marker; WeCom hands the key back, encrypted, in the `template_card_event` callback, and the
 * WeCom Trigger requests the same path on its own n8n. Recipients never see a key, so the values
 * the trigger adds in the request body (who clicked) come from WeCom, not from a browser.
 */

/** Marks a button key as a resume reference of this package. */
export const RESUME_KEY_PREFIX = 'n8n-resume:';

/** WeCom's limit for a button key (doc 90236). */
export const MAX_BUTTON_KEY_BYTES = 1024;

/** The query value that tells the resume webhook a click came through the WeCom Trigger. */
export const IN_CHAT_VIA = 'card';

/** The button key for a signed resume URL: the marker, then the URL's path and query. */
export function resumeKeyFor(signedResumeUrl: string): string {
	const url = new URL(signedResumeUrl);
	return `${RESUME_KEY_PREFIX}${url.pathname}${url.search}`;
}

/**
 * The path and query of a resume key, or undefined when the key is not one of ours or is not a
 * plain path (so a key can never make the trigger call another host).
 */
export function resumePathOf(key: string): string | undefined {
	if (!key.startsWith(RESUME_KEY_PREFIX)) return undefined;
	const path = key.slice(RESUME_KEY_PREFIX.length);
	if (!path.startsWith('/') || path.startsWith('//') || /[\s\\]/.test(path)) return undefined;
	return path;
}

/**
 * User agents of link previews, prefetchers and scripts: they open a link without a person
 * clicking it, so they must never count as an answer. WeCom's own in-app browser
 * ("wxwork", "MicroMessenger") and desktop browsers are people.
 */
const AUTOMATED_AGENT =
	/bot\b|bot\/|crawl|spider|slurp|preview|prefetch|facebookexternalhit|embedly|vkshare|pinterest|whatsapp|telegram|slack|discord|skype|teams|headless|curl\/|wget\/|python-|go-http-client|okhttp|java\/|axios\/|node-fetch|undici|libwww|httpclient|scrapy/i;

/** Whether a request looks like a link preview or another automated fetch (empty agent included). */
export function isAutomatedUserAgent(userAgent: string | undefined): boolean {
	if (userAgent === undefined || userAgent.trim() === '') return true;
	return AUTOMATED_AGENT.test(userAgent);
}
