// @ts-check
/** WeCom's errmsg texts for the codes the sandbox produces, in WeCom's own wording. */
const ERRMSG = {
	[-1]: 'system busy',
	40001: 'invalid credential',
	40003: 'invalid userid',
	40013: 'invalid corpid',
	40014: 'invalid access_token',
	40058: 'invalid parameter',
	40068: 'invalid tagid',
	40070: 'all list invalid',
	41001: 'access_token missing',
	41004: 'corpsecret missing',
	42001: 'access_token expired',
	45009: 'api freq out of limit',
	45033: 'api concurrent out of limit',
	48002: 'api forbidden',
	48009: 'api forbidden for contact sync secret from new ip',
	46004: 'user not exist',
	40071: 'tagname existed',
	40031: 'invalid userid list',
	60001: 'invalid mobile',
	60003: 'department not found',
	60004: 'parent department not found',
	60005: 'department contains user',
	60006: 'department contains sub-department',
	60008: 'department existed',
	60009: 'invalid department name',
	60102: 'userid existed',
	60104: 'mobile existed',
	60112: 'invalid username',
	60011: 'no privilege to access/modify contact/party/agent',
	60020: 'not allow to access from your ip',
	60111: 'userid not found',
	60123: 'invalid party id',
	93000: 'invalid webhook url',
	301025: 'invalid parameter',
	301055: 'no approval data permission',
};

let hintCounter = 0;

/**
 * A WeCom error body, with the "hint / from ip / more info" tail WeCom appends to errmsg.
 * @param {number} errcode
 * @param {string} ip
 * @param {string} [detail]
 */
function weComError(errcode, ip, detail) {
	hintCounter += 1;
	const text = detail ?? ERRMSG[/** @type {keyof typeof ERRMSG} */ (errcode)] ?? 'unknown error';
	const hint = `${Math.floor(Date.now() / 1000)}-${hintCounter.toString(16)}`;
	return {
		errcode,
		errmsg: `${text}, hint: [${hint}], from ip: ${ip}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`,
	};
}

module.exports = { weComError, ERRMSG };
