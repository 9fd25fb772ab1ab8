// @ts-check
/**
 * The browser check: Debian's Chromium, driven by playwright-core (no browser download), uses
 * n8n's editor and the sandbox page like a person would: builds a workflow with a WeCom Trigger
 * from the nodes panel and reaches it from the sandbox page on its test URL and, published, on
 * its production URL; adds the WeCom node's "Get many users in a department" action and picks a
 * department from the list n8n fetches from the sandbox; runs the examples as their notes say.
 * Screenshots go to test-results/, or to docs/ for the README with WECOM_UPDATE_SCREENSHOTS=1.
 */
const fs = require('node:fs');
const path = require('node:path');

const { E2E_OWNER, SANDBOX_CREDENTIALS } = require('./stack');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const STEP_TIMEOUT_MS = 60000;
const FIRST_LOAD_TIMEOUT_MS = 180000;

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
 * @typedef {object} EditorCheck
 * @property {string[]} listed the Department list as the editor showed it
 * @property {string[]} searched the list after typing a search
 * @property {string} picked what the Department field shows after picking
 * @property {string} preselected the credential n8n chose for the new node by itself
 * @property {string} output the text of the output panel after running the step
 */

/**
 * @param {Session} session
 * @param {import('./stack').Stack} stack
 * @param {{ department: string, search: string }} choice e.g. { department: 'Engineering (2)', search: 'Sal' }
 * @returns {Promise<EditorCheck>}
 */
