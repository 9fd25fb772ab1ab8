/**
 * End-to-end tests: real n8n 2.41.1 (installed once into .cache/) with the built package loaded,
 * against the WeCom sandbox. One n8n per test file, files one after another (--runInBand).
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	// The load test (busy processes, WeCom's retry policy, 150 callbacks × 2 loads × 2 n8n settings)
	// takes about 8 minutes: it runs with `npm run test:load`.
	testPathIgnorePatterns: process.env.WECOM_LOAD_TESTS ? [] : ['/node_modules/', '/triggerLoad\\.test\\.ts$'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/support/globalSetup.js',
	// starting n8n takes ~15 s on a quiet machine; a CLI call ~3 s
	testTimeout: 240000,
	maxWorkers: 1,
	verbose: true,
};
