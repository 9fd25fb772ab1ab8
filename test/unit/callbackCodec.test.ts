import { decrypt as officialDecrypt, getSignature } from '@wecom/crypto';

import {
	CallbackError,
	MAX_CALLBACK_BYTES,
	buildCallbackXml,
	buildPassiveReply,
	computeSignature,
	decryptMessage,
	encryptMessage,
	openEncrypted,
	parseCallbackMessage,
	parseCallbackXml,
	parseEnvelope,
	verifySignature,
} from '../../nodes/shared/callbackCodec';
import type { CallbackErrorCode } from '../../nodes/shared/callbackCodec';
import { layout, padTo32, randomApp, rawEncrypt } from '../support/callbackCrypto';
// WeCom's official WXBizMsgCrypt sample vectors, sets A and B (wecom-api.md §9): set A from
// sbzhu/weworkapi_python callback/Sample.py and callback_json_python3/Sample.py at 16e0b05, set B
// from sbzhu/weworkapi_php callback/Sample.php at 7ae14f2. The fixture's "source" field says the same.
import vectors from '../fixtures/wecom-official-vectors.json';

function codeOf(run: () => unknown): CallbackErrorCode | 'none' | 'other' {
	try {
		run();
		return 'none';
	} catch (error) {
		return error instanceof CallbackError ? error.code : 'other';
	}
}

describe.each([
	['set A', vectors.setA],
	['set B', vectors.setB],
])('official WeCom sample vectors, %s', (_name, set) => {
	const secrets = { token: set.token, encodingAesKey: set.encodingAesKey, receiveId: set.corpId };

	test('URL check: the signature over echostr matches and echostr decrypts to the sample plaintext', () => {
		const { msgSignature, timestamp, nonce, echostr, plaintext } = set.verifyUrl;
		expect(computeSignature(set.token, timestamp, nonce, echostr)).toBe(msgSignature);
		expect(verifySignature(set.token, timestamp, nonce, echostr, msgSignature)).toBe(true);
		const decrypted = decryptMessage(set.encodingAesKey, echostr);
		expect(decrypted.message).toBe(plaintext);
		expect(decrypted.receiveId).toBe(set.corpId);
		expect(openEncrypted(secrets, { signature: msgSignature, timestamp, nonce }, echostr)).toBe(plaintext);
	});

	test('POST: Encrypt comes out of the raw XML body, verifies, decrypts and parses', () => {
		const { msgSignature, timestamp, nonce, body, plaintext } = set.decryptXml;
		const envelope = parseEnvelope(Buffer.from(body, 'utf8'));
		expect(envelope.format).toBe('xml');
		expect(envelope.toUserName).toBe(set.corpId);
		const message = openEncrypted(secrets, { signature: msgSignature, timestamp, nonce }, envelope.encrypted);
		expect(message).toBe(plaintext);
		const parsed = parseCallbackMessage(message);
		expect(parsed.format).toBe('xml');
		expect(parsed.message).toMatchObject({ ToUserName: set.corpId, MsgType: 'text', CreateTime: timestamp });
	});

	test('JSON variant: signature and decryption (the sample plaintext itself is not valid JSON)', () => {
		const { msgSignature, timestamp, nonce, encrypt, plaintext } = set.decryptJson;
		const envelope = parseEnvelope(JSON.stringify({ encrypt, tousername: set.corpId, agentid: 218 }));
		expect(envelope).toMatchObject({ format: 'json', encrypted: encrypt, agentId: '218' });
		expect(openEncrypted(secrets, { signature: msgSignature, timestamp, nonce }, encrypt)).toBe(plaintext);
		expect(codeOf(() => parseCallbackMessage(plaintext))).toBe('json');
	});

	test('a wrong token, nonce or receive ID is refused', () => {
		const { msgSignature, timestamp, nonce, echostr } = set.verifyUrl;
		expect(codeOf(() => openEncrypted({ ...secrets, token: 'other' }, { signature: msgSignature, timestamp, nonce }, echostr))).toBe('signature');
		expect(codeOf(() => openEncrypted(secrets, { signature: msgSignature, timestamp, nonce: `${nonce}1` }, echostr))).toBe('signature');
		expect(codeOf(() => openEncrypted({ ...secrets, receiveId: 'wwother' }, { signature: msgSignature, timestamp, nonce }, echostr))).toBe('receiveId');
	});
});

