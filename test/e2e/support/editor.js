// @ts-check
/**
 * The browser check: Debian's Chromium, driven by playwright-core (no browser download), uses
 * n8n's editor like a person would: signs in, adds a Manual Trigger and the WeCom node's "Get many
 * users in a department" action, picks the sandbox credential, opens the Department list (served
 * by the node's list search through n8n and the sandbox), searches it, picks a department and runs
 * the step. Screenshots go to test-results/, or to docs/ for the README with
 * WECOM_UPDATE_SCREENSHOTS=1.
 */
const fs = require('node:fs');
const path = require('node:path');

const { E2E_OWNER, SANDBOX_CREDENTIALS } = require('./stack');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const STEP_TIMEOUT_MS = 30000;

/** @returns {string | undefined} the system Chromium, or CHROMIUM_PATH */
function findChromium() {
	const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : CHROMIUM_CANDIDATES;
	return candidates.find((candidate) => fs.existsSync(candidate));
}

/** Without a browser the check is skipped on a developer's machine, and fails in CI. */
function browserCheckMode() {
	const chromium = findChromium();
	if (chromium) return { run: true, chromium };
	return { run: false, chromium: undefined, mustRun: process.env.CI === 'true' || process.env.CI === '1' };
}

function screenshotFolder() {
	const folder = process.env.WECOM_UPDATE_SCREENSHOTS ? path.join(REPO_ROOT, 'docs') : path.join(REPO_ROOT, 'test-results');
	fs.mkdirSync(folder, { recursive: true });
	return folder;
}

/**
 * The list once the search has been applied: not empty, and every entry matches (the editor
 * asks n8n for the filtered list, so the old entries stay until the answer comes).
 * @param {import('playwright-core').Locator} items
 * @param {string} search
 */
async function settledList(items, search) {
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	while (Date.now() < deadline) {
		const shown = await items.allInnerTexts();
		if (shown.length > 0 && shown.every((text) => text.toLowerCase().includes(search.toLowerCase()))) return shown;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`the Department list did not narrow to "${search}"`);
}

/**
 * Signs the end-to-end owner in to n8n's editor.
 * @param {import('playwright-core').Page} page
 * @param {import('./stack').Stack} stack
 */
async function signInToEditor(page, stack) {
	await page.goto(`${stack.n8n.url}/signin`);
	await page.locator('input[name=emailOrLdapLoginId]').fill(E2E_OWNER.email);
	await page.locator('input[name=password]').fill(E2E_OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.includes('signin'));
}

/**
 * @typedef {object} EditorCheck
 * @property {string[]} listed the Department list as the editor showed it
 * @property {string[]} searched the list after typing a search
 * @property {string} picked what the Department field shows after picking
 * @property {string} output the text of the output panel after running the step
 * @property {Record<string, number>} screenshots file → size in bytes
 */

/**
 * @param {import('./stack').Stack} stack
 * @param {{ department: string, search: string }} choice e.g. { department: 'Engineering (2)', search: 'Sal' }
 * @returns {Promise<EditorCheck>}
 */
async function pickDepartmentInEditor(stack, choice) {
	const { chromium: executablePath } = browserCheckMode();
	if (!executablePath) throw new Error('no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)');
	const { chromium, selectors } = require('playwright-core');
	selectors.setTestIdAttribute('data-test-id');
	const folder = screenshotFolder();
	/** @type {Record<string, number>} */
	const screenshots = {};
	const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.setDefaultTimeout(STEP_TIMEOUT_MS);
		/** @param {string} name */
		const shoot = async (name) => {
			const file = path.join(folder, name);
			await page.screenshot({ path: file });
			screenshots[path.relative(REPO_ROOT, file)] = fs.statSync(file).size;
		};

		await signInToEditor(page, stack);

		await page.goto(`${stack.n8n.url}/workflow/new`);
		await page.getByTestId('canvas-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('manual');
		await page.getByTestId('node-creator-item-name').filter({ hasText: /^Trigger manually$/ }).click();
		await page.getByTestId('canvas-handle-plus').click();
		await page.getByTestId('node-creator-search-bar').fill('WeCom');
		await page.getByTestId('node-creator-item-name').filter({ hasText: /^WeCom$/ }).click();
		await page.getByText('Get many users in a department', { exact: true }).click();

		await page.getByTestId('node-credentials-select').click();
		await page.getByTestId(`node-credentials-select-item-${SANDBOX_CREDENTIALS.app.id}`).click();

		const items = page.getByTestId('rlc-item');
		await page.getByTestId('rlc-input').click();
		await items.first().waitFor();
		const listed = await items.allInnerTexts();
		await shoot('editor-department-picker.png');

		const search = page.locator('input[data-test-id=rlc-search], [data-test-id=rlc-search] input');
		await search.fill(choice.search);
		const searched = await settledList(items, choice.search);
		await search.fill('');
		await items.filter({ hasText: choice.department }).click();
		const picked = await page.locator('input[data-test-id=rlc-input], [data-test-id=rlc-input] input').first().inputValue();

		await page.getByTestId('node-execute-button').click();
		const output = page.getByTestId('output-panel').getByTestId('ndv-data-container');
		await output.getByText('Li Si').first().waitFor();
		await page.getByTestId('node-execute-button').filter({ hasText: 'Execute step' }).waitFor();
		await shoot('editor-wecom-node.png');
		return { listed, searched, picked, output: await output.innerText(), screenshots };
	} finally {
		await browser.close();
	}
}

/**
 * The sandbox page in the browser: its inbox shows the card a workflow sent, and clicking the
 * card's button there sends WeCom's template_card_event to the connected WeCom Triggers.
 * @param {import('./stack').Stack} stack
 * @param {{ button: string }} choice the button's text
 * @returns {Promise<{ result: string, inbox: string, errors: string[], screenshots: Record<string, number> }>}
 */
async function clickCardOnSandboxPage(stack, choice) {
	const { chromium: executablePath } = browserCheckMode();
	if (!executablePath) throw new Error('no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)');
	const { chromium } = require('playwright-core');
	const folder = screenshotFolder();
	const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
		page.setDefaultTimeout(STEP_TIMEOUT_MS);
		/** @type {string[]} */
		const errors = [];
		page.on('pageerror', (error) => errors.push(error.message));
		page.on('console', (message) => {
			if (message.type() === 'error') errors.push(message.text());
		});
		await page.goto(`${stack.sandbox.url}/`);
		await page.locator('#inbox').getByRole('button', { name: choice.button }).click();
		const result = page.locator('#callback-result');
		await result.getByText('✓').first().waitFor();
		await page.locator('#inbox').getByText('card update').waitFor();
		const file = path.join(folder, 'sandbox-page.png');
		await page.screenshot({ path: file });
		return {
			result: await result.innerText(),
			inbox: await page.locator('#inbox').innerText(),
			errors,
			screenshots: { [path.relative(REPO_ROOT, file)]: fs.statSync(file).size },
		};
	} finally {
		await browser.close();
	}
}

module.exports = { browserCheckMode, findChromium, pickDepartmentInEditor, clickCardOnSandboxPage, signInToEditor };
