import { randomBytes } from 'node:crypto';

import { CHUNK_BYTES, mediaProblem, uploadMedia } from '../../nodes/shared/aiBot/upload';
import type { AiBotSandboxHandle } from '../support/aiBot';
import { startAiBotSandbox, testConnection } from '../support/aiBot';

let sandbox: AiBotSandboxHandle;

beforeEach(async () => {
	sandbox = await startAiBotSandbox();
});

afterEach(async () => await sandbox.close());

describe('media upload over the long connection (wecom-new-features.md §2.7)', () => {
	it('uploads in 512 KB chunks, 0-based, and the media_id sends the file to a chat', async () => {
		const connection = testConnection(sandbox, { ackTimeoutMs: 5000 });
		await connection.open();
		const file = randomBytes(CHUNK_BYTES + 1234);
		const mediaId = await uploadMedia(connection, 'file', 'report.pdf', file);
		expect(sandbox.aiBot.uploadedMedia.get(mediaId)).toEqual({ type: 'file', filename: 'report.pdf', data: file });
		expect(sandbox.aiBot.commands.map((command) => command.cmd)).toEqual([
			'aibot_upload_media_init',
			'aibot_upload_media_chunk',
			'aibot_upload_media_chunk',
			'aibot_upload_media_finish',
		]);
		await sandbox.aiBot.deliver({ text: 'send me the report', userid: 'lisi' });
		await connection.send('aibot_send_msg', { chatid: 'lisi', msgtype: 'file', file: { media_id: mediaId } });
		expect(sandbox.aiBot.proactive).toEqual([expect.objectContaining({ chatid: 'lisi', body: { chatid: 'lisi', msgtype: 'file', file: { media_id: mediaId } } })]);
		connection.stop();
	});

	it('checks WeCom’s size limits per type before anything is sent', () => {
		expect(mediaProblem('image', 5)).toMatch(/more than 5/);
		expect(mediaProblem('image', 10 * 1024 * 1024 + 1)).toMatch(/at most 10 MB as image/);
		expect(mediaProblem('voice', 2 * 1024 * 1024 + 1)).toMatch(/at most 2 MB as voice/);
		expect(mediaProblem('file', 20 * 1024 * 1024)).toBeUndefined();
	});
});