test('set B keeps a 19-digit MsgId exactly, as a string', () => {
	const parsed = parseCallbackXml(vectors.setB.decryptXml.plaintext);
	expect(parsed.MsgId).toBe('4561255354251345929');
	expect(parsed).toEqual({
		ToUserName: 'wx5823bf96d3bd56c7',
		FromUserName: 'mycreate',
		CreateTime: '1409659813',
		MsgType: 'text',
		Content: 'hello',
		MsgId: '4561255354251345929',
		AgentID: '218',
	});
});

describe('signature', () => {
	test('a signature of the wrong length or case is refused without throwing', () => {
		const signature = computeSignature('t', '1', '2', 'abc');
		expect(verifySignature('t', '1', '2', 'abc', signature)).toBe(true);
		expect(verifySignature('t', '1', '2', 'abc', signature.toUpperCase())).toBe(false);
		expect(verifySignature('t', '1', '2', 'abc', signature.slice(1))).toBe(false);
		expect(verifySignature('t', '1', '2', 'abc', '')).toBe(false);
		expect(verifySignature('t', '1', '2', 'abc', `${signature}00`)).toBe(false);
	});

	test('is sha1 of the four sorted values, as @wecom/crypto computes it', () => {
		expect(computeSignature('b', 'a', 'd', 'c')).toBe(getSignature('b', 'a', 'd', 'c'));
	});
});