async function pickDepartmentInEditor(session, stack, choice) {
	const page = session.editor;
	await page.bringToFront();
	await page.goto(`${stack.n8n.url}/workflow/new`);
	await page.getByTestId('canvas-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill('manual');
	await page.getByTestId('node-creator-item-name').filter({ hasText: /^Trigger manually$/ }).click();
	await page.getByTestId('canvas-handle-plus').click();
	await page.getByTestId('node-creator-search-bar').fill('WeCom');
	await page.getByTestId('node-creator-item-name').filter({ hasText: /^WeCom$/ }).click();
	await page.getByText('Get many users in a department', { exact: true }).click();

	// n8n picks a credential for a new node by itself: it must be one that can do the job
	const preselected = await page.getByTestId('node-credentials-select').locator('input').inputValue();
	await page.getByTestId('node-credentials-select').click();
	await page.getByTestId(`node-credentials-select-item-${SANDBOX_CREDENTIALS.app.id}`).click();

	const items = page.getByTestId('rlc-item');
	await page.getByTestId('rlc-input').click();
	await items.first().waitFor();
	const listed = await items.allInnerTexts();
	await session.shoot(page, 'editor-department-picker.png');

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
	await session.shoot(page, 'editor-wecom-node.png');
	return { listed, searched, picked, preselected, output: await output.innerText() };
}

/**
 * An example workflow opened in the editor: waits until its sticky note shows a sentence.
 * @param {Session} session
 * @param {import('./stack').Stack} stack
 * @param {string} workflowId
 * @param {string} noteSays a sentence of the note, without its markdown
 */
async function openWorkflow(session, stack, workflowId, noteSays) {
	const page = session.editor;
	await page.bringToFront();
	await page.goto(`${stack.n8n.url}/workflow/${workflowId}`);
	await page.getByTestId('canvas-node').first().waitFor();
	await page.getByText(noteSays).first().waitFor();
}

/**
 * Runs a workflow from one of its triggers with the canvas button beside it (n8n 2.x shows an
 * "Execute workflow" button next to each trigger), and waits until the run ends.
 * @param {Session} session
 * @param {string} triggerName
 */
async function executeFromTrigger(session, triggerName) {
	await startFromTrigger(session, triggerName);
	await session.editor.getByText('Workflow executed successfully').first().waitFor();
}

/**
 * Clicks a trigger's "Execute workflow" button and returns at once (for a run that waits).
 * @param {Session} session
 * @param {string} triggerName
 */
async function startFromTrigger(session, triggerName) {
	const page = session.editor;
	const node = page.getByTestId('canvas-trigger-node').filter({ hasText: triggerName });
	await node.hover();
	await page.getByTestId(`execute-workflow-button-${triggerName}`).click();
}

/**
 * The sandbox page opens a card's link button the way WeCom does: in a browser tab of its own.
 * Returns the text of the page that opened, and closes the tab.
 * @param {Session} session
 * @param {{ link: string }} choice the link's text
 * @returns {Promise<string>}
 */
async function openCardLinkOnSandboxPage(session, choice) {
	const page = session.sandboxPage;
	await page.bringToFront();
	const link = page.locator('#inbox a.link-button', { hasText: choice.link }).first();
	await link.waitFor();
	const [opened] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
	await opened.waitForLoadState();
	const text = await opened.locator('body').innerText();
	await opened.close();
	return text;
}

/**
 * The sandbox page in the browser: its inbox shows the card a workflow sent, and clicking the
 * card's button there sends WeCom's template_card_event to the WeCom Triggers.
 * @param {Session} session
 * @param {{ button: string }} choice the button's text
 * @returns {Promise<{ result: string, inbox: string }>}
 */
async function clickCardOnSandboxPage(session, choice) {
	const page = session.sandboxPage;
	await page.bringToFront();
	await page.getByRole('radio', { name: /every reachable trigger/ }).check();
	await page.locator('#inbox').getByRole('button', { name: choice.button }).first().click();
	const result = page.locator('#callback-result');
	await result.locator('.outcome').first().waitFor();
	await page.locator('#inbox').getByText('card update').first().waitFor();
	return { result: await result.innerText(), inbox: await page.locator('#inbox').innerText() };
}

/**
 * A browser session for one test: Debian's Chromium, one context (n8n's editor and the sandbox
 * page in tabs), screenshots to test-results/ or docs/.
 * @param {import('./stack').Stack} stack
 */
async function openSession(stack) {
	const { chromium: executablePath } = browserCheckMode();
	if (!executablePath) throw new Error('no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)');
	const { chromium, selectors } = require('playwright-core');
	selectors.setTestIdAttribute('data-test-id');
	const folder = screenshotFolder();
	const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
	/** @type {string[]} */
	const errors = [];
	/** @type {Record<string, number>} */
	const screenshots = {};
	/** @type {import('playwright-core').Page} */
	let editor;
	/** @type {import('playwright-core').Page} */
	let sandboxPage;
	try {
		// A person's desktop Chrome: n8n's answer pages treat a "HeadlessChrome" agent as a link preview.
		const userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, userAgent });
		editor = await context.newPage();
		editor.setDefaultTimeout(STEP_TIMEOUT_MS);
		await signInToEditor(editor, stack);
		sandboxPage = await context.newPage();
		sandboxPage.setDefaultTimeout(STEP_TIMEOUT_MS);
		sandboxPage.on('pageerror', (error) => errors.push(error.message));
		sandboxPage.on('console', (message) => {
			if (message.type() === 'error') errors.push(message.text());
		});
		await sandboxPage.goto(`${stack.sandbox.url}/`);
	} catch (error) {
		await browser.close();
		throw error;
	}
	return {
		editor,
		sandboxPage,
		errors,
		screenshots,
		/**
		 * @param {import('playwright-core').Page} page
		 * @param {string} name
		 * @param {{ fullPage?: boolean }} [options]
		 */
		async shoot(page, name, options = {}) {
			const file = path.join(folder, name);
			await page.screenshot({ path: file, fullPage: options.fullPage });
			screenshots[path.relative(REPO_ROOT, file)] = fs.statSync(file).size;
		},
		close: async () => await browser.close(),
	};
}

/** @typedef {Awaited<ReturnType<typeof openSession>>} Session */

/**
 * Builds a workflow from scratch in n8n's editor: the nodes panel's WeCom entry, then a trigger
 * action of the WeCom Trigger (one about messages when the panel offers it). Returns what the
 * editor showed on the way.
 * @param {Session} session
 * @param {import('./stack').Stack} stack
 */
