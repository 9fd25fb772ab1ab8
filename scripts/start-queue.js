// @ts-check
/**
 * `npm run start:queue` (after `npm run build`): the demo in n8n's queue mode, for a user who wants
 * to see the package there before running it in production. Starts Redis and PostgreSQL (Debian's
 * packages, on loopback, data in a temporary folder), the WeCom sandbox, and n8n 2.41.1 as a main
 * process, 2 workers and 2 webhook processes (scripts/queue-stack.js), with the example workflows
 * published. Prints the URLs and serves until Ctrl-C, then stops everything and removes the
 * temporary folder.
 *
 * Every n8n process runs with the settings this project recommends (scripts/n8n-settings.js).
 *
 * The editor is on the main process (5678 or N8N_PORT); production webhooks, the WeCom Trigger's
 * callback URL included, are served by the webhook processes, which is where a load balancer
 * would send WeCom. The sandbox page's callback form posts to webhook process 1.
 */
const { startQueueStack } = require('./queue-stack');
const { connectSandboxToN8n } = require('./n8n-triggers');
const { recommendedN8nEnv } = require('./n8n-settings');
const { DEMO_OWNER, choosePort, loadableExamples, readExamples, say } = require('./start');

/** @type {(() => Promise<void>) | undefined} */
let closeStack;
let stopping = false;

/** @param {number} code */
async function stop(code) {
	if (stopping) return;
	stopping = true;
	say('\n[queue demo] stopping…');
	await closeStack?.().catch(() => undefined);
	process.exit(code);
}

async function main() {
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	const sandboxPort = await choosePort(process.env.WECOM_SANDBOX_PORT, 3700, 'the WeCom sandbox');
	const mainPort = await choosePort(process.env.N8N_PORT, 5678, 'n8n');
	const examples = loadableExamples(readExamples());
	say(`[queue demo] starting Redis, PostgreSQL, the sandbox and n8n (main, 2 workers, 2 webhook processes) with ${examples.length} example workflows…`);
	const stack = await startQueueStack({
		workflows: examples.map(({ file }) => file),
		owner: DEMO_OWNER,
		mainPort,
		sandbox: { port: sandboxPort },
		env: recommendedN8nEnv(),
		log: (line) => say(`[queue demo] ${line.replace(/^\[queue\] /, '')}`),
	});
	closeStack = stack.close;
	const [webhook] = stack.webhooks;
	// The page finds the triggers through the main process's REST API and calls them on a webhook
	// process, as WeCom would reach a queue-mode n8n.
	const main = stack.main;
	connectSandboxToN8n(
		stack.sandbox,
		{ url: webhook.url, rest: async (method, urlPath, body) => await main.rest(method, urlPath, body), signIn: async (owner) => await main.signIn(owner) },
		DEMO_OWNER,
	);
	for (const instance of [stack.main, ...stack.workers, ...stack.webhooks]) {
		instance.server?.once('exit', (code) => {
			if (stopping) return;
			say(`[queue demo] n8n ${instance.command} exited unexpectedly (${code}); its log: ${instance.logFile}`);
			void stop(1);
		});
	}
	say('');
	say('  WeCom suite demo in n8n queue mode is running (loopback only):');
	say(`    n8n editor          ${stack.main.url}/   sign in as ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
	say(`    webhook processes   ${stack.webhooks.map((instance) => instance.url).join('  ')}   (production webhooks: /webhook/…)`);
	say(`    public address      ${stack.publicUrl}/   (N8N_WEBHOOK_URL of every process: the links in Send and Wait cards)`);
	say(`    workers             ${stack.workers.length} (health: ${stack.workers.map((instance) => `${instance.url}/healthz`).join('  ')})`);
	say(`    Redis, PostgreSQL   127.0.0.1:${stack.services.redis.port}, 127.0.0.1:${stack.services.postgres.port} (database n8n, user postgres)`);
	say(`    WeCom sandbox       ${stack.sandbox.url}/   its callback form posts to webhook process 1`);
	say('');
	say(`  Everything lives in ${stack.folder} until Ctrl-C, which stops all of it and removes the folder.`);
}

main().catch((error) => {
	process.stderr.write(`[queue demo] ${error instanceof Error ? error.message : String(error)}\n`);
	void stop(1);
});