describe('decryption failures are typed', () => {
	const app = randomApp();

	test('a malformed EncodingAESKey', () => {
		const good = encryptMessage(app.encodingAesKey, 'x', app.receiveId);
		expect(codeOf(() => decryptMessage(app.encodingAesKey.slice(1), good))).toBe('key');
		expect(codeOf(() => decryptMessage(`${app.encodingAesKey.slice(1)}+`, good))).toBe('key');
		expect(codeOf(() => encryptMessage('short', 'x', ''))).toBe('key');
	});

	test.each([
		['not base64 at all', '%%%%'],
		['base64 with a space', 'AAAA AAAA'],
		['base64 of a partial AES block', Buffer.alloc(20).toString('base64')],
		['an empty string', ''],
		['missing base64 padding', Buffer.alloc(32).toString('base64').replace(/=+$/, '')],
	])('broken base64: %s', (_name, encrypted) => {
		expect(codeOf(() => decryptMessage(app.encodingAesKey, encrypted))).toBe('base64');
	});

	test.each([
		['pad byte 0', 0],
		['pad byte 33', 33],
		['pad bytes that disagree', -1],
	])('a bad padding byte: %s', (_name, padByte) => {
		const plaintext = layout(Buffer.from('<xml/>'), app.receiveId);
		const padded = padTo32(plaintext, padByte === -1 ? undefined : padByte);
		if (padByte === -1) padded[padded.length - 2] ^= 0x01;
		expect(codeOf(() => decryptMessage(app.encodingAesKey, rawEncrypt(app.encodingAesKey, padded)))).toBe('padding');
	});

	test('a length field pointing past the end of the buffer', () => {
		const message = Buffer.from('<xml><A>1</A></xml>');
		const plaintext = padTo32(layout(message, app.receiveId, message.length + app.receiveId.length + 1));
		expect(codeOf(() => decryptMessage(app.encodingAesKey, rawEncrypt(app.encodingAesKey, plaintext)))).toBe('length');
		const huge = padTo32(layout(message, app.receiveId, 0xffffffff));
		expect(codeOf(() => decryptMessage(app.encodingAesKey, rawEncrypt(app.encodingAesKey, huge)))).toBe('length');
	});

	test('a plaintext shorter than its 20-byte header', () => {
		const short = padTo32(Buffer.alloc(10, 7));
		expect(codeOf(() => decryptMessage(app.encodingAesKey, rawEncrypt(app.encodingAesKey, short)))).toBe('length');
	});

	test('a message that is not UTF-8', () => {
		const plaintext = padTo32(layout(Buffer.from([0x3c, 0xff, 0xfe, 0x3e]), app.receiveId));
		expect(codeOf(() => decryptMessage(app.encodingAesKey, rawEncrypt(app.encodingAesKey, plaintext)))).toBe('utf8');
	});

	test.each([
		['an overlong form', [0xc0, 0xaf]],
		['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
		['a cut sequence', [0xe4, 0xb8]],
		['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
		['a lone continuation byte', [0x80]],
	])('%s in the message is refused, as a fatal UTF-8 decoder refuses it', (_name, bytes) => {
		const message = Buffer.concat([Buffer.from('<xml>', 'utf8'), Buffer.from(bytes), Buffer.from('</xml>', 'utf8')]);
		expect(() => new TextDecoder('utf-8', { fatal: true }).decode(message)).toThrow();
		const plaintext = padTo32(layout(message, app.receiveId));
		expect(codeOf(() => decryptMessage(app.encodingAesKey, rawEncrypt(app.encodingAesKey, plaintext)))).toBe('utf8');
	});

	test('a real U+FFFD in the message is kept, and a leading byte order mark is dropped', () => {
		const plaintext = padTo32(layout(Buffer.from('\ufeff<xml><A>\ufffd 季度</A></xml>', 'utf8'), app.receiveId));
		expect(decryptMessage(app.encodingAesKey, rawEncrypt(app.encodingAesKey, plaintext)).message).toBe('<xml><A>\ufffd 季度</A></xml>');
	});

	test('a ciphertext made with another key', () => {
		const other = randomApp();
		const encrypted = encryptMessage(other.encodingAesKey, '<xml><A>1</A></xml>', app.receiveId);
		const code = codeOf(() => openEncrypted(app, { signature: computeSignature(app.token, '1', '2', encrypted), timestamp: '1', nonce: '2' }, encrypted));
		expect(['padding', 'length', 'utf8', 'receiveId']).toContain(code);
	});
});

describe('envelope', () => {
	const encrypted = encryptMessage(randomApp().encodingAesKey, '<xml/>', 'ww1');

	test.each([
		['CDATA', `<xml><ToUserName><![CDATA[ww1]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`],
		['no CDATA', `<xml><Encrypt>${encrypted}</Encrypt></xml>`],
		['whitespace and newlines', `\n  <xml>\n\t<Encrypt>\n  <![CDATA[${encrypted}]]>\n </Encrypt>\n</xml>\n`],
		['an XML declaration and a comment', `<?xml version="1.0" encoding="UTF-8"?><!-- wecom --><xml><Encrypt>${encrypted}</Encrypt></xml>`],
		['a byte order mark', `\ufeff<xml><Encrypt>${encrypted}</Encrypt></xml>`],
	])('Encrypt is found with %s', (_name, body) => {
		expect(parseEnvelope(Buffer.from(body, 'utf8')).encrypted).toBe(encrypted);
	});

	test('the JSON envelope of AI bots', () => {
		expect(parseEnvelope(`{"encrypt":"${encrypted}"}`)).toEqual({ format: 'json', encrypted, toUserName: undefined, agentId: undefined });
	});

	test.each([
		['no Encrypt element', '<xml><ToUserName>a</ToUserName></xml>', 'envelope'],
		['an empty Encrypt', '<xml><Encrypt><![CDATA[]]></Encrypt></xml>', 'envelope'],
		['JSON without encrypt', '{"msg":"x"}', 'envelope'],
		['broken JSON', '{"encrypt": ', 'envelope'],
		['plain text', 'hello', 'envelope'],
		['a DOCTYPE', `<!DOCTYPE xml [<!ENTITY e "x">]><xml><Encrypt>${encrypted}</Encrypt></xml>`, 'xml'],
		['an undeclared entity', '<xml><Encrypt>&e;</Encrypt></xml>', 'xml'],
		['unclosed XML', '<xml><Encrypt>abc', 'xml'],
		['invalid UTF-8', Buffer.from([0x3c, 0x78, 0xff, 0x3e]), 'utf8'],
		['more than 1 MB', Buffer.alloc(MAX_CALLBACK_BYTES + 1, 0x20), 'tooLarge'],
	])('%s is refused', (_name, body, code) => {
		expect(codeOf(() => parseEnvelope(body))).toBe(code);
	});
});

describe('callback XML', () => {
	test('nested elements stay nested; list items are always arrays; leaves stay strings', () => {
		const xml = `<xml><ToUserName><![CDATA[ww1]]></ToUserName><MsgType><![CDATA[event]]></MsgType>
			<Event><![CDATA[pic_photo_or_album]]></Event><EventKey><![CDATA[photo]]></EventKey>
			<SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[1b5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum></item>
			<item><PicMd5Sum><![CDATA[2c5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum></item></PicList></SendPicsInfo>
			<ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[0012]]></ScanResult></ScanCodeInfo></xml>`;
		expect(parseCallbackXml(xml)).toEqual({
			ToUserName: 'ww1',
			MsgType: 'event',
			Event: 'pic_photo_or_album',
			EventKey: 'photo',
			SendPicsInfo: {
				Count: '2',
				PicList: { item: [{ PicMd5Sum: '1b5f7c23b5bf75682a53e7b6d163e185' }, { PicMd5Sum: '2c5f7c23b5bf75682a53e7b6d163e185' }] },
			},
			ScanCodeInfo: { ScanType: 'qrcode', ScanResult: '0012' },
		});
	});

	test('template_card_event: SelectedItems, with one and with several options', () => {
		const xml = `<xml><MsgType>event</MsgType><Event>template_card_event</Event><TaskId><![CDATA[task1]]></TaskId>
			<SelectedItems>
				<SelectedItem><QuestionKey><![CDATA[q1]]></QuestionKey><OptionIds><OptionId><![CDATA[a]]></OptionId></OptionIds></SelectedItem>
				<SelectedItem><QuestionKey><![CDATA[q2]]></QuestionKey><OptionIds><OptionId>b</OptionId><OptionId>c</OptionId></OptionIds></SelectedItem>
			</SelectedItems></xml>`;
		expect(parseCallbackXml(xml).SelectedItems).toEqual({
			SelectedItem: [
				{ QuestionKey: 'q1', OptionIds: { OptionId: ['a'] } },
				{ QuestionKey: 'q2', OptionIds: { OptionId: ['b', 'c'] } },
			],
		});
	});

	test('batch_job_result and change_contact update_tag', () => {
		expect(
			parseCallbackXml('<xml><Event>batch_job_result</Event><BatchJob><JobId><![CDATA[S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4]]></JobId><JobType><![CDATA[sync_user]]></JobType><ErrCode>0</ErrCode><ErrMsg><![CDATA[ok]]></ErrMsg></BatchJob></xml>').BatchJob,
		).toEqual({ JobId: 'S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4', JobType: 'sync_user', ErrCode: '0', ErrMsg: 'ok' });
		expect(
			parseCallbackXml('<xml><ChangeType>update_tag</ChangeType><TagId>390000</TagId><AddUserItems><![CDATA[zhangsan,lisi]]></AddUserItems><DelUserItems><![CDATA[]]></DelUserItems><AddPartyItems><![CDATA[1,2]]></AddPartyItems></xml>'),
		).toEqual({ ChangeType: 'update_tag', TagId: '390000', AddUserItems: 'zhangsan,lisi', DelUserItems: '', AddPartyItems: '1,2' });
	});

	test('text: entities, character references, CDATA with markup, comments, empty elements', () => {
		expect(
			parseCallbackXml('<xml><A>&lt;b&gt; &amp; &quot;&apos; &#x4F60;&#22909;</A><B><![CDATA[<not>a tag]]]></B><!-- x --><C/><D></D><E a="1" b=\'>\'>e</E></xml>'),
		).toEqual({ A: '<b> & "\' 你好', B: '<not>a tag]', C: '', D: '', E: 'e' });
	});

	test('element names such as __proto__ become plain fields', () => {
		const parsed = parseCallbackXml('<xml><__proto__><polluted>yes</polluted></__proto__><constructor>c</constructor></xml>');
		expect(Object.keys(parsed)).toEqual(['__proto__', 'constructor']);
		expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
		expect('polluted' in {}).toBe(false);
	});

	test.each([
		['a DOCTYPE', '<!DOCTYPE xml><xml/>', 'xml'],
		['an internal entity declaration', '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">]><xml>&a;</xml>', 'xml'],
		['a billion-laughs payload', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><xml>&lol9;</xml>`, 'xml'],
		['an external entity', '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml>&xxe;</xml>', 'xml'],
		['an undeclared entity', '<xml><A>&nbsp;</A></xml>', 'xml'],
		['a bare ampersand', '<xml><A>a & b</A></xml>', 'xml'],
		['an invalid character reference', '<xml><A>&#0;</A></xml>', 'xml'],
		['a surrogate character reference', '<xml><A>&#xD800;</A></xml>', 'xml'],
		['mismatched tags', '<xml><A>1</B></xml>', 'xml'],
		['an unclosed element', '<xml><A>1</A>', 'xml'],
		['two root elements', '<xml/><xml/>', 'xml'],
		['text outside the root', '<xml/>tail', 'xml'],
		['text at the root', '<xml>just text</xml>', 'xml'],
		['a malformed tag', '<xml><1A>1</1A></xml>', 'xml'],
		['an unterminated tag', '<xml><A', 'xml'],
		['an unterminated CDATA', '<xml><A><![CDATA[x</A></xml>', 'xml'],
		['an empty document', '   ', 'xml'],
		['33 levels of nesting', `${'<a>'.repeat(33)}${'</a>'.repeat(33)}`, 'xml'],
		['10,001 elements', `<xml>${'<a/>'.repeat(10_001)}</xml>`, 'xml'],
		['more than 1 MB', `<xml><A>${'x'.repeat(MAX_CALLBACK_BYTES)}</A></xml>`, 'tooLarge'],
	])('%s is refused, never expanded', (_name, xml, code) => {
		expect(codeOf(() => parseCallbackXml(xml))).toBe(code);
	});

	test('32 levels of nesting are accepted', () => {
		const xml = `${'<a>'.repeat(32)}x${'</a>'.repeat(32)}`;
		expect(codeOf(() => parseCallbackXml(xml))).toBe('none');
	});

	test('buildCallbackXml writes what parseCallbackXml reads back', () => {
		const fields = {
			ToUserName: 'zhangsan',
			CreateTime: 1700000000,
			MsgType: 'news',
			Content: 'a ]]> b <c> & 你好',
			Articles: { item: [{ Title: 'one' }, { Title: 'two' }] },
		};
		const xml = buildCallbackXml(fields);
		expect(xml).toContain('<CreateTime>1700000000</CreateTime>');
		expect(parseCallbackXml(xml)).toEqual({ ...fields, CreateTime: '1700000000' });
	});
});

describe('passive reply', () => {
	const app = randomApp('ww1436e0e65a779aee');

	test('XML: signed over its own timestamp and nonce, decrypts with @wecom/crypto', () => {
		const message = buildCallbackXml({ ToUserName: 'u', FromUserName: app.receiveId, CreateTime: 1, MsgType: 'text', Content: '回复' });
		const body = buildPassiveReply({ ...app, message, timestamp: '1700000000', nonce: '42' });
		const reply = parseCallbackXml(body);
		expect(reply).toMatchObject({ TimeStamp: '1700000000', Nonce: '42' });
		expect(typeof reply.Encrypt).toBe('string');
		expect(reply.MsgSignature).toBe(getSignature(app.token, '1700000000', '42', String(reply.Encrypt)));
		expect(officialDecrypt(app.encodingAesKey, String(reply.Encrypt))).toMatchObject({ message, id: app.receiveId });
	});

	test('JSON (AI bot form)', () => {
		const body = JSON.parse(buildPassiveReply({ ...app, receiveId: '', message: '{"msgtype":"text"}', format: 'json' }));
		expect(Object.keys(body).sort()).toEqual(['encrypt', 'msgsignature', 'nonce', 'timestamp']);
		expect(body.msgsignature).toBe(getSignature(app.token, body.timestamp, body.nonce, body.encrypt));
		expect(officialDecrypt(app.encodingAesKey, body.encrypt)).toMatchObject({ message: '{"msgtype":"text"}', id: '' });
	});
});
