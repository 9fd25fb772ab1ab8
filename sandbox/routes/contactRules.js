// @ts-check
/**
 * WeCom's permission rules for contacts, as the sandbox enforces them:
 *  - writes to users and departments, and user/list_id, need the Contacts Sync secret (48002);
 *  - since 2022-08-15 the Contacts Sync secret called from a new IP cannot read contact details
 *    (48009); the sandbox plays that when its option contactsSyncFromNewIp is on.
 */
const { weComError } = require('../errors');

/**
 * @param {import('../server').RouteContext} context
 * @returns {Record<string, unknown> | undefined} an error body, or undefined when allowed
 */
function needsContactsSecret({ token, ip }) {
	return token?.secretKind === 'contacts' ? undefined : weComError(48002, ip);
}

/**
 * @param {import('../server').RouteContext} context
 * @returns {Record<string, unknown> | undefined}
 */
function readsContactDetails({ token, ip, sandbox }) {
	return token?.secretKind === 'contacts' && sandbox.options.contactsSyncFromNewIp ? weComError(48009, ip) : undefined;
}

module.exports = { needsContactsSecret, readsContactDetails };
