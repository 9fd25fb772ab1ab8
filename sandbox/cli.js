// @ts-check
/**
 * Runs the WeCom sandbox on its own, e.g. next to an n8n you started yourself:
 *
 *   node sandbox/cli.js [--port 3700] [--host 127.0.0.1]
 *
 * Prints the base URL for the WeCom API credential and the address of the sandbox page, then
 * serves until Ctrl-C. Loopback only unless --host says otherwise.
 */
const { startSandbox, SANDBOX_CORP } = require('./server');

/**
 * @param {string[]} argv
 * @returns {{ port: number, host: string }}
 */
function parseArgs(argv) {
	const options = { port: 3700, host: '127.0.0.1' };
	for (let index = 0; index < argv.length; index++) {
		const [flag, inline] = argv[index].split('=', 2);
		const value = inline ?? argv[index + 1];
		if (flag === '--port' || flag === '--host') {
			if (value === undefined) throw new Error(`${flag} needs a value`);
			if (inline === undefined) index++;
			if (flag === '--port') {
				const port = Number(value);
				if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${value}`);
				options.port = port;
			} else {
				options.host = value;
			}
		} else if (flag === '--help' || flag === '-h') {
			process.stdout.write('usage: node sandbox/cli.js [--port 3700] [--host 127.0.0.1]\n');
			process.exit(0);
		} else {
			throw new Error(`unknown option ${argv[index]} (try --help)`);
		}
	}
	return options;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const sandbox = await startSandbox(options);
	process.stdout.write(
		[
			`WeCom sandbox: ${sandbox.url}/  (page with inbox and callback form)`,
			`  credential: Corp ID ${SANDBOX_CORP.corpId}, Agent ID ${SANDBOX_CORP.agentId}, API Base URL ${sandbox.url}`,
			'  (the app secret is SANDBOX_CORP.appSecret in sandbox/server.js)',
			'Ctrl-C stops it.',
			'',
		].join('\n'),
	);
	const stop = () => {
		sandbox.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
