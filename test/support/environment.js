// Runs in every jest worker before the tests: n8n-core writes its instance settings under
// N8N_USER_FOLDER on first use, so every run gets a throw-away folder instead of ~/.n8n.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

if (!process.env.WECOM_TEST_USER_FOLDER) {
	process.env.WECOM_TEST_USER_FOLDER = mkdtempSync(join(tmpdir(), 'wecom-n8n-'));
}
process.env.N8N_USER_FOLDER = process.env.WECOM_TEST_USER_FOLDER;
// n8n's logger would print every node error a test provokes on purpose.
process.env.N8N_LOG_LEVEL = 'silent';
process.env.N8N_ENCRYPTION_KEY = process.env.N8N_ENCRYPTION_KEY || 'wecom-suite-test-encryption-key';
// Node 22+ (and n8n's Node 24) has a global WebSocket client, the one the AI bot's long connection
// uses; Node 20 has it only behind a flag. undici's is the same implementation.
if (typeof globalThis.WebSocket === 'undefined') {
	Object.defineProperty(globalThis, 'WebSocket', { value: require('undici').WebSocket, configurable: true, writable: true });
}
