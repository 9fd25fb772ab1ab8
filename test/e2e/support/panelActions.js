// @ts-check
/**
 * Browser checks for approvals and the trigger's panel actions, in Debian's Chromium through
 * playwright-core: n8n's node panel searched for "wecom message", the WeCom actions it offers,
 * what picking "On contact changed" sets up; and the sandbox page's Approve button.
 */
const fs = require('node:fs');
const path = require('node:path');

const { browserCheckMode, signInToEditor } = require('./editor');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const STEP_TIMEOUT_MS = 30000;

/**
 * @template T
 * @param {(page: import('playwright-core').Page, shoot: (name: string) => Promise<void>) => Promise<T>} use
 * @returns {Promise<T>}
 */
async function withPage(use) {
	const { chromium: executablePath } = browserCheckMode();
	if (!executablePath) throw new Error('no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)');
	const { chromium, selectors } = require('playwright-core');
	selectors.setTestIdAttribute('data-test-id');
	const folder = path.join(REPO_ROOT, 'test-results');
	fs.mkdirSync(folder, { recursive: true });
	const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
		page.setDefaultTimeout(STEP_TIMEOUT_MS);
		return await use(page, async (name) => {
			await page.screenshot({ path: path.join(folder, name) });
		});
	} finally {
		await browser.close();
	}
}

/**
 * Searches n8n's node panel for `search`, opens the WeCom entry, lists its trigger actions and
 * picks `action`; returns what the Events parameter then shows.
 * @param {import('./stack').Stack} stack
 * @param {{ search: string, action: string }} choice
 * @returns {Promise<{ found: string[], actions: string[], events: string }>} actions in the order shown
 */
async function pickTriggerAction(stack, choice) {
	return await withPage(async (page, shoot) => {
		await signInToEditor(page, stack);
		await page.goto(`${stack.n8n.url}/workflow/new`);
		await page.getByTestId('canvas-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill(choice.search);
		const names = page.getByTestId('node-creator-item-name');
		await names.filter({ hasText: /^WeCom$/ }).first().waitFor();
		const found = await names.allInnerTexts();
		await names.filter({ hasText: /^WeCom$/ }).first().click();
		await page.getByText('On message from a member', { exact: true }).first().waitFor();
		// The panel lists every action at once; its text is what the user reads.
		const actions = (await page.locator('body').innerText()).split('\n').filter((line) => line.startsWith('On '));
		await shoot('panel-wecom-actions.png');
		await page.getByText(choice.action, { exact: true }).first().click();
		const events = page.locator("[data-test-id^=\"parameter-input-\"][data-test-id$=\"events\"]").first();
		await events.waitFor();
		await shoot('panel-trigger-from-action.png');
		return { found, actions, events: await events.innerText() };
	});
}

/**
 * Clicks Approve on an application in the sandbox page's Approvals section.
 * @param {import('./stack').Stack} stack
 * @param {string} spNo
 * @returns {Promise<{ result: string, errors: string[] }>}
 */
async function approveOnSandboxPage(stack, spNo) {
	return await withPage(async (page, shoot) => {
		/** @type {string[]} */
		const errors = [];
		page.on('pageerror', (error) => errors.push(error.message));
		await page.goto(`${stack.sandbox.url}/`);
		const row = page.locator('#approvals tr').filter({ hasText: spNo });
		await row.getByRole('button', { name: 'Approve' }).click();
		const result = page.locator('#approval-result');
		await result.getByText('✓').first().waitFor();
		await row.getByText('approved').waitFor();
		await shoot('sandbox-approvals.png');
		return { result: await result.innerText(), errors };
	});
}

module.exports = { pickTriggerAction, approveOnSandboxPage };
