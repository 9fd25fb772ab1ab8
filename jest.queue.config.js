/**
 * The queue-mode suite (npm run test:queue): real n8n 2.41.1 in queue mode (main, workers and
 * webhook processes on Redis and PostgreSQL) with the built package, against the WeCom sandbox.
 * One stack for the whole suite; its tests run in order and build on each other.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/support/globalSetup.js',
	// the stack starts in 1-3 minutes on a shared 2-core machine; a burst takes about as long
	testTimeout: 420000,
	maxWorkers: 1,
	verbose: true,
};