async function buildTriggerWorkflow(session, stack) {
	const page = session.editor;
	// a background tab does not draw n8n's canvas
	await page.bringToFront();
	await page.goto(`${stack.n8n.url}/workflow/new`);
	await page.getByTestId('canvas-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill('WeCom');
	const entry = page.getByTestId('node-creator-item-name').filter({ hasText: /^WeCom$/ });
	await entry.waitFor();
	// the entry's text, as n8n shows it for the merged node and trigger
	const panelText = await page.getByTestId('node-creator-action-item').filter({ has: entry }).getByTestId('node-creator-item-description').innerText();
	await entry.click();
	const actions = page.getByTestId('node-creator-item-name').filter({ hasText: /^On / });
	await actions.first().waitFor();
	const names = await actions.allInnerTexts();
	const action = names.find((name) => /message/i.test(name)) ?? names[0];
	await actions.filter({ hasText: new RegExp(`^${action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).click();
	await page.getByTestId('ndv').waitFor();
	// The callback credential comes first; the optional WeCom API one (media, approval details) follows.
	const credential = await page.getByTestId('node-credentials-select').first().locator('input').inputValue();
	const docsHref = await page.getByTestId('ndv').getByRole('link', { name: 'Docs' }).getAttribute('href');
	await page.getByTestId('ndv-close-button').click();
	// n8n 2.x saves a new workflow on its own; the URL then carries its ID
	await page.waitForURL(/\/workflow\/(?!new)[\w-]+/);
	const workflowId = new URL(page.url()).pathname.split('/')[2];
	return { workflowId, panelText, action, credential, docsHref };
}

/**
 * "Execute workflow": the editor registers the trigger's test URL and waits for a callback.
 * @param {Session} session
 */
async function listenForTestEvent(session) {
	await session.editor.bringToFront();
	await session.editor.getByTestId('execute-workflow-button').click();
	await session.editor.getByText('Waiting for WeCom to call the Test URL').first().waitFor();
}

/**
 * The editor's Publish button and its dialog.
 * @param {Session} session
 */
async function publishInEditor(session) {
	await session.editor.bringToFront();
	await session.editor.getByTestId('workflow-open-publish-modal-button').click();
	await session.editor.getByTestId('workflow-publish-button').click();
	await session.editor.getByTestId('workflowPublish-modal').waitFor({ state: 'detached' });
}

/**
 * On the sandbox page: picks a trigger's Test URL or Production URL (reloading the list until it
 * is reachable), sends the form's callback and returns the target's result line.
 * @param {Session} session
 * @param {{ workflowId: string, url: 'Test URL' | 'Production URL', tab?: 'Message from a user' | 'Contact change', message?: string }} choice
 */
async function sendFromSandboxPage(session, choice) {
	const page = session.sandboxPage;
	await page.bringToFront();
	const radio = page.locator(`li[data-workflow="${choice.workflowId}"]`).getByRole('radio', { name: choice.url });
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	while (!(await radio.isEnabled().catch(() => false))) {
		if (Date.now() > deadline) throw new Error(`the sandbox page never listed ${choice.url} of workflow ${choice.workflowId} as reachable`);
		await page.getByRole('button', { name: 'Reload list' }).click();
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	await radio.check();
	await page.getByRole('button', { name: choice.tab ?? 'Message from a user' }).click();
	if (choice.message !== undefined) await page.locator('#callback-form textarea[name=content]').fill(choice.message);
	const result = page.locator('#callback-result');
	await result.evaluate((element) => element.replaceChildren());
	await page.locator('#callback-form button[type=submit]').click();
	await result.locator('.outcome').first().waitFor();
	return await result.innerText();
}

/**
 * Signs the e2e owner in to the editor in a page of its own.
 * @param {import('playwright-core').Page} page
 * @param {import('./stack').Stack} stack
 */
async function signInToEditor(page, stack) {
	// the editor's first load compiles n8n's large bundle: slow on a busy machine
	await page.goto(`${stack.n8n.url}/signin`, { timeout: FIRST_LOAD_TIMEOUT_MS });
	await page.locator('input[name=emailOrLdapLoginId]').fill(E2E_OWNER.email);
	await page.locator('input[name=password]').fill(E2E_OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.includes('signin'));
}

module.exports = {
	browserCheckMode,
	signInToEditor,
	findChromium,
	pickDepartmentInEditor,
	clickCardOnSandboxPage,
	openCardLinkOnSandboxPage,
	openWorkflow,
	executeFromTrigger,
	startFromTrigger,
	openSession,
	buildTriggerWorkflow,
	listenForTestEvent,
	publishInEditor,
	sendFromSandboxPage,
};
