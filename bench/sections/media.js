// @ts-check
/**
 * Figure 5: memory of Message → Send with a 20 MB file from binary data. Each measurement is a
 * fresh child process (this file as main) that runs the BUILT weCom node in-process through
 * n8n-core's engine, with binary data in n8n 2.x's default filesystem mode (the file is streamed
 * into the store first, as n8n's Read File node does). Right before the WeCom node starts, the
 * child collects garbage, resets the kernel's peak-RSS mark (/proc/self/clear_refs) and reads its
 * RSS; when the node ends it reads the peak (VmHWM). The same is done with a 1 KB file, and the
 * difference is divided by the file size.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startSandbox, SANDBOX_CORP } = require('../../sandbox/server');
const { fixed, median, megabytes } = require('../lib/stats');
const { verdict } = require('../lib/report');

const MB = 1024 * 1024;
const FILE_BYTES = 20 * MB;
const TINY_BYTES = 1024;

/**
 * @typedef {import('../lib/report').Section} Section
 * @typedef {{ base: number, peak: number, growth: number }} Sample bytes
 * @typedef {{ tiny: Sample, big: Sample }} ChildResult
 */

/** @param {string} field "VmHWM" or "VmRSS" */
function statusBytes(field) {
	const line = fs
		.readFileSync('/proc/self/status', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith(`${field}:`));
	const kilobytes = line ? Number.parseInt(line.slice(field.length + 1), 10) : Number.NaN;
	return kilobytes * 1024;
}

/**
 * A file of `size` bytes that does not compress or repeat, with a PDF header.
 * @param {string} file
 * @param {number} size
 */
function writeFile(file, size) {
	const content = Buffer.alloc(size);
	let state = 0x9e3779b9;
	for (let index = 0; index < size; index++) {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		content[index] = state >>> 24;
	}
	Buffer.from('%PDF-1.7\n').copy(content, 0);
	fs.writeFileSync(file, content);
}

/**
 * Runs in the child: one warm-up send, then the measured tiny and big sends.
 * @param {{ sandboxUrl: string, tinyFile: string, bigFile: string }} options
 * @returns {Promise<ChildResult>}
 */
async function measureInChild(options) {
	const { BenchCredentialsHelper, enableFilesystemBinaryData, runWeComNode } = require('../lib/inprocess');
	await enableFilesystemBinaryData();
	const credentialsHelper = new BenchCredentialsHelper();
	const reference = credentialsHelper.add({
		id: 'bench-media',
		name: 'WeCom sandbox',
		type: 'weComApi',
		data: { corpId: SANDBOX_CORP.corpId, corpSecret: SANDBOX_CORP.appSecret, agentId: String(SANDBOX_CORP.agentId), baseUrl: options.sandboxUrl, accessToken: '' },
	});
	const collect = () => {
		if (typeof global.gc !== 'function') throw new Error('run the child with --expose-gc');
		global.gc();
	};
	/**
	 * @param {string} file
	 * @returns {Promise<Sample>}
	 */
	const send = async (file) => {
		let base = Number.NaN;
		let peak = Number.NaN;
		const result = await runWeComNode({
			parameters: {
				resource: 'message',
				operation: 'send',
				recipients: { users: [{ user: { __rl: true, mode: 'id', value: 'lisi' } }] },
				msgtype: 'file',
				mediaSource: 'binary',
				binaryPropertyName: 'data',
				options: {},
			},
			items: [{ json: { filePath: file, fileName: path.basename(file) } }],
			credentialsHelper,
			credentials: { weComApi: reference },
			onNodeStart: (nodeName) => {
				if (nodeName !== 'WeCom') return;
				collect();
				// "5" resets the peak-RSS mark to the current RSS (and brings the counters up to date).
				fs.writeFileSync('/proc/self/clear_refs', '5');
				base = statusBytes('VmRSS');
			},
			onNodeEnd: (nodeName) => {
				if (nodeName === 'WeCom') peak = statusBytes('VmHWM');
			},
		});
		const first = result.items[0]?.json;
		if (result.error || !first || typeof first.msgid !== 'string') {
			throw new Error(`the send failed: ${JSON.stringify(result.error ?? first).slice(0, 500)}`);
		}
		return { base, peak, growth: peak - base };
	};
	await send(options.tinyFile);
	const tiny = await send(options.tinyFile);
	const big = await send(options.bigFile);
	return { tiny, big };
}

