/**
 * sandbox/callbacks.js plays WeCom in tests and the demo; it is checked here against the official
 * @wecom/crypto and against WeCom's sample vectors, independently of the package's codec.
 */
import { randomBytes } from 'node:crypto';

import { decrypt as officialDecrypt, encrypt as officialEncrypt, getSignature } from '@wecom/crypto';

import { buildCallback, buildUrlCheck, decrypt, encrypt, messageXml, openPassiveReply, sign } from '../../sandbox/callbacks';
import { randomAlphanumeric, randomApp } from '../support/callbackCrypto';
// WeCom's official WXBizMsgCrypt samples (wecom-api.md §9; source named in the fixture).
import vectors from '../fixtures/wecom-official-vectors.json';

const ROUNDS = 200;

test('signatures equal getSignature of @wecom/crypto', () => {
	for (let round = 0; round < ROUNDS; round++) {
		const values = [randomAlphanumeric(1 + (round % 32)), String(1_600_000_000 + round), String(round * 7919), randomBytes(48).toString('base64')] as const;
		expect(sign(...values)).toBe(getSignature(...values));
	}
});

test('encryption agrees with @wecom/crypto both ways, byte for byte', () => {
	for (let round = 0; round < ROUNDS; round++) {
		const app = randomApp(round % 5 === 0 ? '' : `ww${randomBytes(8).toString('hex')}`);
		const message = `<xml><Content><![CDATA[${'消息 message '.repeat(round % 50)}]]></Content></xml>`;
		const random = randomBytes(16);
		const ours = encrypt(app.encodingAesKey, message, app.receiveId, random);
		expect(ours).toBe(officialEncrypt(app.encodingAesKey, message, app.receiveId, random));
		expect(officialDecrypt(app.encodingAesKey, ours)).toMatchObject({ message, id: app.receiveId });
		expect(decrypt(app.encodingAesKey, officialEncrypt(app.encodingAesKey, message, app.receiveId))).toEqual({ message, receiveId: app.receiveId });
	}
});

test('WeCom’s sample vectors decrypt', () => {
	for (const set of [vectors.setA, vectors.setB]) {
		expect(decrypt(set.encodingAesKey, set.verifyUrl.echostr)).toEqual({ message: set.verifyUrl.plaintext, receiveId: set.corpId });
		expect(sign(set.token, set.verifyUrl.timestamp, set.verifyUrl.nonce, set.verifyUrl.echostr)).toBe(set.verifyUrl.msgSignature);
	}
});

test('a URL check and a POSTed callback are signed and encrypted as WeCom does', () => {
	const app = randomApp('ww0123456789abcdef');
	const check = buildUrlCheck(app, { timestamp: '1700000000', nonce: '5' });
	expect(check.query.msg_signature).toBe(getSignature(app.token, '1700000000', '5', check.query.echostr));
	expect(officialDecrypt(app.encodingAesKey, check.query.echostr)).toMatchObject({ message: check.expected, id: app.receiveId });

	const plaintext = messageXml({ ToUserName: app.receiveId, FromUserName: 'u', CreateTime: 1700000000, MsgType: 'text', Content: 'a ]]> b' });
	expect(plaintext).toBe('<xml><ToUserName><![CDATA[ww0123456789abcdef]]></ToUserName><FromUserName><![CDATA[u]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[a ]]]]><![CDATA[> b]]></Content></xml>');
	const callback = buildCallback(app, plaintext, { timestamp: '1700000001', nonce: '6' });
	expect(callback.body).toContain(`<Encrypt><![CDATA[${callback.encrypted}]]></Encrypt>`);
	expect(callback.query.msg_signature).toBe(getSignature(app.token, '1700000001', '6', callback.encrypted));
	expect(officialDecrypt(app.encodingAesKey, callback.encrypted).message).toBe(plaintext);
});

test('openPassiveReply checks the signature and the receive ID of a reply', () => {
	const app = randomApp('ww0123456789abcdef');
	const encrypted = officialEncrypt(app.encodingAesKey, '<xml><MsgType>text</MsgType></xml>', app.receiveId);
	const reply = (signature: string) => `<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature><TimeStamp>1</TimeStamp><Nonce><![CDATA[2]]></Nonce></xml>`;
	expect(openPassiveReply(app, reply(getSignature(app.token, '1', '2', encrypted)))).toBe('<xml><MsgType>text</MsgType></xml>');
	expect(() => openPassiveReply(app, reply('0'.repeat(40)))).toThrow('signature');
	expect(() => openPassiveReply({ ...app, receiveId: 'other' }, reply(getSignature(app.token, '1', '2', encrypted)))).toThrow('receive ID');
});
