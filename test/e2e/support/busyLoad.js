// @ts-check
/**
 * CPU load for the load tests and the bench: N busy processes, each in its own session (setsid:
 * Node's `detached` spawn). Busy loops started from one shell share one scheduler group (Linux
 * autogroups are per session) and barely slow n8n down; one session each, they compete with n8n
 * like other programs on a busy host. Each loop ends by itself at its deadline, and stop() ends
 * them earlier, by PID.
 */
const { spawn } = require('node:child_process');

/** The loop: spin until the deadline (epoch ms, argv[1]), checking the clock now and then. */
const LOOP = 'const end=Number(process.argv[1]);let x=0;while(Date.now()<end){for(let i=0;i<1e6;i++)x+=i%7;}';

/**
 * @param {number} count processes
 * @param {number} maxMs each ends by itself after this long
 * @returns {{ pids: number[], stop: () => void }}
 */
function startBusyLoad(count, maxMs) {
	const deadline = Date.now() + maxMs;
	const children = Array.from({ length: count }, () =>
		spawn(process.execPath, ['-e', LOOP, String(deadline)], { detached: true, stdio: 'ignore' }),
	);
	for (const child of children) child.unref();
	const pids = children.map((child) => child.pid).filter((pid) => pid !== undefined);
	const stop = () => {
		for (const child of children) if (child.exitCode === null && child.pid !== undefined) child.kill('SIGKILL');
	};
	process.once('exit', stop);
	return { pids, stop };
}

module.exports = { startBusyLoad };
