// @ts-check
/**
 * n8n 2.x keeps binary data out of the items: in the filesystem (or S3 / the database), with only
 * an ID on the item. In-process runs have no such store until n8n-core's BinaryDataService is
 * initialised; without it, binary data stays inline as base64 (the removed "default" mode).
 * Tests that want n8n's real behaviour call enableFilesystemBinaryData(): the service then stores
 * under N8N_USER_FOLDER (a temporary folder, see environment.js), and the engine's Start node
 * moves inline test files into it (test/support/engine.ts).
 */
const { createRequire } = require('node:module');
const { BinaryDataService } = require('n8n-core');

// n8n-core resolves its own copy of @n8n/di: its Container holds the service instance.
const { Container } = createRequire(require.resolve('n8n-core'))('@n8n/di');

let enabled = false;

/** Switches binary data to n8n's filesystem mode for the rest of this test file. */
async function enableFilesystemBinaryData() {
	if (enabled) return;
	/** @type {import('n8n-core').BinaryDataService} */
	const service = Container.get(BinaryDataService);
	await service.init();
	enabled = true;
}

function filesystemBinaryDataEnabled() {
	return enabled;
}

module.exports = { enableFilesystemBinaryData, filesystemBinaryDataEnabled };
