/*
 * Which WeCom calls the transport may repeat after a failure that leaves the outcome unknown (a
 * timeout after the request was sent, HTTP 5xx, a connection reset after the body was written).
 *
 * ONE table, by endpoint path: reads, and updates that set a value (a second identical update
 * changes nothing and reports success again). Everything else is not safe to repeat: sends,
 * recalls, card updates, creates, deletes, uploads, chat changes and group-bot posts. Those are
 * retried only when WeCom proves it did not act (see transport.ts).
 *
 * Add a read endpoint here when an operation starts using it.
 */

/** Endpoint paths a repeat cannot harm, whatever the method. */
const REPEAT_SAFE_PATHS = new Set([
	// token and probes
	'/cgi-bin/gettoken',
	'/cgi-bin/get_api_domain_ip',
	'/cgi-bin/agent/get',
	// contacts: reads
	'/cgi-bin/user/get',
	'/cgi-bin/user/simplelist',
	'/cgi-bin/user/list',
	'/cgi-bin/user/list_id',
	'/cgi-bin/user/getuserid',
	'/cgi-bin/user/get_userid_by_email',
	'/cgi-bin/user/convert_to_openid',
	'/cgi-bin/department/get',
	'/cgi-bin/department/list',
	'/cgi-bin/department/simplelist',
	'/cgi-bin/tag/get',
	'/cgi-bin/tag/list',
	// contacts: updates that set values
	'/cgi-bin/user/update',
	'/cgi-bin/department/update',
	'/cgi-bin/tag/update',
	// chats and customer groups: reads
	'/cgi-bin/appchat/get',
	'/cgi-bin/externalcontact/groupchat/list',
	'/cgi-bin/externalcontact/groupchat/get',
	// media: reads
	'/cgi-bin/media/get',
	'/cgi-bin/media/get_upload_by_url_result',
	// approvals: reads (applyevent files an application: not safe)
	'/cgi-bin/oa/gettemplatedetail',
	'/cgi-bin/oa/getapprovalinfo',
	'/cgi-bin/oa/getapprovaldetail',
	// smart sheets: reads (create_doc, image_upload, add/update/delete_records and the sheet
	// webhook change the document: not safe)
	'/cgi-bin/wedoc/smartsheet/get_sheet',
	'/cgi-bin/wedoc/smartsheet/get_fields',
	'/cgi-bin/wedoc/smartsheet/get_records',
]);

/** WeCom serves these with GET although they change data. */
const GET_WITH_SIDE_EFFECTS = new Set([
	'/cgi-bin/user/delete',
	'/cgi-bin/department/delete',
	'/cgi-bin/tag/delete',
	'/cgi-bin/user/authsucc',
]);

/** The path of a URL or path, without query string, host or trailing slash. */
export function endpointPathOf(url: string | undefined): string {
	const text = (url ?? '').trim();
	const withoutHost = text.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
	const path = withoutHost.split(/[?#]/)[0];
	return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/**
 * Whether a call may be repeated when its outcome is unknown. `method` defaults to GET. A GET to a
 * path not in the table is treated as a read, except WeCom's deletes served by GET.
 */
export function isSafeToRepeat(method: string | undefined, path: string | undefined): boolean {
	const endpoint = endpointPathOf(path);
	if (REPEAT_SAFE_PATHS.has(endpoint)) return true;
	const verb = (method ?? 'GET').toUpperCase();
	return verb === 'GET' && !GET_WITH_SIDE_EFFECTS.has(endpoint);
}