/**
 * @param {string} sandboxUrl
 * @param {string} folder
 * @param {{ tinyFile: string, bigFile: string }} files
 * @returns {Promise<ChildResult>}
 */
function runChild(sandboxUrl, folder, files) {
	const userFolder = fs.mkdtempSync(path.join(folder, 'n8n-'));
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--expose-gc', __filename, JSON.stringify({ sandboxUrl, ...files })], {
			stdio: ['ignore', 'pipe', 'inherit'],
			env: { ...process.env, N8N_USER_FOLDER: userFolder, N8N_LOG_LEVEL: 'silent', N8N_ENCRYPTION_KEY: 'wecom-suite-bench-key' },
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code !== 0) reject(new Error(`the media measurement exited with ${code}`));
			else resolve(/** @type {ChildResult} */ (JSON.parse(output)));
		});
	});
}

/**
 * @param {{ runs: number, latencyMs: number, log: (line: string) => void }} settings
 * @returns {Promise<Section>}
 */
async function mediaMemory(settings) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-bench-media-'));
	const sandbox = await startSandbox({ latencyMs: settings.latencyMs });
	/** @type {ChildResult[]} */
	const results = [];
	try {
		const files = { tinyFile: path.join(folder, 'tiny.pdf'), bigFile: path.join(folder, 'report-20MB.pdf') };
		writeFile(files.tinyFile, TINY_BYTES);
		writeFile(files.bigFile, FILE_BYTES);
		for (let run = 0; run < settings.runs; run++) {
			const result = await runChild(sandbox.url, folder, files);
			results.push(result);
			settings.log(`  media run ${run + 1}/${settings.runs}: growth ${megabytes(result.big.growth)} with 20 MB, ${megabytes(result.tiny.growth)} with 1 KB`);
		}
		const uploads = sandbox.requestsTo('/cgi-bin/media/upload').filter((request) => request.rawBody.length > FILE_BYTES);
		if (uploads.length !== settings.runs) throw new Error(`expected ${settings.runs} uploads of the 20 MB file, the sandbox got ${uploads.length}`);
	} finally {
		await sandbox.close();
		fs.rmSync(folder, { recursive: true, force: true });
	}
	const net = results.map((result) => (result.big.growth - result.tiny.growth) / FILE_BYTES);
	const gross = results.map((result) => result.big.growth / FILE_BYTES);
	const ratio = median(net);
	return {
		title: '5. Media memory',
		figures: [
			{
				id: '5a',
				name: 'peak RSS growth / file size',
				workload: 'Message → Send, msgtype file, a 20 MB file from binary data (filesystem mode): media/upload, then message/send',
				ours: `${fixed(ratio)} (${megabytes(median(results.map((result) => result.big.growth - result.tiny.growth)))} over a 1 KB send)`,
				alternative: '',
				ratio: '',
				runs: `median of ${results.length} processes`,
				goal: '< 3',
				verdict: verdict(ratio < 3),
			},
		],
		notes: [
			`Each run is a fresh Node process running the weCom node in-process (n8n-core ${require('n8n-core/package.json').version}); the peak is the kernel's VmHWM, reset right before the node starts. Growth with 20 MB: ${results.map((result) => megabytes(result.big.growth)).join(', ')}; with 1 KB: ${results.map((result) => megabytes(result.tiny.growth)).join(', ')}. Gross growth / file size (without subtracting the 1 KB send): ${fixed(median(gross))}.`,
		],
	};
}

module.exports = { mediaMemory };

if (require.main === module) {
	const options = JSON.parse(process.argv[2] ?? '{}');
	measureInChild(options).then(
		(result) => process.stdout.write(JSON.stringify(result)),
		(error) => {
			process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}
