// @ts-check
/**
 * The credentials that point n8n at a WeCom sandbox, in `n8n import:credentials` form. Their IDs
 * are fixed: the example workflows (examples/*.json) and the end-to-end workflows
 * (test/e2e/workflows/*.json) refer to them. Only credential types the package ships (package.json
 * n8n.credentials) are returned.
 */
const fs = require('node:fs');
const path = require('node:path');

const { SANDBOX_CORP } = require('../sandbox/server');
const { SANDBOX_BOT_KEY } = require('../sandbox/routes/webhookBot');
const { SANDBOX_AI_BOT } = require('../sandbox/aiBot');
const { TICKETS_WEBHOOK_KEY } = require('../sandbox/routes/smartSheets');
const { LLM_API_KEY } = require('../sandbox/routes/llm');
const { packageRootFolder } = require('./n8n-runtime');

/** IDs and names the workflow JSON files use in their "credentials" blocks. */
const SANDBOX_CREDENTIALS = {
	/** weComApi with the Contacts Sync secret (no Agent ID): contact writes and user/list_id */
	contacts: { id: 'weComSandboxCtc1', name: 'WeCom sandbox Contacts Sync: edit contacts (cannot send)', type: 'weComApi' },
	/**
	 * weComApi with the app secret and Agent ID: sends messages, reads contacts, app group chats.
	 * Imported after the Contacts Sync one: n8n gives a new WeCom node the newest credential.
	 */
	app: { id: 'weComSandboxApi1', name: 'WeCom sandbox app: send messages, read contacts', type: 'weComApi' },
	/**
	 * weComCallbackApi of the sandbox AI bot's callback mode (empty receive ID). Imported before the
	 * app's: n8n gives a new WeCom Trigger the newest credential of its type.
	 */
	aiBotCallback: { id: 'weComSandboxAibC', name: 'WeCom sandbox AI bot callbacks', type: 'weComCallbackApi' },
	callback: { id: 'weComSandboxCb01', name: 'WeCom sandbox callbacks: for the WeCom Trigger', type: 'weComCallbackApi' },
	groupBot: { id: 'weComSandboxBot1', name: 'WeCom sandbox group bot', type: 'weComWebhookApi' },
	/** weComAiBotApi: the sandbox AI bot over its loopback long connection */
	aiBot: { id: 'weComSandboxAib1', name: 'WeCom sandbox AI bot', type: 'weComAiBotApi' },
	/** the sheet webhook of the seeded Support Desk → Tickets sheet */
	ticketsSheet: { id: 'weComSandboxSht1', name: 'WeCom sandbox tickets sheet webhook', type: 'weComSmartSheetWebhookApi' },
};

/**
 * What the sandbox (playing WeCom) and the trigger's credential share. Sandbox values only: WeCom
 * generates real ones. The EncodingAESKey is 43 letters and digits, as in WeCom's console.
 */
const SANDBOX_CALLBACK = {
	token: 'sandboxCallbackToken',
	encodingAesKey: 'V2VDb21TYW5kYm94RGVtb0NhbGxiYWNrQWVzS2V5MzI',
	receiveId: SANDBOX_CORP.corpId,
};

/**
 * n8n's own OpenAI credential (openAiApi, from n8n-nodes-base) pointed at the sandbox's scripted
 * chat model (sandbox/routes/llm.js), for workflows with an AI Agent. Not among the package's
 * credentials, so sandboxCredentials() leaves it out; stacks that need it import it too.
 * @param {string} sandboxUrl
 */
function sandboxModelCredential(sandboxUrl) {
	return {
		id: 'sandboxOpenAi001',
		name: 'Sandbox scripted chat model (OpenAI API)',
		type: 'openAiApi',
		data: { apiKey: LLM_API_KEY, organizationId: '', url: `${sandboxUrl}/v1`, header: false },
	};
}

/** @returns {Set<string>} credential type names the built package declares */
function shippedCredentialTypes() {
	const manifest = JSON.parse(fs.readFileSync(path.join(packageRootFolder(), 'package.json'), 'utf8'));
	const files = Array.isArray(manifest?.n8n?.credentials) ? manifest.n8n.credentials : [];
	// dist/credentials/WeComApi.credentials.js → weComApi
	return new Set(
		files.map((/** @type {string} */ file) => {
			const base = path.basename(file).replace(/\.credentials\.js$/, '');
			return base.charAt(0).toLowerCase() + base.slice(1);
		}),
	);
}

/**
 * @param {string} sandboxUrl the sandbox's base URL, e.g. http://127.0.0.1:3700
 * @returns {Array<{ id: string, name: string, type: string, data: Record<string, unknown> }>}
 */
function sandboxCredentials(sandboxUrl) {
	/** @type {Record<keyof typeof SANDBOX_CREDENTIALS, Record<string, unknown>>} */
	const data = {
		app: {
			corpId: SANDBOX_CORP.corpId,
			corpSecret: SANDBOX_CORP.appSecret,
			agentId: String(SANDBOX_CORP.agentId),
			baseUrl: sandboxUrl,
			accessToken: '',
		},
		contacts: {
			corpId: SANDBOX_CORP.corpId,
			corpSecret: SANDBOX_CORP.contactsSecret,
			agentId: '',
			baseUrl: sandboxUrl,
			accessToken: '',
		},
		callback: {
			token: SANDBOX_CALLBACK.token,
			encodingAesSecretKey: SANDBOX_CALLBACK.encodingAesKey,
			receiveId: SANDBOX_CALLBACK.receiveId,
		},
		groupBot: { webhookSecretKey: SANDBOX_BOT_KEY, baseUrl: sandboxUrl },
		aiBot: { botId: SANDBOX_AI_BOT.botId, secret: SANDBOX_AI_BOT.secret, url: `${sandboxUrl.replace(/^http/, 'ws')}/aibot/ws` },
		aiBotCallback: { token: SANDBOX_AI_BOT.token, encodingAesSecretKey: SANDBOX_AI_BOT.encodingAesKey, receiveId: '' },
		ticketsSheet: { webhookSecretKey: TICKETS_WEBHOOK_KEY, baseUrl: sandboxUrl },
	};
	const shipped = shippedCredentialTypes();
	return Object.entries(SANDBOX_CREDENTIALS)
		.filter(([, credential]) => shipped.has(credential.type))
		.map(([role, credential]) => ({ ...credential, data: data[/** @type {keyof typeof SANDBOX_CREDENTIALS} */ (role)] }));
}

module.exports = {
	SANDBOX_CREDENTIALS,
	SANDBOX_CALLBACK,
	SANDBOX_BOT_KEY,
	sandboxCredentials,
	sandboxModelCredential,
	shippedCredentialTypes,
};
